import Foundation
import MinimaTestSupport
import Testing
@testable import Training

/// 8×8 grey images with noise in [0, 0.3) and a bright 2×2 square; the class is the quadrant the
/// square sits in. Generated here so the test owns its data.
func squareImages(count: Int, seed: UInt64) -> Dataset {
    var rng = SplitMix64(seed: seed)
    var inputs = [Float](repeating: 0, count: count * 64)
    var labels = [Int32](repeating: 0, count: count)
    for s in 0..<count {
        for i in 0..<64 { inputs[s * 64 + i] = 0.3 * rng.nextUnitFloat() }
        let label = s % 4
        let y = (label / 2) * 4 + rng.nextIndex(below: 3), x = (label % 2) * 4 + rng.nextIndex(below: 3)
        for dy in 0..<2 { for dx in 0..<2 { inputs[s * 64 + (y + dy) * 8 + x + dx] = 1 } }
        labels[s] = Int32(label)
    }
    return Dataset(name: "squares", features: 64, classes: 4, inputs: inputs, labels: labels, digest: UInt64(seed))
}

@Suite("Networks train, measure and stay deterministic")
struct NetworkTrainingTests {
    @Test("a tiny CNN learns where a bright square sits to ≥ 95 % test accuracy in 8 epochs")
    func learnsSquares() throws {
        let network = Network(input: TensorShape(height: 8, width: 8, channels: 1), layers: [
            .conv(channels: 8, kernel: 3, stride: 1, padding: 1), .activation(.relu), .maxPool(size: 2, stride: 2),
            .conv(channels: 8, kernel: 3, stride: 1, padding: 1), .batchNorm, .activation(.relu), .flatten,
            .dense(units: 4),
        ])
        let configuration = RunConfiguration(
            model: network, initialization: .he, learningRate: .constant(0.05), batchSize: .constant(16), epochs: 8,
            optimizer: SGD(momentum: 0.9), seed: 1)
        var run = try TrainingRun(configuration: configuration,
                                  data: DataSplit(train: squareImages(count: 480, seed: 1), test: squareImages(count: 200, seed: 2)))
        let history = run.train()
        #expect(!run.diverged)
        #expect(history.last!.testAccuracy! >= 0.95, "test accuracy \(history.last!.testAccuracy!)")
        #expect(history.last!.trainLoss! < history.first!.trainLoss!)
        // Training moved the running statistics away from their start (mean 0, var 1).
        #expect(run.parameters["layer3.running_mean"]!.contains { abs($0) > 1e-3 })
    }

    /// A conv net with batch norm and a residual block at sizes where products are tiled
    /// (2 and 16 tiles per conv product).
    static let tiledNetwork = Network(input: TensorShape(height: 16, width: 16, channels: 1), layers: [
        .conv(channels: 32, kernel: 3, stride: 1, padding: 1), .batchNorm, .activation(.relu),
        .maxPool(size: 2, stride: 2),
        .residual(body: [.conv(channels: 32, kernel: 3, stride: 1, padding: 1), .batchNorm, .activation(.relu),
                         .conv(channels: 32, kernel: 3, stride: 1, padding: 1), .batchNorm], shortcut: []),
        .activation(.relu), .globalAveragePool, .dense(units: 4),
    ])

    /// The fused step writes each layer's parameters as soon as its gradient is known; a layer
    /// must read its own weights (batch norm: γ) for its input gradient before they move.
    @Test("the fused SGD step of every network equals θ − η(∇L + λθ) from its stored gradient",
          arguments: NetworkCase.all)
    func fusedStep(_ c: NetworkCase) {
        let network = c.network
        let start = c.parameters(seed: 21).values
        let (inputs, labels) = c.batch(seed: 22)
        let (_, gradient) = networkLossAndGradient(network, start, inputs: inputs, labels: labels)
        let lr: Float = 0.5, decay: Float = 0.01, n = labels.count
        let workspace = Workspace(network: network, capacity: n)
        workspace.input.update(from: inputs, count: inputs.count)
        workspace.labels.update(from: labels, count: n)
        var fused = start
        fused.withUnsafeMutableBufferPointer { p in
            network.forward(parameters: p.baseAddress!, batch: n, workspace: workspace)
            network.lossAndOutputDelta(batch: n, workspace: workspace)
            SGD(weightDecay: decay).step(model: network, parameters: p.baseAddress!, velocity: nil, learningRate: lr,
                                         batch: n, workspace: workspace)
        }
        for range in network.plan.trainableRanges {
            for i in range {
                let expected = Double(start[i]) - Double(lr) * (Double(gradient[i]) + Double(decay) * Double(start[i]))
                #expect(isClose(Double(fused[i]), expected, rtol: 1e-5, atol: 1e-6), "\(c.name): parameter \(i)")
            }
        }
    }

    @Test("training a CNN with 1, 2 and 3 threads gives bit-identical parameters and losses")
    func threadInvariance() throws {
        let base = squareImages(count: 64, seed: 3)
        // Upsample the 8×8 images to 16×16 so the convolutions are large enough to tile.
        var inputs = [Float](repeating: 0, count: 64 * 256)
        for s in 0..<64 { for i in 0..<256 { inputs[s * 256 + i] = base.inputs[s * 64 + (i / 32) * 8 + (i % 16) / 2] } }
        let train = Dataset(name: "squares16", features: 256, classes: 4, inputs: inputs, labels: base.labels, digest: 3)
        let configuration = RunConfiguration(
            model: Self.tiledNetwork, initialization: .he, learningRate: .constant(0.05), batchSize: .constant(32),
            epochs: 2, optimizer: SGD(momentum: 0.9, weightDecay: 5e-4), seed: 2)
        func state(threads: Int) throws -> RunState {
            try ThreadInvarianceTests.with(threads: threads) {
                var run = try TrainingRun(configuration: configuration, data: DataSplit(train: train, test: train))
                run.train()
                return run.state
            }
        }
        #expect(Kernels.gemmTiles(m: 32 * 256, n: 32, k: 9).count >= 2)
        let one = try state(threads: 1)
        for threads in [2, 3] {
            let other = try state(threads: threads)
            #expect(one.parameters.values.map(\.bitPattern) == other.parameters.values.map(\.bitPattern),
                    "parameters differ between 1 and \(threads) threads")
            #expect(one.history == other.history)
        }
    }

    @Test("Tr(C) from per-example norms equals the brute force over per-example gradients",
          arguments: NetworkCase.all)
    func noiseTrace(_ c: NetworkCase) {
        let network = c.network
        let parameters = c.parameters(seed: 11)
        let (inputs, labels) = c.batch(seed: 12)
        let data = Dataset(name: "batch", features: network.inputCount, classes: network.classes, inputs: inputs,
                           labels: labels, digest: 0)
        // Brute force: one example at a time (batch norm on running statistics, as measured).
        var squares = 0.0
        var mean = [Double](repeating: 0, count: network.parameterCount)
        for i in 0..<labels.count {
            let x = Array(inputs[(i * network.inputCount)..<((i + 1) * network.inputCount)])
            let (_, g) = networkLossAndGradient(network, parameters.values, inputs: x, labels: [labels[i]], mode: .running)
            squares += g.reduce(0) { $0 + Double($1) * Double($1) }
            for j in g.indices { mean[j] += Double(g[j]) / Double(labels.count) }
        }
        let expected = squares / Double(labels.count) - mean.reduce(0) { $0 + $1 * $1 }
        let noise = GradientNoise(network: network, parameters: parameters, on: data, chunk: 4)
        #expect(isClose(noise.trace, expected, rtol: 1e-4), "\(noise.trace) vs \(expected)")
    }

    @Test("the Hessian of a CNN is symmetric, and chunked products equal whole ones without batch norm")
    func symmetryAndChunks() {
        let c = NetworkCase.all[3]
        let network = c.network
        let parameters = c.parameters(seed: 13)
        let (inputs, labels) = c.batch(seed: 14)
        var rng = SplitMix64(seed: 15)
        let u = (0..<network.parameterCount).map { _ in Float(rng.nextGaussian()) }
        let v = (0..<network.parameterCount).map { _ in Float(rng.nextGaussian()) }
        let op = HessianVectorProduct(network: network, parameters: parameters.values, inputs: inputs, labels: labels)
        var hu = u, hv = v
        op.apply(u, into: &hu)
        op.apply(v, into: &hv)
        let uHv = Kernels.dotDouble(u, hv), vHu = Kernels.dotDouble(v, hu)
        #expect(isClose(uHv, vHu, rtol: 1e-4, atol: 1e-6), "\(uHv) vs \(vHu)")

        let plain = NetworkCase.all[1]
        let w = plain.parameters(seed: 16).values
        let batch = plain.batch(seed: 17)
        let whole = HessianVectorProduct(network: plain.network, parameters: w, inputs: batch.inputs, labels: batch.labels)
        let chunked = HessianVectorProduct(network: plain.network, parameters: w, inputs: batch.inputs,
                                           labels: batch.labels, chunk: 4)
        #expect(chunked.chunk == 4 && whole.chunk == batch.labels.count)
        #expect(isClose(chunked.loss, whole.loss, rtol: 1e-6))
        let direction = (0..<plain.network.parameterCount).map { _ in Float(rng.nextGaussian()) }
        var a = direction, b = direction
        whole.apply(direction, into: &a)
        chunked.apply(direction, into: &b)
        let scale = a.map { Double(abs($0)) }.max()!
        for i in a.indices { #expect(isClose(Double(b[i]), Double(a[i]), rtol: 1e-4, atol: 1e-5 * scale)) }
    }

    @Test("batch norm: running statistics follow momentum 0.1 with the unbiased variance, and are recomputed from data")
    func runningStatistics() {
        let c = NetworkCase.all[2]
        let network = c.network
        var parameters = c.parameters(seed: 18)
        let (inputs, labels) = c.batch(seed: 19)
        let n = labels.count
        // The batch-norm input: the first conv's output, from the reference.
        let convOutput = ReferenceNetwork(height: 5, width: 5, channels: 2,
                                          layers: [.conv(channels: 3, kernel: 3, stride: 1, padding: 1)])
            .logits(parameters: parameters.values.map(Double.init), inputs: inputs.map(Double.init), count: n)
        var batchMean = [Double](repeating: 0, count: 3), batchVar = [Double](repeating: 0, count: 3)
        let m = Double(convOutput.count / 3)
        for (i, value) in convOutput.enumerated() { batchMean[i % 3] += value / m }
        for (i, value) in convOutput.enumerated() { batchVar[i % 3] += (value - batchMean[i % 3]) * (value - batchMean[i % 3]) / (m - 1) }
        let before = parameters
        let workspace = Workspace(network: network, capacity: n)
        workspace.input.update(from: inputs, count: inputs.count)
        parameters.values.withUnsafeMutableBufferPointer { p in
            network.forward(parameters: p.baseAddress!, batch: n, workspace: workspace, mode: .batch)
            network.updateRunningStatistics(parameters: p.baseAddress!, batch: n, workspace: workspace)
        }
        for ch in 0..<3 {
            let mean0 = Double(before["layer2.running_mean"]![before.slices[4].range.lowerBound + ch])
            let var0 = Double(before["layer2.running_var"]![before.slices[5].range.lowerBound + ch])
            #expect(isClose(Double(parameters["layer2.running_mean"]!.dropFirst(ch).first!), 0.9 * mean0 + 0.1 * batchMean[ch], rtol: 1e-4, atol: 1e-6))
            #expect(isClose(Double(parameters["layer2.running_var"]!.dropFirst(ch).first!), 0.9 * var0 + 0.1 * batchVar[ch], rtol: 1e-4, atol: 1e-6))
        }
        let data = Dataset(name: "batch", features: network.inputCount, classes: 3, inputs: inputs, labels: labels, digest: 0)
        let recomputed = network.recomputeBatchNormStatistics(before, on: data, chunk: n)
        for ch in 0..<3 {
            #expect(isClose(Double(recomputed["layer2.running_mean"]!.dropFirst(ch).first!), batchMean[ch], rtol: 1e-4, atol: 1e-6))
            #expect(isClose(Double(recomputed["layer2.running_var"]!.dropFirst(ch).first!), batchVar[ch], rtol: 1e-4, atol: 1e-6))
        }
        #expect(recomputed["layer2.scale"]! == before["layer2.scale"]!)
        // Evaluation reads the running statistics: the recomputed ones change the loss.
        #expect(network.evaluate(recomputed, on: data).loss != network.evaluate(before, on: data).loss)
    }
}
