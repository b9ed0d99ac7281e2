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
        /// Threads per product (OpenBLAS itself is single-threaded).
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
    /// ReLU, uniform init) and 20 power-iteration steps, after a warm-up. Each task is measured
    /// `repeats` times, each time right after an `sgemm` (`sgemmSize`³, same threads), and keeps
    /// the best time and the best `sgemm` rate, like `run(…repeats:)` (for a shared machine).
    public static func curvature(
        widths: [Int] = [784, 512, 512, 10], samples: Int = 5000, threads: Int = 2, sgemmSize: Int = 2048,
        repeats: Int = 1, report: (CurvatureLine) -> Void = { _ in }
    ) -> [CurvatureLine] {
        Kernels.setThreads(threads)
        let model = MLP(widths: widths, activation: .relu)
        let data = SyntheticData.randomTeacher(count: samples, features: widths[0], classes: widths.last!, seed: 7)
        let theta = model.initialParameters(.uniform, seed: 1).values
        var hvp = HessianVectorProduct(model: model, parameters: theta, inputs: data.inputs, labels: data.labels)
        var rng = SplitMix64(seed: 2)
        let v = (0..<model.parameterCount).map { _ in Float(rng.nextGaussian()) }
        var out = [Float](repeating: 0, count: model.parameterCount)
        hvp.apply(v, into: &out)  // warm-up
        let name = widths.map(String.init).joined(separator: "-")
        func measure(_ task: String, flop: Int, _ body: () -> Void) -> CurvatureLine {
            var sgemm = 0.0, best = Double.infinity
            for _ in 0..<max(1, repeats) {
                sgemm = max(sgemm, sgemmGFLOPS(size: sgemmSize))
                let start = DispatchTime.now().uptimeNanoseconds
                body()
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            let rate = Double(samples) * Double(flop) / best / 1e9
            let line = CurvatureLine(task: task, model: name, samples: samples, threads: threads, seconds: best,
                                     flopPerSample: flop, sgemmGFLOPS: sgemm, efficiency: rate / sgemm)
            report(line)
            return line
        }
        let single = measure("hvp", flop: HessianVectorProduct.flopsPerSample(model, cached: false)) {
            hvp.update(parameters: theta)
            hvp.apply(v, into: &out)
        }
        var seed: UInt64 = 0
        let power = measure("power20", flop: 20 * HessianVectorProduct.flopsPerSample(model, cached: true)) {
            var start = SplitMix64(seed: seed)
            seed += 1
            _ = PowerIteration(tolerance: 0, maxSteps: 20).largest(of: &hvp, using: &start)
        }
        return [single, power]
    }
}
