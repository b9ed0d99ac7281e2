import Testing
@testable import Training

@Suite("Hutchinson trace estimator")
struct HutchinsonTests {
    @Test("on a diagonal matrix every Rademacher probe is exact: zᵀDz = Tr D and ‖Dz‖² = ‖D‖_F²")
    func diagonalIsExact() {
        let diagonal: [Float] = [3, -1, 0.5, 2, 7]
        var op = ClosureOperator(dimension: 5) { v, out in
            for i in 0..<5 { out[i] = diagonal[i] * v[i] }
        }
        var rng = SplitMix64(seed: 1)
        let estimate = Hutchinson(probes: 4).estimate(of: &op, using: &rng)
        #expect(abs(estimate.trace - 11.5) < 1e-6)  // 3 − 1 + 0.5 + 2 + 7
        #expect(abs(estimate.frobeniusSquared - 63.25) < 1e-5)  // 9 + 1 + 0.25 + 4 + 49
        #expect(estimate.traceStandardError < 1e-6 && estimate.frobeniusSquaredStandardError < 1e-5)
    }

    @Test("on a dense matrix the estimates fall within four standard errors of Tr H and ‖H‖_F²")
    func denseUnbiased() {
        let spectrum = (0..<30).map { 0.2 * Double($0) - 1 }  // −1 … 4.8
        var op = KnownSpectrum(spectrum, seed: 2)
        var rng = SplitMix64(seed: 3)
        let estimate = Hutchinson(probes: 400).estimate(of: &op, using: &rng)
        let trace = spectrum.reduce(0, +)
        let frobenius = spectrum.reduce(0) { $0 + $1 * $1 }
        #expect(op.applications == 400)
        #expect(estimate.traceStandardError > 0)
        #expect(abs(estimate.trace - trace) < 4 * estimate.traceStandardError)
        #expect(abs(estimate.frobeniusSquared - frobenius) < 4 * estimate.frobeniusSquaredStandardError)
        // The Rademacher variance of zᵀAz is 2·Σ_{i≠j} A_ij²; its standard error must match.
        let n = 30
        var offDiagonal = 0.0
        for i in 0..<n { for j in 0..<n where i != j { offDiagonal += op.matrix[i * n + j] * op.matrix[i * n + j] } }
        let expectedError = (2 * offDiagonal / 400).squareRoot()
        #expect(abs(estimate.traceStandardError / expectedError - 1) < 0.25)
    }
}
