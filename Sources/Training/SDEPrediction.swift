/// How SGD draws the examples of each batch.
public enum BatchSampling: String, Codable, Hashable, Sendable, CaseIterable {
    /// `S` indices drawn i.i.d. uniformly with replacement every step (the SDE's assumption).
    case independent
    /// A fresh set of `S` distinct examples every step (without replacement within the step,
    /// independent across steps): the noise is scaled by `κ = (N−S)/(N−1)`.
    case distinct
    /// A new permutation every epoch, cut into `⌊N/S⌋` batches (the last partial batch is
    /// dropped). The noise summed over an epoch is nearly zero, so no prediction applies.
    case reshuffle
}

/// Predicted stationary excess loss `E[L(w) − L(w_N)]` of SGD on a `LinearRegressionSDE`.
public struct SDEPrediction: Codable, Hashable, Sendable {
    /// The Ornstein–Uhlenbeck value `(η/4S)·Tr(C)` (PAPER.md claim 2), with i.i.d. batches.
    public var ornsteinUhlenbeck: Double
    /// The finite-N factor `κ = (N−S)/(N−1)` for `.distinct`, 1 for `.independent`,
    /// `nil` for `.reshuffle`.
    public var finiteSampleFactor: Double?
    /// The discrete-time value with additive noise: the discrete Lyapunov equation
    /// `Σ = AΣAᵀ + (η²κ/S)·C`, `A = I − ηH`, solved per eigendirection of `H`, which gives
    /// `(ηκ/2S)·Σⱼ Cⱼⱼ/(2 − ηλⱼ)`. Infinite when some `ηλⱼ ≥ 2`; `nil` for `.reshuffle`.
    public var discreteTime: Double?
    /// The exact stationary value of the chain, including the state-dependent part of the
    /// least-squares gradient noise: `Σ = AΣA + (η²κ/S)·(C + M(Σ) − HΣH)` with
    /// `M(Σ) = (1/N)·Σᵢ (xᵢᵀΣxᵢ)xᵢxᵢᵀ`, solved by fixed-point iteration. Infinite when the
    /// second moment diverges; `nil` for `.reshuffle`.
    public var exact: Double?

    /// A prediction from its values.
    public init(ornsteinUhlenbeck: Double, finiteSampleFactor: Double?, discreteTime: Double?, exact: Double?) {
        self.ornsteinUhlenbeck = ornsteinUhlenbeck
        self.finiteSampleFactor = finiteSampleFactor
        self.discreteTime = discreteTime
        self.exact = exact
    }
}

extension LinearRegressionSDE {
    /// The predictions for SGD with learning rate `η` and batch size `S` under a sampling mode.
    ///
    /// - Complexity: O(d) for the OU and discrete values; the exact value costs O(N·d²) per
    ///   fixed-point iteration, typically 5–30 iterations.
    /// - SeeAlso: `LinearRegressionSDETests`, which check each against long simulations.
    public func prediction(
        learningRate eta: Double, batchSize s: Int, sampling: BatchSampling
    ) -> SDEPrediction {
        let n = problem.examples
        precondition(s >= 1 && s <= n, "batch size \(s) for \(n) examples")
        let ou = eta / (4 * Double(s)) * noiseTrace
        let kappa: Double
        switch sampling {
        case .independent: kappa = 1
        case .distinct: kappa = n > 1 ? Double(n - s) / Double(n - 1) : 0
        case .reshuffle:
            return SDEPrediction(ornsteinUhlenbeck: ou, finiteSampleFactor: nil, discreteTime: nil, exact: nil)
        }
        var discrete = 0.0
        for (lambda, c) in zip(curvatures, noiseDiagonal) {
            discrete += eta * lambda >= 2 ? .infinity : c / (2 - eta * lambda)
        }
        discrete *= eta * kappa / (2 * Double(s))
        let exact = discrete.isFinite ? exactExcess(eta: eta, noiseScale: eta * eta * kappa / Double(s)) : .infinity
        return SDEPrediction(ornsteinUhlenbeck: ou, finiteSampleFactor: kappa, discreteTime: discrete, exact: exact)
    }

    /// Solves `Σ = AΣA + c·(C + M(Σ) − ΛΣΛ)` in `H`'s eigenbasis (`A = I − ηΛ` diagonal):
    /// `Σⱼₖ = c·[C + M(Σ) − ΛΣΛ]ⱼₖ / (1 − aⱼaₖ)`, iterated from `Σ = 0`. Returns `½·Tr(ΛΣ)`.
    private func exactExcess(eta: Double, noiseScale c: Double) -> Double {
        let d = problem.dimension, n = problem.examples
        let a = curvatures.map { 1 - eta * $0 }
        // Full noise covariance at the optimum, C = (1/N)·Σ eᵢ² x̃ᵢx̃ᵢᵀ (rotated coordinates).
        let weighted = (0..<n * d).map { rotated[$0] * abs(residuals[$0 / d]) }
        let noise = Kernels.meanGram(weighted, rows: n, cols: d)
        var sigma = [Double](repeating: 0, count: d * d)
        var excess = 0.0, first = 0.0
        for iteration in 0..<200 {
            let m = Kernels.fourthMomentMap(rotated, sigma, rows: n, cols: d)
            var next = [Double](repeating: 0, count: d * d)
            for j in 0..<d {
                for k in 0..<d {
                    let drive = noise[j * d + k] + m[j * d + k] - curvatures[j] * sigma[j * d + k] * curvatures[k]
                    next[j * d + k] = c * drive / (1 - a[j] * a[k])
                }
            }
            let nextExcess = 0.5 * (0..<d).reduce(0) { $0 + curvatures[$1] * next[$1 * d + $1] }
            sigma = next
            if iteration == 0 { first = nextExcess }
            // Iterates grow without bound when the second moment of the chain diverges.
            if !nextExcess.isFinite || nextExcess > 1e6 * first { return .infinity }
            let change = abs(nextExcess - excess)
            excess = nextExcess
            if change <= 1e-12 * excess { return excess }
        }
        // Not converged in 200 iterations: the map is not a contraction (second moment diverges).
        return .infinity
    }
}
