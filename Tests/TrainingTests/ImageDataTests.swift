import Foundation
import Testing
@testable import Training

@Suite("Images keep their shape: loaders, per-channel normalisation, augmentation")
struct ImageDataTests {
    @Test("IDX images are rows × columns × 1, generated vectors 1 × 1 × n, patterns size × size × 1")
    func shapes() throws {
        let root = try temporaryDirectory()
        try writeIDXSet(root: root, name: "tiny", count: 12)
        let split = try DataRequest(source: .named("tiny")).load(searchPaths: [root])
        #expect(split.train.shape == TensorShape(height: 2, width: 3, channels: 1))
        #expect(split.test.shape == TensorShape(height: 2, width: 3, channels: 1))
        // Subsets and label noise keep the shape.
        let subset = try DataRequest(source: .named("tiny"), trainSize: 10, labelNoise: 0.2, seed: 3).load(searchPaths: [root])
        #expect(subset.train.shape == TensorShape(height: 2, width: 3, channels: 1))
        let blobs = try DataRequest(source: .gaussianBlobs(features: 16, classes: 4, train: 20, test: 8, spread: 1)).load()
        #expect(blobs.train.shape == .vector(16) && blobs.train.features == 16)
        let patterns = try DataRequest(source: .patterns(size: 8, train: 20, test: 8)).load()
        #expect(patterns.train.shape == TensorShape(height: 8, width: 8, channels: 1) && patterns.test.count == 8)
    }

    @Test("CIFAR-10 records become 32×32×3 images in HWC order")
    func cifarChannelsLast() throws {
        let root = try temporaryDirectory()
        let directory = "\(root)/cifar-10"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Plane c, position p holds (7c + p) mod 256.
        var record: [UInt8] = [4]
        for i in 0..<3072 { record.append(UInt8((7 * (i / 1024) + i % 1024) % 256)) }
        for b in 1...5 { try Data(record).write(to: URL(fileURLWithPath: "\(directory)/data_batch_\(b).bin")) }
        try Data(record).write(to: URL(fileURLWithPath: "\(directory)/test_batch.bin"))
        let split = try DataRequest(source: .named("cifar-10")).load(searchPaths: [root])
        #expect(split.train.shape == TensorShape(height: 32, width: 32, channels: 3))
        for (y, x, c) in [(0, 0, 0), (0, 0, 2), (0, 1, 0), (5, 17, 1), (31, 31, 2)] {
            let p = y * 32 + x
            #expect(split.test.inputs[p * 3 + c] == Float((7 * c + p) % 256) / 255, "pixel (\(y), \(x)) channel \(c)")
        }
    }

    @Test("per-channel normalisation uses the training split's mean and standard deviation for both splits")
    func perChannelNormalisation() {
        // 1×2×2 images: channel 0 holds 0, 2, 4, 6 over the set, channel 1 holds 1, 3, 5, 7.
        let shape = TensorShape(height: 1, width: 2, channels: 2)
        let train = Dataset(name: "t", shape: shape, classes: 2, inputs: [0, 1, 2, 3, 4, 5, 6, 7], labels: [0, 1], digest: 1)
        let test = Dataset(name: "u", shape: shape, classes: 2, inputs: [3, 4, 8, 9], labels: [1], digest: 2)
        let statistics = ChannelStatistics(of: train)
        #expect(statistics.mean == [3, 4])
        #expect(statistics.standardDeviation.allSatisfy { abs($0 - 5.0.squareRoot()) < 1e-12 })
        let split = DataSplit(train: train, test: test).normalizedPerChannel()
        let s = Float(5.0.squareRoot())
        let expectedTrain: [Float] = [-3 / s, -3 / s, -1 / s, -1 / s, 1 / s, 1 / s, 3 / s, 3 / s]
        let expectedTest: [Float] = [0, 0, 5 / s, 5 / s]
        #expect(zip(split.train.inputs, expectedTrain).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(zip(split.test.inputs, expectedTest).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(split.train.digest != train.digest)
        // A constant channel is only centred.
        let flat = Dataset(name: "f", shape: .vector(1), classes: 1, inputs: [2, 2], labels: [0, 0], digest: 0)
        #expect(DataSplit(train: flat, test: flat).normalizedPerChannel().train.inputs == [0, 0])
    }

    @Test("the request's normalisation applies after subsets, with the subset's statistics")
    func requestNormalises() throws {
        let split = try DataRequest(source: .patterns(size: 8, train: 40, test: 12), normalizePerChannel: true).load()
        let n = Double(split.train.inputs.count)
        let mean = split.train.inputs.reduce(0.0) { $0 + Double($1) } / n
        let variance = split.train.inputs.reduce(0.0) { $0 + Double($1) * Double($1) } / n - mean * mean
        #expect(abs(mean) < 1e-6 && abs(variance - 1) < 1e-5)
    }

    /// Independent oracle: pad with zeros, cut the window at (dy + p, dx + p), mirror the columns.
    private func reference(_ image: [Float], shape: TensorShape, crop p: Int, dy: Int, dx: Int, mirror: Bool) -> [Float] {
        let (h, w, c) = (shape.height, shape.width, shape.channels)
        var padded = [Float](repeating: 0, count: (h + 2 * p) * (w + 2 * p) * c)
        for y in 0..<h { for x in 0..<w { for k in 0..<c { padded[((y + p) * (w + 2 * p) + x + p) * c + k] = image[(y * w + x) * c + k] } } }
        var out = [Float](repeating: 0, count: image.count)
        for y in 0..<h {
            for x in 0..<w {
                let sx = mirror ? w - 1 - x : x
                for k in 0..<c { out[(y * w + x) * c + k] = padded[((y + dy + p) * (w + 2 * p) + sx + dx + p) * c + k] }
            }
        }
        return out
    }

    @Test("a crop by (+1, −1) and a flip move exactly the expected pixels of a 3×3 image")
    func exactCropAndFlip() {
        // Find a batch whose first sample draws dy = +1, dx = −1 and a flip (draw order: dy, dx, flip).
        let batch = (0..<10_000).first { b in
            var rng = Augmentation.stream(seed: 5, epoch: 2, batch: b)
            return rng.nextIndex(below: 3) == 2 && rng.nextIndex(below: 3) == 0 && rng.next() & 1 == 1
        }!
        var image: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        image.withUnsafeMutableBufferPointer {
            Augmentation(crop: 1, flip: true).apply(to: $0.baseAddress!, rows: 1, shape: TensorShape(height: 3, width: 3, channels: 1),
                                                    seed: 5, epoch: 2, batch: batch)
        }
        // Crop: out(y, x) = in(y + 1, x − 1) → [0 4 5 / 0 7 8 / 0 0 0]; flip mirrors the columns.
        #expect(image == [5, 4, 0, 8, 7, 0, 0, 0, 0])
    }

    @Test("augmentation matches the pad-crop-flip oracle, is deterministic per (seed, epoch, batch) and varies across them")
    func augmentationDeterminism() {
        let shape = TensorShape(height: 5, width: 4, channels: 3)
        let rows = 16
        var rng = SplitMix64(seed: 9)
        let original = (0..<(rows * shape.count)).map { _ in rng.nextUnitFloat() }
        let augmentation = Augmentation(crop: 2, flip: true)
        func augmented(seed: UInt64, epoch: Int, batch: Int) -> [Float] {
            var x = original
            x.withUnsafeMutableBufferPointer {
                augmentation.apply(to: $0.baseAddress!, rows: rows, shape: shape, seed: seed, epoch: epoch, batch: batch)
            }
            return x
        }
        let a = augmented(seed: 1, epoch: 3, batch: 7)
        #expect(a == augmented(seed: 1, epoch: 3, batch: 7))
        #expect(a != augmented(seed: 1, epoch: 3, batch: 8))
        #expect(a != augmented(seed: 1, epoch: 4, batch: 7))
        #expect(a != augmented(seed: 2, epoch: 3, batch: 7))
        var draws = Augmentation.stream(seed: 1, epoch: 3, batch: 7)
        var flips = 0
        for row in 0..<rows {
            let dy = draws.nextIndex(below: 5) - 2, dx = draws.nextIndex(below: 5) - 2, mirror = draws.next() & 1 == 1
            flips += mirror ? 1 : 0
            let slice = Array(original[(row * shape.count)..<((row + 1) * shape.count)])
            #expect(Array(a[(row * shape.count)..<((row + 1) * shape.count)])
                    == reference(slice, shape: shape, crop: 2, dy: dy, dx: dx, mirror: mirror), "row \(row)")
        }
        #expect(flips > 0 && flips < rows)
        // No augmentation leaves the batch untouched.
        var same = original
        same.withUnsafeMutableBufferPointer {
            Augmentation().apply(to: $0.baseAddress!, rows: rows, shape: shape, seed: 1, epoch: 0, batch: 0)
        }
        #expect(same == original)
    }
}
