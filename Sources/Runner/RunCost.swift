import Dispatch
import Foundation
import Notebook
import Synchronization
import Training

/// What a run will cost before it runs: the floating-point work of its training (exact, from the
/// network's layer shapes) and the time it would take on this machine, from a rate measured on
/// the spot by training the same network for a moment on random data.
///
/// The FLOPs are the core's `Network.trainingFLOPsPerSample` (products of the forward pass, the
/// weight gradient and the input gradient) × epochs × training examples; curvature
/// measurements, evaluation and data loading are not counted, so the time is a lower bound.
public enum RunCost {
    /// The network a run unit trains, built from its spec and the data set's known shape
    /// (nil for a folder, whose shape is only known once it is read, or a model that does not fit).
    static func network(_ unit: RunUnit) -> Network? {
        guard let (shape, classes) = unit.data.spec.knownShape else { return nil }
        let input = TensorShape(height: shape.height, width: shape.width, channels: shape.channels)
        return try? TrainingSetup.configuration(unit.run, shape: input, classes: classes).model
    }

    /// Training examples a run unit passes through SGD: epochs × ⌊N / batch⌋ × batch, per epoch's batch.
    static func trainingSamples(_ unit: RunUnit) -> Double {
        let size = Double(unit.data.spec.train ?? (unit.data.spec.source.contains("cifar") ? 50_000 : 60_000))
        return Double(unit.run.train.epochs) * size
    }

    /// FLOPs of a run unit's training; 0 for other units and for runs whose network is unknown.
    public static func trainingFLOPs(_ unit: WorkUnit) -> Double {
        guard case .run(let u) = unit, let network = network(u) else { return 0 }
        return trainingSamples(u) * Double(network.trainingFLOPsPerSample)
    }

    /// Training FLOP/s of `unit`'s network on this machine, measured once per (network, batch)
    /// in this process: SGD steps at the run's largest batch (at most 64) on random data of the
    /// right shape, after one warm-up step, for about `seconds` (at least 2 steps); nil for
    /// units that are not runs.
    public static func measuredRate(_ unit: WorkUnit, seconds: Double = 0.3) -> Double? {
        guard case .run(let u) = unit, let network = network(u) else { return nil }
        let batch = min(Int(u.run.train.batch.values.max() ?? 32), 64)
        let key = RateKey(network: network, batch: batch)
        if let known = rates.withLock({ $0[key] }) { return known }
        var rng = SplitMix64(seed: 1, purpose: "cost")
        let count = batch
        let inputs = (0..<(count * network.inputCount)).map { _ in rng.nextUnitFloat() }
        let labels = (0..<count).map { Int32($0 % network.classes) }
        let data = Dataset(name: "cost", shape: network.input, classes: network.classes, inputs: inputs, labels: labels, digest: 0)
        let configuration = RunConfiguration(model: network, learningRate: .constant(1e-3), batchSize: .constant(Double(batch)),
                                             epochs: 1_000, seed: 1, evaluationSize: 1)
        guard var run = try? TrainingRun(configuration: configuration, data: DataSplit(train: data, test: data)) else { return nil }
        run.trainEpoch()   // warm-up: buffers, BLAS threads, caches
        var epochs = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            run.trainEpoch()
            epochs += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while (elapsed < seconds || epochs < 2) && epochs < 100
        let rate = Double(epochs * count * network.trainingFLOPsPerSample) / elapsed
        rates.withLock { $0[key] = rate }
        return rate
    }

    private struct RateKey: Hashable { var network: Network; var batch: Int }
    private static let rates = Mutex<[RateKey: Double]>([:])

    /// "3.2 TFLOP", "410 GFLOP", …
    public static func describeFLOPs(_ flops: Double) -> String {
        let units = [(1e18, "EFLOP"), (1e15, "PFLOP"), (1e12, "TFLOP"), (1e9, "GFLOP"), (1e6, "MFLOP")]
        for (scale, name) in units where flops >= scale { return String(format: "%.1f ", flops / scale) + name }
        return String(format: "%.0f FLOP", flops)
    }

    /// "45 s", "12 min", "3.4 h", "2.1 days".
    public static func describeDuration(_ seconds: Double) -> String {
        if seconds < 90 { return String(format: "%.0f s", seconds) }
        if seconds < 5400 { return String(format: "%.0f min", seconds / 60) }
        if seconds < 172_800 { return String(format: "%.1f h", seconds / 3600) }
        return String(format: "%.1f days", seconds / 86_400)
    }
}
