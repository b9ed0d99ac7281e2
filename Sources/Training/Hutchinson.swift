/// Stochastic estimates of `Tr(H)` and `‖H‖_F²` of a symmetric operator from Rademacher probes
/// (Hutchinson 1990): for `z` with independent ±1 entries, `E[zᵀHz] = Tr(H)` and
/// `E[‖Hz‖²] = Tr(H²) = ‖H‖_F²`.
///
/// Each probe costs one operator application (one Hessian-vector product) and yields one
/// sample of each; the estimates are sample means with standard errors `std/√probes`.
public struct Hutchinson: Codable, Hashable, Sendable {
    /// Number of Rademacher probes (at least 1; at least 2 for a standard error).
    public var probes: Int

    /// An estimator with `probes` probes (10 by default, as in PAPER.md F1).
    public init(probes: Int = 10) {
        precondition(probes >= 1, "Hutchinson needs at least one probe, got \(probes)")
        self.probes = probes
    }

    /// Estimates of the trace and the squared Frobenius norm.
    public struct Estimate: Codable, Hashable, Sendable {
        /// Mean of `zᵀHz` over the probes: an unbiased estimate of `Tr(H)`.
        public var trace: Double
        /// Standard error of `trace` (0 with one probe).
        public var traceStandardError: Double
        /// Mean of `‖Hz‖²` over the probes: an unbiased estimate of `‖H‖_F²`.
        public var frobeniusSquared: Double
        /// Standard error of `frobeniusSquared` (0 with one probe).
        public var frobeniusSquaredStandardError: Double
        /// Number of probes used.
        public var probes: Int

        /// `√frobeniusSquared`, the estimate of `‖H‖_F` (slightly biased low, by Jensen).
        public var frobeniusNorm: Double { frobeniusSquared.squareRoot() }
    }

    /// Runs the probes against `op`.
    ///
    /// - Parameters:
    ///   - op: The operator; `apply` is called `probes` times.
    ///   - rng: Draws the probe signs; the same seed gives the same estimate.
    /// - Complexity: `probes` operator applications plus O(probes·n).
    /// - SeeAlso: `HutchinsonTests`, on matrices with known trace and Frobenius norm.
    public func estimate(
        of op: inout some SymmetricOperator, using rng: inout some RandomNumberGenerator
    ) -> Estimate {
        var z = [Float](repeating: 0, count: op.dimension)
        var hz = [Float](repeating: 0, count: op.dimension)
        var traces: [Double] = [], squares: [Double] = []
        for _ in 0..<probes {
            Kernels.fillRademacher(&z, using: &rng)
            op.apply(z, into: &hz)
            traces.append(Kernels.dotDouble(z, hz))
            squares.append(Kernels.dotDouble(hz, hz))
        }
        let (t, te) = Self.meanAndStandardError(traces)
        let (f, fe) = Self.meanAndStandardError(squares)
        return Estimate(trace: t, traceStandardError: te, frobeniusSquared: f,
                        frobeniusSquaredStandardError: fe, probes: probes)
    }

    /// The sample mean and `std/√n` (sample standard deviation; 0 for one sample).
    static func meanAndStandardError(_ xs: [Double]) -> (Double, Double) {
        let mean = xs.reduce(0, +) / Double(xs.count)
        guard xs.count > 1 else { return (mean, 0) }
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
        return (mean, (variance / Double(xs.count)).squareRoot())
    }
}
