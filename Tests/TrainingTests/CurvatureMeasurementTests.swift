import Foundation
import MinimaTestSupport
import Testing
@testable import Training

@Suite("Curvature measurement")
struct CurvatureMeasurementTests {
    @Test("λ_max, Tr(H), ‖H‖_F and Tr(C) agree with the dense finite-difference Hessian and the brute force")
    func againstDenseHessian() {
        let model = MLP(widths: [4, 6, 3], activation: .tanh)
        let parameters = model.initialParameters(.uniform, seed: 11)
        let data = SyntheticData.gaussianBlobs(count: 40, features: 4, classes: 3, spread: 1, seed: 12)
        let picked = Array(stride(from: 0, to: 40, by: 2))
        let subset = data.selecting(picked)
        // Dense Hessian in Double: column j is (g(θ + εeⱼ) − g(θ − εeⱼ))/2ε, then symmetrised.
        let p = model.parameterCount, epsilon = 1e-5
        let theta = parameters.values.map(Double.init)
        func gradient(_ t: [Double]) -> [Double] {
            referenceGradient(widths: model.widths, tanh: true, parameters: t,
                              inputs: subset.inputs.map(Double.init), labels: subset.labels)
        }
        var h = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            var plus = theta, minus = theta
            plus[j] += epsilon
            minus[j] -= epsilon
            for (i, (a, b)) in zip(gradient(plus), gradient(minus)).enumerated() { h[i * p + j] = (a - b) / (2 * epsilon) }
        }
        for i in 0..<p { for j in 0..<i { h[i * p + j] = (h[i * p + j] + h[j * p + i]) / 2; h[j * p + i] = h[i * p + j] } }
        let spectrum = Kernels.symmetricEigen(h, order: p).values
        let top = spectrum.max { abs($0) < abs($1) }!
        let trace = spectrum.reduce(0, +), frobenius = spectrum.reduce(0) { $0 + $1 * $1 }.squareRoot()

        let m = CurvatureMeasurement.measure(
            model: model, parameters: parameters, on: data, indices: picked,
            request: CurvatureRequest(powerIteration: PowerIteration(tolerance: 1e-9, maxSteps: 2000),
                                      eigenvalues: 2, hutchinson: Hutchinson(probes: 200), seed: 13))
        #expect(m.samples == 20)
        #expect(isClose(m.topEigenvalue!, top, rtol: 1e-3), "\(m.topEigenvalue!) vs \(top)")
        #expect(m.eigenvalues!.count == 2 && abs(m.eigenvalues![1]) <= abs(m.eigenvalues![0]) + 1e-6)
        #expect(m.powerResiduals![0] < 1e-2 * abs(top))
        #expect(abs(m.trace! - trace) < 4 * m.traceStandardError!, "\(m.trace!) ± \(m.traceStandardError!) vs \(trace)")
        let f2 = m.frobeniusNorm! * m.frobeniusNorm!
        #expect(abs(f2 - frobenius * frobenius) < 4 * m.frobeniusSquaredStandardError!)
        let noise = GradientNoise(model: model, parameters: parameters, on: subset)
        #expect(m.noiseTrace == noise.trace)
        #expect(isClose(m.loss, model.evaluate(parameters, on: subset).loss, rtol: 1e-5))
    }

    @Test("metrics not requested are nil, and the result round-trips through JSON")
    func optionalMetrics() throws {
        let model = MLP(widths: [3, 4, 2])
        let data = SyntheticData.gaussianBlobs(count: 10, features: 3, classes: 2, seed: 1)
        let m = CurvatureMeasurement.measure(
            model: model, parameters: model.initialParameters(seed: 1), on: data,
            request: CurvatureRequest(powerIteration: nil, hutchinson: Hutchinson(probes: 3), noiseTrace: false))
        #expect(m.eigenvalues == nil && m.noiseTrace == nil && m.trace != nil)
        let decoded = try JSONDecoder().decode(CurvatureMeasurement.self, from: JSONEncoder().encode(m))
        #expect(decoded == m)
    }
}
