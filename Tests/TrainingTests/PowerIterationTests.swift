import Testing
@testable import Training

/// A dense symmetric matrix `Q·diag(λ)·Qᵀ` with a seeded random orthogonal `Q` (Gram–Schmidt of
/// a Gaussian matrix), applied by a naive loop: the operator with a known spectrum.
struct KnownSpectrum: SymmetricOperator {
    let dimension: Int
    let matrix: [Double]
    let eigenvectors: [[Double]]
    private(set) var applications = 0

    init(_ eigenvalues: [Double], seed: UInt64) {
        let n = eigenvalues.count
        var rng = SplitMix64(seed: seed)
        var basis: [[Double]] = []
        while basis.count < n {
            var v = (0..<n).map { _ in rng.nextGaussian() }
            for u in basis {
                let c = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<n { v[i] -= c * u[i] }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            basis.append(v.map { $0 / norm })
        }
        var a = [Double](repeating: 0, count: n * n)
        for (lambda, u) in zip(eigenvalues, basis) {
            for i in 0..<n { for j in 0..<n { a[i * n + j] += lambda * u[i] * u[j] } }
        }
        dimension = n
        matrix = a
        eigenvectors = basis
    }

    mutating func apply(_ v: [Float], into result: inout [Float]) {
        applications += 1
        for i in 0..<dimension {
            var s = 0.0
            for j in 0..<dimension { s += matrix[i * dimension + j] * Double(v[j]) }
            result[i] = Float(s)
        }
    }
}

@Suite("Power iteration")
struct PowerIterationTests {
    @Test("finds the largest eigenvalue of a matrix with a known spectrum, with a small residual")
    func largestEigenvalue() {
        // Spectrum 10, 5, 4.9 … : ratio 0.5 per step, so 1e-6 relative change needs ~20 steps.
        let spectrum = [10, 5] + (0..<38).map { 4.9 - 0.1 * Double($0) }
        var op = KnownSpectrum(spectrum, seed: 1)
        var rng = SplitMix64(seed: 2)
        let estimate = PowerIteration(tolerance: 1e-7, maxSteps: 200).largest(of: &op, using: &rng)
        #expect(estimate.converged)
        #expect(abs(estimate.eigenvalue - 10) < 1e-4)
        #expect(estimate.steps == op.applications)
        #expect(estimate.steps < 200)
        // Residual ‖Hv − λv‖ bounds the distance to an eigenvalue; the vector aligns with u₁.
        #expect(estimate.residual < 0.05)
        let overlap = zip(op.eigenvectors[0], estimate.vector).reduce(0) { $0 + $1.0 * Double($1.1) }
        #expect(abs(abs(overlap) - 1) < 1e-3)
    }

    @Test("stops at the step cap, unconverged, when the tolerance is zero")
    func stepCap() {
        var op = KnownSpectrum([3, 2.9, 1, 0.5], seed: 3)
        var rng = SplitMix64(seed: 4)
        let estimate = PowerIteration(tolerance: 0, maxSteps: 7).largest(of: &op, using: &rng)
        #expect(estimate.steps == 7 && op.applications == 7)
        #expect(!estimate.converged)
        // A Rayleigh quotient lies within the spectrum: 0.5 ≤ λ ≤ 3.
        #expect(estimate.eigenvalue <= 3 + 1e-5 && estimate.eigenvalue >= 0.5)
    }

    @Test("returns the eigenvalue of largest magnitude, negative if it dominates")
    func negativeDominant() {
        var op = KnownSpectrum([-8, 3, 2, 1, 0.1], seed: 5)
        var rng = SplitMix64(seed: 6)
        let estimate = PowerIteration(tolerance: 1e-9, maxSteps: 500).largest(of: &op, using: &rng)
        #expect(abs(estimate.eigenvalue + 8) < 1e-4)
    }

    @Test("deflation finds the top three eigenvalues in order")
    func topThree() {
        let spectrum = [9.0, 6, 3] + (0..<17).map { 1 - 0.05 * Double($0) }
        var op = KnownSpectrum(spectrum, seed: 7)
        var rng = SplitMix64(seed: 8)
        let estimates = PowerIteration(tolerance: 1e-9, maxSteps: 500).top(3, of: &op, using: &rng)
        #expect(estimates.count == 3)
        for (estimate, expected) in zip(estimates, [9.0, 6, 3]) {
            #expect(abs(estimate.eigenvalue - expected) < 1e-3, "\(estimate.eigenvalue) vs \(expected)")
        }
        // The eigenvectors found are orthonormal.
        let dot01 = zip(estimates[0].vector, estimates[1].vector).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        #expect(abs(dot01) < 1e-3)
    }

    @Test("the same seed gives the same estimate")
    func deterministic() {
        var a = KnownSpectrum([4, 2, 1], seed: 9), b = a
        var r1 = SplitMix64(seed: 10), r2 = SplitMix64(seed: 10)
        let power = PowerIteration(tolerance: 0, maxSteps: 5)
        #expect(power.largest(of: &a, using: &r1) == power.largest(of: &b, using: &r2))
    }
}
