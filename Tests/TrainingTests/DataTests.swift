import Crypto
import Foundation
import Testing
@testable import Training

/// A fresh temporary directory per test (tests run in parallel).
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "minima-training-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The bytes of an unsigned-byte IDX file with the given dimensions and data.
func idxBytes(dimensions: [Int], data: [UInt8], magic: UInt32? = nil) -> [UInt8] {
    let header = magic ?? (0x0800 | UInt32(dimensions.count))
    var bytes = withUnsafeBytes(of: header.bigEndian, Array.init)
    for d in dimensions { bytes += withUnsafeBytes(of: UInt32(d).bigEndian, Array.init) }
    return bytes + data
}

/// Writes a small Fashion-MNIST-layout set (gzip) into `root/name`: `count` 2×3 images per split,
/// pixel `i` of image `s` is `(s · 6 + i) mod 256`, label `s mod 10`.
func writeIDXSet(root: String, name: String, count: Int) throws {
    let directory = "\(root)/\(name)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for split in ["train", "t10k"] {
        let pixels = (0..<(count * 6)).map { UInt8($0 % 256) }
        let labels = (0..<count).map { UInt8($0 % 10) }
        try GzipFile.write(idxBytes(dimensions: [count, 2, 3], data: pixels), to: "\(directory)/\(split)-images-idx3-ubyte.gz")
        try GzipFile.write(idxBytes(dimensions: [count], data: labels), to: "\(directory)/\(split)-labels-idx1-ubyte.gz")
    }
}

@Suite("IDX and CIFAR data") struct DataTests {
    @Test("a generated IDX set loads with pixels scaled to [0, 1] and its labels")
    func loadsGeneratedIDX() throws {
        let root = try temporaryDirectory()
        try writeIDXSet(root: root, name: "tiny-mnist", count: 30)
        let split = try DataRequest(source: .named("tiny-mnist")).load(searchPaths: ["/nonexistent", root])
        #expect(split.train.count == 30 && split.test.count == 30)
        #expect(split.train.features == 6)
        #expect(split.train.inputs[7] == Float(7) / 255)
        #expect(split.train.labels[13] == 3)
        #expect(split.train.digest == split.test.digest)  // same bytes in both files
    }

    @Test("every IDX error path throws a DataError naming the file")
    func idxErrors() throws {
        let root = try temporaryDirectory()
        let missing = "\(root)/none.gz"
        #expect(throws: DataError.missingFile(path: missing)) { try IDXReader.read(missing, magic: IDXReader.labelMagic) }

        let badMagic = "\(root)/bad-magic.gz"
        try GzipFile.write(idxBytes(dimensions: [2], data: [1, 2], magic: 0x0000_0802), to: badMagic)
        #expect(throws: DataError.badMagic(path: badMagic, found: 0x802, expected: 0x801)) {
            try IDXReader.read(badMagic, magic: IDXReader.labelMagic)
        }

        let short = "\(root)/short.gz"
        try GzipFile.write(idxBytes(dimensions: [5], data: [1, 2]), to: short)
        #expect(throws: DataError.truncated(path: short, detail: "header announces 5 data bytes, file has 2")) {
            try IDXReader.read(short, magic: IDXReader.labelMagic)
        }

        let tinyHeader = "\(root)/header.gz"
        try GzipFile.write([0, 0, 8, 3, 0, 0], to: tinyHeader)
        let headerError = #expect(throws: DataError.self) { try IDXReader.read(tinyHeader, magic: IDXReader.imageMagic) }
        #expect(headerError.map { if case .truncated = $0 { true } else { false } } == true)

        // A gzip stream cut in the middle.
        let cut = "\(root)/cut.gz"
        try GzipFile.write(idxBytes(dimensions: [4000], data: (0..<4000).map { UInt8($0 % 7) }), to: cut)
        let whole = try Data(contentsOf: URL(fileURLWithPath: cut))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: cut))
        let cutError = #expect(throws: DataError.self) { try IDXReader.read(cut, magic: IDXReader.labelMagic) }
        #expect(cutError?.path == cut)
        #expect(cutError.map { if case .truncated = $0 { true } else { false } } == true)

        let images = "\(root)/images.gz", labels = "\(root)/labels.gz"
        try GzipFile.write(idxBytes(dimensions: [2, 1, 1], data: [0, 255]), to: images)
        try GzipFile.write(idxBytes(dimensions: [3], data: [0, 1, 2]), to: labels)
        #expect(throws: DataError.malformed(path: labels, detail: "3 labels for 2 images in \(images)")) {
            try IDXReader.dataset(name: "x", images: images, labels: labels)
        }
        #expect(throws: DataError.unknownDataset(name: "nope", searched: [root])) {
            try DataRequest(source: .named("nope")).load(searchPaths: [root])
        }
        #expect(DataError.missingFile(path: "/a/b").description == "/a/b: file not found")
    }

    @Test("an IDX header of zero or overflowing dimensions throws a DataError instead of trapping")
    func idxHeaderDimensions() throws {
        let root = try temporaryDirectory()
        let zero = "\(root)/zero.gz"
        try GzipFile.write(idxBytes(dimensions: [2, 0, 28], data: []), to: zero)
        #expect(throws: DataError.malformed(path: zero, detail: "header has a zero dimension: [2, 0, 28]")) {
            try IDXReader.read(zero, magic: IDXReader.imageMagic)
        }
        // 2³²−1 cubed overflows an Int; 2³²−1 squared does not but announces exabytes.
        for dimensions in [[0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], [0xFFFF_FFFF, 0xFFFF_FFFF, 1]] {
            let huge = "\(root)/huge.gz"
            try GzipFile.write(idxBytes(dimensions: dimensions, data: [1, 2, 3]), to: huge)
            #expect(throws: DataError.malformed(path: huge, detail: "header dimensions \(dimensions) announce more than \(IDXReader.maximumDataBytes) data bytes")) {
                try IDXReader.read(huge, magic: IDXReader.imageMagic)
            }
        }
    }

    @Test("a gzip bomb is stopped after the size its IDX header announces, not read into memory")
    func gzipBomb() throws {
        let root = try temporaryDirectory()
        let bomb = "\(root)/bomb.gz"
        // 64 MB of zeros after a header that announces 4 labels (compresses to ~64 KB).
        try GzipFile.write(idxBytes(dimensions: [4], data: [UInt8](repeating: 0, count: 64 << 20)), to: bomb)
        #expect(throws: DataError.malformed(path: bomb, detail: "at least 1048576 unexpected bytes after the data")) {
            try IDXReader.read(bomb, magic: IDXReader.labelMagic)
        }
        // The whole-file read used by CIFAR takes a limit too.
        #expect(throws: DataError.malformed(path: bomb, detail: "decompresses to more than 1000 bytes")) {
            try GzipFile.read(bomb, limit: 1000)
        }
        let few = "\(root)/few.gz"
        try GzipFile.write(idxBytes(dimensions: [4], data: [1, 2, 3, 4, 5]), to: few)
        #expect(throws: DataError.malformed(path: few, detail: "1 unexpected bytes after the data")) {
            try IDXReader.read(few, magic: IDXReader.labelMagic)
        }
    }

    @Test("an IDX set's shape is read from its training-images header alone, found as the loader finds it")
    func probeShape() throws {
        let root = try temporaryDirectory()
        try writeIDXSet(root: root, name: "small", count: 12)
        let probed = DataRequest.probeShape(of: "small", searchPaths: ["/nonexistent", root])
        #expect(probed?.shape == TensorShape(height: 2, width: 3, channels: 1) && probed?.classes == 10)
        let loaded = try DataRequest(source: .named("small")).load(searchPaths: [root])
        #expect(probed?.shape == loaded.train.shape && probed?.classes == loaded.train.classes)

        // Only the header is read: a file cut right after it (data of a 60 000 × 28 × 28 set
        // announced, none there) still gives its shape, while loading it fails.
        let headerOnly = "\(root)/header-only"
        try FileManager.default.createDirectory(atPath: headerOnly, withIntermediateDirectories: true)
        try GzipFile.write(idxBytes(dimensions: [60000, 28, 28], data: []), to: "\(headerOnly)/train-images-idx3-ubyte.gz")
        #expect(try IDXReader.header("\(headerOnly)/train-images-idx3-ubyte.gz", magic: IDXReader.imageMagic) == [60000, 28, 28])
        #expect(DataRequest.probeShape(of: "header-only", searchPaths: [root])?.shape == TensorShape(height: 28, width: 28, channels: 1))
        #expect(throws: DataError.self) { try IDXReader.read("\(headerOnly)/train-images-idx3-ubyte.gz", magic: IDXReader.imageMagic) }

        // An uncompressed file is read when there is no .gz, as the loader does; the .gz wins when both exist.
        let plain = "\(root)/plain"
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        try Data(idxBytes(dimensions: [1, 5, 7], data: [])).write(to: URL(fileURLWithPath: "\(plain)/train-images-idx3-ubyte"))
        #expect(DataRequest.probeShape(of: "plain", searchPaths: [root])?.shape == TensorShape(height: 5, width: 7, channels: 1))
        try GzipFile.write(idxBytes(dimensions: [1, 9, 4], data: []), to: "\(plain)/train-images-idx3-ubyte.gz")
        #expect(DataRequest.probeShape(of: "plain", searchPaths: [root])?.shape == TensorShape(height: 9, width: 4, channels: 1))

        // Missing folder, missing file, a label file's magic: unknown (loading reports those).
        #expect(DataRequest.probeShape(of: "absent", searchPaths: [root]) == nil)
        try FileManager.default.createDirectory(atPath: "\(root)/empty", withIntermediateDirectories: true)
        #expect(DataRequest.probeShape(of: "empty", searchPaths: [root]) == nil)
        let wrong = "\(root)/wrong"
        try FileManager.default.createDirectory(atPath: wrong, withIntermediateDirectories: true)
        try GzipFile.write(idxBytes(dimensions: [3], data: [0, 1, 2]), to: "\(wrong)/train-images-idx3-ubyte.gz")
        #expect(DataRequest.probeShape(of: "wrong", searchPaths: [root]) == nil)
        #expect(DataRequest.probeShape(of: "cifar-10", searchPaths: [])?.shape == CIFARReader.shape)
    }

    @Test("CIFAR-10 binary batches load in record order, and bad files are rejected")
    func cifar() throws {
        let root = try temporaryDirectory()
        let directory = "\(root)/cifar-10/cifar-10-batches-bin"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func record(_ label: UInt8, _ fill: UInt8) -> [UInt8] { [label] + [UInt8](repeating: fill, count: 3072) }
        for b in 1...5 {
            let bytes = record(UInt8(b), UInt8(b * 10)) + record(UInt8(b + 1), 255)
            try Data(bytes).write(to: URL(fileURLWithPath: "\(directory)/data_batch_\(b).bin"))
        }
        try Data(record(9, 51)).write(to: URL(fileURLWithPath: "\(directory)/test_batch.bin"))
        let split = try DataRequest(source: .named("cifar-10")).load(searchPaths: [root])
        #expect(split.train.count == 10 && split.test.count == 1 && split.train.features == 3072)
        #expect(split.train.labels == [1, 2, 2, 3, 3, 4, 4, 5, 5, 6])
        #expect(split.train.inputs[3072 * 2] == 20 / 255 && split.train.inputs[3072 * 3] == 1)
        #expect(split.test.inputs[100] == 0.2)

        try Data(record(1, 0).dropLast()).write(to: URL(fileURLWithPath: "\(directory)/test_batch.bin"))
        let truncated = #expect(throws: DataError.self) { try DataRequest(source: .named("cifar-10")).load(searchPaths: [root]) }
        #expect(truncated.map { if case .truncated = $0 { true } else { false } } == true)
        try Data(record(10, 0)).write(to: URL(fileURLWithPath: "\(directory)/test_batch.bin"))
        let badLabel = #expect(throws: DataError.self) { try DataRequest(source: .named("cifar-10")).load(searchPaths: [root]) }
        #expect(badLabel.map { if case .malformed = $0 { true } else { false } } == true)
        try FileManager.default.removeItem(atPath: "\(directory)/data_batch_3.bin")
        #expect(throws: DataError.missingFile(path: "\(directory)/data_batch_3.bin")) {
            try DataRequest(source: .named("cifar-10")).load(searchPaths: [root])
        }
    }

    @Test("the real Fashion-MNIST files load with the published counts and first labels")
    func realFashionMNIST() throws {
        let root = "/usr/share/datasets"   // Debian's dataset-fashion-mnist; nothing outside the repository else
        guard FileManager.default.fileExists(atPath: "\(root)/fashion-mnist/train-labels-idx1-ubyte.gz") else {
            // `make test` installs the package and sets MINIMA_REQUIRE_DATA=1: skipping there is a failure.
            #expect(ProcessInfo.processInfo.environment["MINIMA_REQUIRE_DATA"] != "1", "dataset-fashion-mnist is not installed")
            return
        }
        // The test split in full and the training labels (the 47 MB of training images are skipped:
        // debug builds are slow; `minima bench --fashion-mnist` trains on everything).
        let directory = "\(root)/fashion-mnist"
        let test = try IDXReader.dataset(name: "fashion-mnist/test", images: "\(directory)/t10k-images-idx3-ubyte.gz",
                                         labels: "\(directory)/t10k-labels-idx1-ubyte.gz")
        let trainLabels = try IDXReader.read("\(directory)/train-labels-idx1-ubyte.gz", magic: IDXReader.labelMagic)
        #expect(trainLabels.dimensions == [60000])
        #expect(Array(trainLabels.bytes.prefix(5)) == [9, 0, 0, 3, 0])
        #expect(test.count == 10000 && test.features == 784)
        #expect(Array(test.labels.prefix(5)) == [9, 2, 1, 1, 6])
        #expect(test.inputs.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect((0..<10).allSatisfy { c in test.labels.filter { $0 == c }.count == 1000 })
    }

    @Test("MNIST ships in the repository beside the notebooks: found from any folder, checksums and labels as published")
    func mnistInRepository() throws {
        let notebooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Notebooks")
        DataRequest.registerNotebookFolder(notebooks.path)
        // Found without $MINIMA_DATA and whatever the working directory.
        let root = try DataRequest.locate("mnist", in: DataRequest.defaultSearchPaths(environment: [:]))
        #expect(URL(fileURLWithPath: root).standardizedFileURL.path
                == notebooks.appendingPathComponent("data/mnist").standardizedFileURL.path)
        // The files are the ones SHA256SUMS names.
        let sums = try String(contentsOfFile: "\(root)/SHA256SUMS", encoding: .utf8)
        var checked = 0
        for line in sums.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else { continue }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(root)/\(parts[1])"))
            #expect(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() == String(parts[0]), "\(parts[1])")
            checked += 1
        }
        #expect(checked == 4)
        // Published facts of MNIST: first labels of each split, class counts of the test split.
        let trainLabels = try IDXReader.read("\(root)/train-labels-idx1-ubyte.gz", magic: IDXReader.labelMagic)
        #expect(trainLabels.dimensions == [60000])
        #expect(Array(trainLabels.bytes.prefix(10)) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
        let test = try IDXReader.read("\(root)/t10k-labels-idx1-ubyte.gz", magic: IDXReader.labelMagic)
        #expect(Array(test.bytes.prefix(10)) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
        #expect((0..<10).map { c in test.bytes.filter { $0 == c }.count }
                == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
    }
}
