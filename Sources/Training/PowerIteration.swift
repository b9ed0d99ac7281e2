/// The eigenvalue of largest magnitude of a symmetric operator by power iteration
/// (von Mises 1929), e.g. the sharpness λ_max of a loss Hessian near a minimum.
///
/// Each step costs one operator application (one Hessian-vector product). The estimate is the
/// Rayleigh quotient `vᵀHv` of the current unit vector; iteration stops when it changes by at
/// most `tolerance` relative to itself, or after `maxSteps` steps. Near a minimum the Hessian is
/// close to positive semi-definite, so this is the largest eigenvalue; far from one a negative
/// eigenvalue of larger magnitude would be returned instead (its sign shows it).
public struct PowerIteration: Codable, Hashable, Sendable {
    /// Stop when `|λₖ − λₖ₋₁| ≤ tolerance·|λₖ|` (0: always run `maxSteps`).
    public var tolerance: Double
    /// Cap on operator applications per eigenvalue.
    public var maxSteps: Int

    /// Settings for `largest(of:using:)` and `top(_:of:using:)`.
    public init(tolerance: Double = 1e-4, maxSteps: Int = 100) {
        precondition(maxSteps >= 1, "power iteration needs at least one step, got \(maxSteps)")
        self.tolerance = tolerance
        self.maxSteps = maxSteps
    }

    /// One estimated eigenpair.
    public struct Estimate: Codable, Hashable, Sendable {
        /// The Rayleigh quotient `vᵀHv` after the last step.
        public var eigenvalue: Double
        /// Operator applications used.
        public var steps: Int
        /// `‖Hv − λv‖` for the unit vector `v`: some eigenvalue lies within this of `eigenvalue`.
        public var residual: Double
        /// True when the tolerance was met before `maxSteps`.
        public var converged: Bool
        /// The unit eigenvector estimate `v`.
        public var vector: [Float]
    }

    /// Estimates the eigenvalue of largest magnitude of `op`.
    ///
    /// - Parameters:
    ///   - op: The operator; `apply` is called `steps` times.
    ///   - rng: Draws the Gaussian start vector; the same seed gives the same estimate.
    /// - Returns: The estimate, steps used and residual.
    /// - SeeAlso: `PowerIterationTests`, on matrices with known spectra.
    public func largest(
        of op: inout some SymmetricOperator, using rng: inout some RandomNumberGenerator
    ) -> Estimate {
        top(1, of: &op, using: &rng)[0]
    }

    /// The `k` eigenvalues of largest magnitude, by power iteration with deflation: each new
    /// vector is kept orthogonal to the eigenvectors already found, which is exact deflation
    /// (`H − Σⱼ λⱼuⱼuⱼᵀ` restricted to their complement) for a symmetric `H`.
    ///
    /// - Returns: `k` estimates in the order found (decreasing magnitude when well separated).
    /// - Complexity: up to `k·maxSteps` operator applications plus O(k²·n) for projections.
    public func top(
        _ k: Int, of op: inout some SymmetricOperator, using rng: inout some RandomNumberGenerator
    ) -> [Estimate] {
        let n = op.dimension
        precondition(k >= 1 && k <= n, "asked for \(k) eigenvalues of a \(n)-dimensional operator")
        var found: [Estimate] = []
        var v = [Float](repeating: 0, count: n)
        var hv = [Float](repeating: 0, count: n)
        for _ in 0..<k {
            Kernels.fillGaussian(&v, using: &rng)
            project(&v, awayFrom: found)
            normalize(&v)
            var lambda = 0.0, previous = Double.nan, steps = 0, converged = false
            while steps < maxSteps {
                op.apply(v, into: &hv)
                project(&hv, awayFrom: found)
                steps += 1
                lambda = Kernels.dotDouble(v, hv)
                if abs(lambda - previous) <= tolerance * abs(lambda) {
                    converged = true
                    break
                }
                previous = lambda
                if steps < maxSteps {
                    Kernels.scaled(hv, by: 1, into: &v)
                    if normalize(&v) == 0 { break }  // v in the null space: λ = 0 exactly
                }
            }
            // Residual of the final pair (v, λ): ‖Hv − λv‖, with Hv still in `hv`.
            Kernels.axpby(Float(-lambda), v, 1, &hv)
            let residual = Kernels.dotDouble(hv, hv).squareRoot()
            found.append(Estimate(eigenvalue: lambda, steps: steps, residual: residual,
                                  converged: converged, vector: v))
        }
        return found
    }

    /// Removes from `x` its components along the found eigenvectors.
    private func project(_ x: inout [Float], awayFrom found: [Estimate]) {
        for e in found { Kernels.axpby(Float(-Kernels.dotDouble(e.vector, x)), e.vector, 1, &x) }
    }

    /// Scales `x` to unit length; returns its former norm.
    @discardableResult
    private func normalize(_ x: inout [Float]) -> Double {
        let norm = Kernels.dotDouble(x, x).squareRoot()
        if norm > 0 { Kernels.scale(&x, by: Float(1 / norm)) }
        return norm
    }
}
