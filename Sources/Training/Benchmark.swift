import Foundation

/// The training core's speed, measured against the in-process `sgemm` rate (issue 3, item 8).
///
/// Reference workload: an MLP (784-512-512-10 by default), ReLU, softmax cross-entropy, plain SGD at
/// lr 0.05 on N synthetic samples (inputs uniform in [0, 1), labels from a random linear teacher),
/// one epoch per batch size. FLOP per sample is ``MLP/trainingFLOPsPerSample``
/// (`6 ·` forward multiply-adds `− 2 · 784 · 512`). Sets the process-wide BLAS thread count.
public enum Benchmark {
    /// One measured line: a model at one batch size.
    public struct Line: Codable, Hashable, Sendable {
        /// The layer widths, e.g. `784-512-512-10`.
        public var model: String
        /// Samples per step.
        public var batch: Int
        /// Threads per product (OpenBLAS itself is single-threaded).
        public var threads: Int
        /// Samples trained per second (one epoch, shuffling and batch gathering included).
        public var samplesPerSecond: Double
        /// Exact FLOP per training sample.
        public var flopPerSample: Int
        /// Training FLOP rate in GFLOP/s: samples/s × FLOP per sample.
        public var trainingGFLOPS: Double
        /// `sgemm` rate in GFLOP/s at `sgemmSize`³ with the same threads, measured just before this line.
        public var sgemmGFLOPS: Double
        /// The square size of the reference `sgemm`.
        public var sgemmSize: Int
        /// `trainingGFLOPS / sgemmGFLOPS`.
        public var efficiency: Double
        /// Mean minibatch loss over the epoch (a sanity check that training happened).
        public var meanLoss: Double

        private enum CodingKeys: String, CodingKey {
            case model, batch, threads, efficiency
            case samplesPerSecond = "samples_per_s", flopPerSample = "flop_per_sample",
                trainingGFLOPS = "training_gflops", sgemmGFLOPS = "sgemm_gflops", sgemmSize = "sgemm_size",
                meanLoss = "mean_loss"
        }
    }

    /// The best `sgemm` rate in GFLOP/s over `repetitions` products of two `size × size` matrices
    /// (after one warm-up), with the current thread count.
    public static func sgemmGFLOPS(size: Int = 2048, repetitions: Int = 3) -> Double {
        var rng = SplitMix64(seed: 1)
        let a = (0..<(size * size)).map { _ in rng.nextUnitFloat() }
        let b = (0..<(size * size)).map { _ in rng.nextUnitFloat() }
        var c = [Float](repeating: 0, count: size * size)
        var best = Double.infinity
        c.withUnsafeMutableBufferPointer { out in
            for repetition in 0...repetitions {
                let start = DispatchTime.now().uptimeNanoseconds
                Kernels.gemm(m: size, n: size, k: size, a, b, into: out.baseAddress!)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if repetition > 0 { best = min(best, seconds) }
            }
        }
        return 2 * Double(size * size * size) / best / 1e9
    }

    /// Trains `model` for one epoch at `batch` on `data` with plain SGD and returns
    /// (samples per second, mean minibatch loss). Ten warm-up steps run first (not timed).
    public static func trainingThroughput(model: MLP, data: Dataset, batch: Int, learningRate: Float = 0.05) -> (Double, Double) {
        let config = RunConfiguration(model: model, learningRate: .constant(Double(learningRate)),
                                      batchSize: .constant(Double(batch)), epochs: 1, seed: 1)
        var run = try! TrainingRun(configuration: config, data: DataSplit(train: data, test: data.selecting([0])))
        _ = run.timedSteps(count: 10, batch: batch, learningRate: learningRate)
        let steps = data.count / batch
        let start = DispatchTime.now().uptimeNanoseconds
        let loss = run.timedSteps(count: steps, batch: batch, learningRate: learningRate)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return (Double(steps * batch) / seconds, loss)
    }

    /// The reference workload: each model at each batch size, with `threads` BLAS threads, on
    /// `samples` synthetic samples. `quick` uses 8 192 samples and a 1024³ `sgemm`. With `repeats` > 1
    /// each line is measured that many times (sgemm, then one epoch) and the best sgemm rate and best
    /// throughput are kept: on a shared machine the best of several is the least disturbed estimate.
    public static func run(
        models: [[Int]] = [[784, 512, 512, 10], [784, 256, 256, 10]], batches: [Int] = [32, 128, 512],
        threads: Int = 2, samples: Int = 60000, quick: Bool = false, repeats: Int = 1,
        report: (Line) -> Void = { _ in }
    ) -> [Line] {
        Kernels.setThreads(threads)
        let count = quick ? 8192 : samples
        let sgemmSize = quick ? 1024 : 2048
        let data = SyntheticData.randomTeacher(count: count, features: 784, classes: 10, seed: 7)
        var lines: [Line] = []
        for widths in models {
            let model = MLP(widths: widths, activation: .relu)
            for batch in batches {
                // Measured right before each line, so a change in machine load hits both rates alike.
                var sgemm = 0.0, rate = 0.0, loss = 0.0
                for _ in 0..<max(1, repeats) {
                    sgemm = max(sgemm, sgemmGFLOPS(size: sgemmSize, repetitions: quick ? 2 : 3))
                    let measured = trainingThroughput(model: model, data: data, batch: batch)
                    if measured.0 > rate { (rate, loss) = measured }
                }
                let flop = model.trainingFLOPsPerSample
                let training = rate * Double(flop) / 1e9
                let line = Line(model: widths.map(String.init).joined(separator: "-"), batch: batch, threads: threads,
                                samplesPerSecond: rate, flopPerSample: flop, trainingGFLOPS: training,
                                sgemmGFLOPS: sgemm, sgemmSize: sgemmSize, efficiency: training / sgemm, meanLoss: loss)
                report(line)
                lines.append(line)
            }
        }
        return lines
    }
}

extension TrainingRun {
    /// Runs `count` SGD steps over consecutive (wrapping) batches of a fixed order, for benchmarks;
    /// returns the mean loss. Does not touch epochs, history or the shuffle stream.
    mutating func timedSteps(count: Int, batch: Int, learningRate: Float) -> Double {
        let order = (0..<(count * batch)).map { $0 % data.train.count }
        return runSteps(order: order, batch: batch, learningRate: learningRate).1 / Double(max(count, 1))
    }
}
