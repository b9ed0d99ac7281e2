/// Which curvature and noise metrics `CurvatureMeasurement.measure` computes, and how.
public struct CurvatureRequest: Codable, Hashable, Sendable {
    /// Settings for λ_max (nil: skip).
    public var powerIteration: PowerIteration?
    /// How many leading eigenvalues, by deflation (at least 1).
    public var eigenvalues: Int
    /// Settings for Tr(H) and ‖H‖_F (nil: skip).
    public var hutchinson: Hutchinson?
    /// Whether to compute the gradient-noise trace Tr(C).
    public var noiseTrace: Bool
    /// Seed of the start vectors and probes: `SplitMix64(seed:, purpose: "power" | "hutchinson")`.
    public var seed: UInt64

    /// The paper notebook's defaults: 20 power steps, 10 Rademacher probes, Tr(C).
    public init(
        powerIteration: PowerIteration? = PowerIteration(tolerance: 0, maxSteps: 20), eigenvalues: Int = 1,
        hutchinson: Hutchinson? = Hutchinson(probes: 10), noiseTrace: Bool = true, seed: UInt64 = 0
    ) {
        precondition(eigenvalues >= 1, "CurvatureRequest: \(eigenvalues) eigenvalues")
        self.powerIteration = powerIteration
        self.eigenvalues = eigenvalues
        self.hutchinson = hutchinson
        self.noiseTrace = noiseTrace
        self.seed = seed
    }
}

/// Curvature and gradient-noise metrics of a model at one point on a fixed set of samples
/// (the `measure` step's numbers). Metrics not requested are nil.
public struct CurvatureMeasurement: Codable, Hashable, Sendable {
    /// Number of samples the loss averages over.
    public var samples: Int
    /// Mean loss at the point on those samples.
    public var loss: Double
    /// Fraction of those samples classified correctly at the point.
    public var accuracy: Double
    /// Leading Hessian eigenvalues by power iteration, in the order found (λ_max first).
    public var eigenvalues: [Double]?
    /// Power-iteration steps used for each eigenvalue.
    public var powerSteps: [Int]?
    /// `‖Hv − λv‖` of each eigenpair.
    public var powerResiduals: [Double]?
    /// Hutchinson's estimate of `Tr(H)`.
    public var trace: Double?
    /// Standard error of `trace` over the probes.
    public var traceStandardError: Double?
    /// `‖H‖_F = √(mean ‖Hz‖²)` over the probes.
    public var frobeniusNorm: Double?
    /// Standard error of `‖H‖_F²` over the probes.
    public var frobeniusSquaredStandardError: Double?
    /// `Tr(C)`, the gradient-noise trace (exact, from per-example gradient norms).
    public var noiseTrace: Double?

    /// λ_max: the first eigenvalue, if requested.
    public var topEigenvalue: Double? { eigenvalues?.first }

    /// Measures `request`'s metrics of `model` at `parameters` on `dataset` (or the samples at
    /// `indices`), sharing one cached forward/backward pass between power iteration and
    /// Hutchinson.
    ///
    /// - Complexity: `eigenvalues·maxSteps + probes` Hessian-vector products over the samples,
    ///   plus one gradient pass for Tr(C). Memory as `HessianVectorProduct`.
    public static func measure(
        model: MLP, parameters: Parameters, on dataset: Dataset, indices: [Int]? = nil,
        request: CurvatureRequest = CurvatureRequest()
    ) -> CurvatureMeasurement {
        measure(model: model.network, parameters: parameters, on: dataset, indices: indices, request: request)
    }

    /// ``measure(model:parameters:on:indices:request:)`` for any network: the Hessian of the
    /// training-mode loss (batch norm on batch statistics, see ``HessianVectorProduct``), Tr(C)
    /// in evaluation mode (see ``GradientNoise``).
    public static func measure(
        model: Network, parameters: Parameters, on dataset: Dataset, indices: [Int]? = nil,
        request: CurvatureRequest = CurvatureRequest()
    ) -> CurvatureMeasurement {
        let subset = indices.map { dataset.selecting($0) } ?? dataset
        var hvp = HessianVectorProduct(
            network: model, parameters: parameters.values, inputs: subset.inputs, labels: subset.labels)
        var result = CurvatureMeasurement(samples: subset.count, loss: hvp.loss, accuracy: hvp.accuracy)
        if let power = request.powerIteration {
            var rng = SplitMix64(seed: request.seed, purpose: "power")
            let estimates = power.top(request.eigenvalues, of: &hvp, using: &rng)
            result.eigenvalues = estimates.map(\.eigenvalue)
            result.powerSteps = estimates.map(\.steps)
            result.powerResiduals = estimates.map(\.residual)
        }
        if let hutchinson = request.hutchinson {
            var rng = SplitMix64(seed: request.seed, purpose: "hutchinson")
            let estimate = hutchinson.estimate(of: &hvp, using: &rng)
            result.trace = estimate.trace
            result.traceStandardError = estimate.traceStandardError
            result.frobeniusNorm = estimate.frobeniusNorm
            result.frobeniusSquaredStandardError = estimate.frobeniusSquaredStandardError
        }
        if request.noiseTrace {
            result.noiseTrace = GradientNoise(network: model, parameters: parameters, on: subset).trace
        }
        return result
    }

    init(samples: Int, loss: Double, accuracy: Double) {
        self.samples = samples
        self.loss = loss
        self.accuracy = accuracy
    }
}
