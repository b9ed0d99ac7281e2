/// A measured stationary excess loss of SGD on a `LinearRegressionSDE`, with its predictions.
public struct SDEMeasurement: Codable, Hashable, Sendable {
    /// Learning rate `η`.
    public var learningRate: Double
    /// Batch size `S`.
    public var batchSize: Int
    /// How batches were drawn.
    public var sampling: BatchSampling
    /// Independent chains, each started at the optimum `w_N`.
    public var chains: Int
    /// SGD steps per chain; the excess loss is averaged over the second half.
    public var steps: Int
    /// Mean over chains of the time-averaged excess loss `L(w) − L(w_N)`.
    public var excessLoss: Double
    /// Standard error of `excessLoss` over chains (`std/√chains`; 0 for one chain).
    public var standardError: Double
    /// True when some chain's iterate became non-finite (then `excessLoss` is infinite).
    public var diverged: Bool
    /// The predictions for the same (η, S, sampling) on the same sample.
    public var prediction: SDEPrediction
}

extension LinearRegressionSDE {
    /// A default window: 20 relaxation times `1/(ηλ_min)` of the slowest eigendirection,
    /// at least 20 000 steps and at most 50 million.
    public func defaultSteps(learningRate eta: Double) -> Int {
        let relaxation = 1 / (eta * max(curvatures.first ?? 1, 1e-12))
        return Int(min(max(20 * relaxation, 20_000), 50_000_000).rounded(.up))
    }

    /// Runs `chains` independent SGD chains from the optimum and measures the stationary excess
    /// loss over the second half of `steps` steps.
    ///
    /// - Parameters:
    ///   - learningRate: `η`.
    ///   - batchSize: `S`, between 1 and `N`.
    ///   - sampling: How batches are drawn.
    ///   - chains: Independent chains (at least 1); they share the sample, not the noise.
    ///   - steps: SGD steps per chain (`nil`: `defaultSteps(learningRate:)`).
    ///   - seed: Chain `c` draws its batches from `SplitMix64(seed:, purpose: "chain c")`, so the
    ///     same seed gives the same numbers and adding chains does not change the first ones.
    /// - Complexity: O(chains·steps·S·d) multiply-adds plus the prediction's cost.
    public func simulate(
        learningRate eta: Double, batchSize s: Int, sampling: BatchSampling,
        chains: Int = 16, steps: Int? = nil, seed: UInt64
    ) -> SDEMeasurement {
        let n = problem.examples, d = problem.dimension
        precondition(s >= 1 && s <= n && chains >= 1, "batch \(s) of \(n), \(chains) chains")
        let steps = max(2, steps ?? defaultSteps(learningRate: eta))
        let burnIn = steps / 2
        var means: [Double] = []
        var delta = [Double](repeating: 0, count: d)
        var gradient = [Double](repeating: 0, count: d)
        var order = Array(0..<n)
        var batch = [Int](repeating: 0, count: s)
        var diverged = false
        rotated.withUnsafeBufferPointer { x in
            residuals.withUnsafeBufferPointer { e in
                curvatures.withUnsafeBufferPointer { lambdas in
                    for chain in 0..<chains {
                        var rng = SplitMix64(seed: seed, purpose: "chain \(chain)")
                        for j in 0..<d { delta[j] = 0 }
                        var sum = 0.0
                        var cursor = n  // position in the current epoch's permutation
                        for t in 0..<steps {
                            switch sampling {
                            case .independent:
                                for b in 0..<s { batch[b] = rng.nextIndex(below: n) }
                            case .distinct:
                                // Partial Fisher–Yates: a uniform S-subset whatever `order` holds.
                                for b in 0..<s {
                                    order.swapAt(b, b + rng.nextIndex(below: n - b))
                                    batch[b] = order[b]
                                }
                            case .reshuffle:
                                if cursor + s > n {
                                    order.shuffle(using: &rng)
                                    cursor = 0
                                }
                                for b in 0..<s { batch[b] = order[cursor + b] }
                                cursor += s
                            }
                            batch.withUnsafeBufferPointer { bp in
                                delta.withUnsafeMutableBufferPointer { dp in
                                    gradient.withUnsafeMutableBufferPointer { gp in
                                        Kernels.leastSquaresStep(
                                            x: x.baseAddress!, residuals: e.baseAddress!, d: d, batch: bp,
                                            step: eta / Double(s), delta: dp.baseAddress!,
                                            gradient: gp.baseAddress!)
                                        if t >= burnIn {
                                            sum += Kernels.halfWeightedSquare(
                                                lambdas.baseAddress!, dp.baseAddress!, d: d)
                                        }
                                    }
                                }
                            }
                        }
                        let mean = sum / Double(steps - burnIn)
                        if !mean.isFinite { diverged = true }
                        means.append(mean)
                    }
                }
            }
        }
        let mean = diverged ? .infinity : means.reduce(0, +) / Double(chains)
        let variance = chains > 1 && !diverged
            ? means.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(chains - 1) : 0
        return SDEMeasurement(
            learningRate: eta, batchSize: s, sampling: sampling, chains: chains, steps: steps,
            excessLoss: mean, standardError: (variance / Double(chains)).squareRoot(), diverged: diverged,
            prediction: prediction(learningRate: eta, batchSize: s, sampling: sampling))
    }
}
