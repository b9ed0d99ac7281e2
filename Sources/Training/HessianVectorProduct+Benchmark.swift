import Foundation

extension Benchmark {
    /// One measured curvature line (issue 4, item 8).
    public struct CurvatureLine: Codable, Hashable, Sendable {
        /// What was timed: `"hvp"` (one product from scratch at a new point: forward, deltas and
        /// the R-passes) or `"power20"` (20 power-iteration steps on cached activations).
        public var task: String
        /// The layer widths, e.g. `784-512-512-10`.
        public var model: String
        /// Samples the loss averages over.
        public var samples: Int
        /// OpenBLAS threads.
        public var threads: Int
        /// Best wall-clock seconds over the repetitions.
        public var seconds: Double
        /// Credited FLOP per sample of the task (see `HessianVectorProduct.flopsPerSample`).
        public var flopPerSample: Int
        /// `sgemm` rate in GFLOP/s measured in the same process.
        public var sgemmGFLOPS: Double
        /// `samples · flopPerSample / seconds` ÷ the `sgemm` rate.
        public var efficiency: Double

        private enum CodingKeys: String, CodingKey {
            case task, model, samples, threads, seconds, efficiency
            case flopPerSample = "flop_per_sample", sgemmGFLOPS = "sgemm_gflops"
        }
    }

    /// Times one Hessian-vector product over `samples` synthetic samples of an MLP (784-512-512-10,
    /// ReLU, uniform init) and 20 power-iteration steps, each the best of `repetitions` after a
    /// warm-up. The `sgemm` rate (`sgemmSize`³, same threads) is measured again right before each
    /// task, so a change in the machine's load between tasks does not skew the efficiency.
    public static func curvature(
        widths: [Int] = [784, 512, 512, 10], samples: Int = 5000, threads: Int = 2, sgemmSize: Int = 2048,
        repetitions: Int = 3, report: (CurvatureLine) -> Void = { _ in }
    ) -> [CurvatureLine] {
        Kernels.setThreads(threads)
        let model = MLP(widths: widths, activation: .relu)
        let data = SyntheticData.randomTeacher(count: samples, features: widths[0], classes: widths.last!, seed: 7)
        let theta = model.initialParameters(.uniform, seed: 1).values
        let hvp = HessianVectorProduct(model: model, parameters: theta, inputs: data.inputs, labels: data.labels)
        var rng = SplitMix64(seed: 2)
        let v = (0..<model.parameterCount).map { _ in Float(rng.nextGaussian()) }
        var out = [Float](repeating: 0, count: model.parameterCount)
        hvp.apply(v, into: &out)  // warm-up
        let name = widths.map(String.init).joined(separator: "-")
        func line(_ task: String, _ seconds: Double, _ flop: Int, _ sgemm: Double) -> CurvatureLine {
            let rate = Double(samples) * Double(flop) / seconds / 1e9
            return CurvatureLine(task: task, model: name, samples: samples, threads: threads, seconds: seconds,
                                 flopPerSample: flop, sgemmGFLOPS: sgemm, efficiency: rate / sgemm)
        }
        var sgemm = sgemmGFLOPS(size: sgemmSize)
        var best = Double.infinity
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            hvp.update(parameters: theta)
            hvp.apply(v, into: &out)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let single = line("hvp", best, HessianVectorProduct.flopsPerSample(model, cached: false), sgemm)
        report(single)
        var op = hvp
        sgemm = sgemmGFLOPS(size: sgemmSize)
        best = .infinity
        for repetition in 0..<max(1, repetitions - 1) {
            var start = SplitMix64(seed: UInt64(repetition))
            let begin = DispatchTime.now().uptimeNanoseconds
            _ = PowerIteration(tolerance: 0, maxSteps: 20).largest(of: &op, using: &start)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9)
        }
        let power = line("power20", best, 20 * HessianVectorProduct.flopsPerSample(model, cached: true), sgemm)
        report(power)
        return [single, power]
    }
}
