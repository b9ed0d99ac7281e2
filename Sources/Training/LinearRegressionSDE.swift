import Foundation

/// The linear-regression toy on which SGD's stationary excess loss has closed-form predictions
/// (PAPER.md F0): least squares in `d` dimensions on a finite sample of `N` examples.
///
/// Design note: the sample is realised once, then everything is expressed in the eigenbasis of
/// the empirical Hessian `H = XᵀX/N` and centred at the sample's optimum `w_N`. SGD commutes
/// with that rotation, so a chain tracks `δ = Vᵀ(w − w_N)` and the excess loss
/// `L(w) − L(w_N) = ½·Σⱼ λⱼ δⱼ²` costs `d` multiply-adds per step.
public struct LinearRegressionProblem: Codable, Hashable, Sendable {
    /// Input dimension `d`.
    public var dimension: Int
    /// Smallest eigenvalue of the population input covariance; the `d` eigenvalues are
    /// log-spaced from it to `largestEigenvalue` and rotated by a seeded random orthogonal matrix.
    public var smallestEigenvalue: Double
    /// Largest eigenvalue of the population input covariance.
    public var largestEigenvalue: Double
    /// Number of examples `N` in the finite training sample.
    public var examples: Int
    /// Standard deviation `σ` of the Gaussian label noise, `y = x·w* + σε`.
    public var labelNoise: Double

    /// The toy of PAPER.md F0 by default: d = 20, eigenvalues in [0.1, 2], N = 20000, σ = 1.
    public init(
        dimension: Int = 20, smallestEigenvalue: Double = 0.1, largestEigenvalue: Double = 2,
        examples: Int = 20_000, labelNoise: Double = 1
    ) {
        self.dimension = dimension
        self.smallestEigenvalue = smallestEigenvalue
        self.largestEigenvalue = largestEigenvalue
        self.examples = examples
        self.labelNoise = labelNoise
    }
}

/// A realised sample of a `LinearRegressionProblem`, ready for SGD chains and predictions.
public struct LinearRegressionSDE: Sendable {
    /// What was sampled.
    public let problem: LinearRegressionProblem
    /// Eigenvalues `λⱼ` of the empirical Hessian `H = XᵀX/N`, ascending.
    public let curvatures: [Double]
    /// Diagonal of the gradient-noise covariance at the optimum in `H`'s eigenbasis,
    /// `Cⱼⱼ = (1/N)·Σᵢ eᵢ²·x̃ᵢⱼ²` (per-example gradients `gᵢ = −eᵢxᵢ` have mean zero there).
    public let noiseDiagonal: [Double]
    /// Examples rotated into `H`'s eigenbasis, row-major `N×d`.
    let rotated: [Double]
    /// Residuals at the optimum, `eᵢ = yᵢ − xᵢ·w_N`.
    let residuals: [Double]

    /// `Tr(C)`: the trace of the per-example gradient covariance at the optimum.
    public var noiseTrace: Double { noiseDiagonal.reduce(0, +) }
    /// `Tr(H)` of the empirical Hessian.
    public var hessianTrace: Double { curvatures.reduce(0, +) }

    /// Draws the sample: the rotation, the inputs, the teacher `w* ~ N(0, I/d)` and the labels,
    /// from `SplitMix64(seed:, purpose: "sample")`.
    ///
    /// - Complexity: O(N·d²) for the Gram matrix and the rotation.
    public init(_ problem: LinearRegressionProblem, seed: UInt64) {
        var rng = SplitMix64(seed: seed, purpose: "sample")
        let d = problem.dimension, n = problem.examples
        precondition(d >= 1 && n > d, "need N > d ≥ 1, got N = \(n), d = \(d)")
        precondition(
            problem.smallestEigenvalue > 0 && problem.largestEigenvalue >= problem.smallestEigenvalue,
            "eigenvalue range [\(problem.smallestEigenvalue), \(problem.largestEigenvalue)]")
        self.problem = problem
        let lo = problem.smallestEigenvalue, hi = problem.largestEigenvalue
        let population = (0..<d).map { j in d == 1 ? hi : lo * pow(hi / lo, Double(j) / Double(d - 1)) }
        // Random rotation: the eigenvectors of a symmetric Gaussian matrix are Haar-distributed.
        var g = (0..<d * d).map { _ in rng.nextGaussian() }
        for j in 0..<d { for k in 0..<j { g[j * d + k] = g[k * d + j] } }
        let q = Kernels.symmetricEigen(g, order: d).vectors
        // x = Q·diag(√λ)·z, stored as rows: X = Z·diag(√λ)·Qᵀ.
        var mixing = [Double](repeating: 0, count: d * d)
        for k in 0..<d { for j in 0..<d { mixing[k * d + j] = population[k].squareRoot() * q[j * d + k] } }
        let z = (0..<n * d).map { _ in rng.nextGaussian() }
        let x = Kernels.matrixProduct(z, mixing, rows: n, inner: d, cols: d)
        let teacher = (0..<d).map { _ in rng.nextGaussian() / Double(d).squareRoot() }
        let clean = Kernels.matrixProduct(x, teacher, rows: n, inner: d, cols: 1)
        let labels = clean.map { $0 + problem.labelNoise * rng.nextGaussian() }
        // Empirical Hessian, its eigenbasis V, and the optimum in that basis: δ* = Λ⁻¹·(Vᵀ Xᵀy/N).
        let (lambdas, v) = Kernels.symmetricEigen(Kernels.meanGram(x, rows: n, cols: d), order: d)
        let rotated = Kernels.matrixProduct(x, v, rows: n, inner: d, cols: d)
        let moment = Kernels.matrixProduct(labels, rotated, rows: 1, inner: n, cols: d)
        let optimum = (0..<d).map { moment[$0] / Double(n) / lambdas[$0] }
        let fitted = Kernels.matrixProduct(rotated, optimum, rows: n, inner: d, cols: 1)
        let residuals = (0..<n).map { labels[$0] - fitted[$0] }
        self.curvatures = lambdas
        self.rotated = rotated
        self.residuals = residuals
        self.noiseDiagonal = Kernels.weightedDiagonal(
            rotated, weights: residuals.map { $0 * $0 }, rows: n, cols: d)
    }
}
