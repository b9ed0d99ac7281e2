import Foundation
import MinimaTestSupport
import Testing
@testable import Training

@Suite("Linear-regression SDE toy")
struct LinearRegressionSDETests {
    static func toy(d: Int = 10, n: Int = 20_000, lo: Double = 0.1, seed: UInt64 = 1) -> LinearRegressionSDE {
        LinearRegressionSDE(
            LinearRegressionProblem(dimension: d, smallestEigenvalue: lo, largestEigenvalue: 2, examples: n),
            seed: seed)
    }

    @Test("the sample is expressed in the empirical Hessian's eigenbasis, centred at the least-squares optimum")
    func eigenbasis() {
        let toy = Self.toy(d: 6, n: 4000)
        let d = 6, n = 4000
        // XᵀX/N in the rotated coordinates is diag(λ): off-diagonals vanish.
        let gram = Kernels.meanGram(toy.rotated, rows: n, cols: d)
        for j in 0..<d {
            #expect(isClose(gram[j * d + j], toy.curvatures[j], rtol: 1e-10))
            for k in 0..<d where k != j { #expect(abs(gram[j * d + k]) < 1e-10) }
        }
        // Normal equations: Σᵢ eᵢ x̃ᵢ = 0 at the optimum.
        for j in 0..<d {
            let s = (0..<n).reduce(0.0) { $0 + toy.residuals[$1] * toy.rotated[$1 * d + j] } / Double(n)
            #expect(abs(s) < 1e-10)
        }
        // Tr(C) = (1/N)·Σ eᵢ²‖xᵢ‖², and the spectrum is near the population's log-spaced [0.1, 2].
        let direct = (0..<n).reduce(0.0) { acc, i in
            acc + toy.residuals[i] * toy.residuals[i] * (0..<d).reduce(0.0) { $0 + pow(toy.rotated[i * d + $1], 2) }
        } / Double(n)
        #expect(isClose(toy.noiseTrace, direct, rtol: 1e-10))
        #expect(isClose(toy.curvatures.first!, 0.1, rtol: 0.15) && isClose(toy.curvatures.last!, 2, rtol: 0.15))
    }

    @Test("the discrete-time prediction is the OU value at small η and carries κ = (N−S)/(N−1)")
    func predictionLimits() {
        let toy = Self.toy(d: 5, n: 1000)
        let small = toy.prediction(learningRate: 1e-6, batchSize: 4, sampling: .independent)
        #expect(isClose(small.discreteTime!, small.ornsteinUhlenbeck, rtol: 1e-5))
        #expect(isClose(small.exact!, small.ornsteinUhlenbeck, rtol: 1e-5))
        // Per direction: (ηκ/2S)·Σ Cⱼⱼ/(2 − ηλⱼ).
        let eta = 0.5
        let iid = toy.prediction(learningRate: eta, batchSize: 10, sampling: .independent)
        let expected = eta / 20 * zip(toy.curvatures, toy.noiseDiagonal).reduce(0) { $0 + $1.1 / (2 - eta * $1.0) }
        #expect(isClose(iid.discreteTime!, expected, rtol: 1e-12))
        let distinct = toy.prediction(learningRate: eta, batchSize: 10, sampling: .distinct)
        #expect(distinct.finiteSampleFactor == 990.0 / 999)
        #expect(isClose(distinct.discreteTime!, iid.discreteTime! * 990 / 999, rtol: 1e-12))
        #expect(toy.prediction(learningRate: 1.1, batchSize: 1, sampling: .independent).discreteTime == .infinity)
        #expect(toy.prediction(learningRate: eta, batchSize: 10, sampling: .reshuffle).exact == nil)
    }

    @Test("at small η the measured excess loss is within 4 standard errors + 2 % of (η/4S)·Tr(C)",
          arguments: [1, 4])
    func ornsteinUhlenbeck(batchSize: Int) {
        let toy = Self.toy(lo: 0.5)
        let eta = 1e-3 * Double(batchSize)
        // 30 relaxation times 1/(ηλ_min) of the slowest direction (λ_min ≈ 0.5): 60 000 steps at S = 1.
        let m = toy.simulate(learningRate: eta, batchSize: batchSize, sampling: .independent, chains: 16,
                             steps: Int(30 / (eta * toy.curvatures[0])), seed: 2)
        let ou = m.prediction.ornsteinUhlenbeck
        #expect(!m.diverged && m.standardError < 0.025 * ou, "\(m)")
        #expect(abs(m.excessLoss - ou) < 4 * m.standardError + 0.02 * ou, "\(m.excessLoss) vs OU \(ou)")
    }

    @Test("at ηλ_max = 1.6 the measurement follows the discrete-time value, far above OU")
    func discreteTime() {
        let toy = Self.toy()
        let eta = 1.6 / toy.curvatures.last!
        let m = toy.simulate(learningRate: eta, batchSize: 256, sampling: .independent, chains: 8, steps: 3000, seed: 3)
        let p = m.prediction
        #expect(m.excessLoss > 1.5 * p.ornsteinUhlenbeck)
        #expect(abs(m.excessLoss - p.exact!) < 4 * m.standardError + 0.01 * p.exact!, "\(m)")
        // The additive-noise value ignores the state-dependent noise, (η/2S)·Tr(H) ≈ 2 % here.
        #expect(abs(m.excessLoss - p.discreteTime!) < 4 * m.standardError + 0.04 * p.discreteTime!, "\(m)")
    }

    @Test("with S = 1 and large η the exact prediction includes the state-dependent noise")
    func stateDependentNoise() {
        let toy = Self.toy(d: 10, n: 5000, lo: 0.5)
        let m = toy.simulate(learningRate: 0.05, batchSize: 1, sampling: .independent, chains: 8, steps: 40_000, seed: 4)
        let p = m.prediction
        // (η/2)·Tr(H) ≈ 0.2: the exact value is well above the additive one, and it is measured.
        #expect(p.exact! > 1.1 * p.discreteTime!)
        #expect(abs(m.excessLoss - p.exact!) < 4 * m.standardError + 0.01 * p.exact!, "\(m)")
    }

    @Test("distinct-example batches from a small set are quieter by κ = (N−S)/(N−1)")
    func finiteSample() {
        let toy = Self.toy(n: 500, lo: 0.5)
        let m = toy.simulate(learningRate: 0.5, batchSize: 250, sampling: .distinct, chains: 8, steps: 3000, seed: 5)
        let iid = toy.prediction(learningRate: 0.5, batchSize: 250, sampling: .independent)
        #expect(isClose(m.prediction.finiteSampleFactor!, 250.0 / 499, rtol: 1e-12))
        #expect(abs(m.excessLoss - m.prediction.exact!) < 4 * m.standardError + 0.01 * m.prediction.exact!, "\(m)")
        #expect(m.excessLoss < 0.6 * iid.exact!)
    }

    @Test("per-epoch reshuffling falls well below OU when N·(η/S)·λ is small")
    func reshuffle() {
        let toy = Self.toy(d: 10, n: 1000, lo: 0.5)
        let m = toy.simulate(learningRate: 1e-3, batchSize: 10, sampling: .reshuffle, chains: 4, seed: 6)
        #expect(m.prediction.exact == nil)
        #expect(m.excessLoss < 0.3 * m.prediction.ornsteinUhlenbeck, "\(m)")
    }

    @Test("a learning rate beyond 2/λ_max diverges and says so")
    func divergence() {
        let toy = Self.toy(d: 4, n: 200, lo: 0.5)
        let m = toy.simulate(learningRate: 3 / toy.curvatures.last!, batchSize: 200, sampling: .distinct,
                             chains: 2, steps: 4000, seed: 7)
        #expect(m.diverged && m.excessLoss == .infinity)
    }
}
