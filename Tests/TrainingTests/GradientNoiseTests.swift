import MinimaTestSupport
import Testing
@testable import Training

@Suite("Gradient-noise trace")
struct GradientNoiseTests {
    /// Tr(C) from per-example gradients formed one by one in Double (the brute force).
    static func bruteForce(model: MLP, parameters: Parameters, data: Dataset) -> (trace: Double, meanSquare: Double) {
        let n = data.count, f = data.features
        let gradients = (0..<n).map { i in
            referenceGradient(widths: model.widths, tanh: model.activation == .tanh,
                              parameters: parameters.values.map(Double.init),
                              inputs: data.inputs[(i * f)..<((i + 1) * f)].map(Double.init), labels: [data.labels[i]])
        }
        let mean = (0..<model.parameterCount).map { j in gradients.reduce(0) { $0 + $1[j] } / Double(n) }
        let trace = gradients.reduce(0) { acc, g in acc + zip(g, mean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        let meanSquare = gradients.reduce(0) { acc, g in acc + g.reduce(0) { $0 + $1 * $1 } }
        return (trace / Double(n), meanSquare / Double(n))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var widths: [Int], activation: Activation, samples: Int, chunk: Int
        var testDescription: String { "\(activation) \(widths), \(samples) samples in chunks of \(chunk)" }
    }

    @Test("equals the brute force over per-example gradients", arguments: [
        Case(widths: [5, 8, 3], activation: .tanh, samples: 12, chunk: 12),
        Case(widths: [6, 7, 5, 4], activation: .relu, samples: 17, chunk: 5),  // uneven last chunk
        Case(widths: [4, 3], activation: .relu, samples: 9, chunk: 4),         // softmax regression
    ])
    func matchesBruteForce(_ c: Case) {
        let model = MLP(widths: c.widths, activation: c.activation)
        let parameters = model.initialParameters(.uniform, seed: 3)
        let data = SyntheticData.gaussianBlobs(count: c.samples, features: c.widths[0], classes: c.widths.last!,
                                               spread: 1, seed: 4)
        let noise = GradientNoise(model: model, parameters: parameters, on: data, chunk: c.chunk)
        let expected = Self.bruteForce(model: model, parameters: parameters, data: data)
        #expect(noise.samples == c.samples)
        #expect(isClose(noise.trace, expected.trace, rtol: 1e-4), "\(noise.trace) vs \(expected.trace)")
        #expect(isClose(noise.meanSquaredNorm, expected.meanSquare, rtol: 1e-4))
        #expect(noise.trace > 0 && noise.trace < noise.meanSquaredNorm)
    }

    @Test("is measured on the chosen indices only")
    func indices() {
        let model = MLP(widths: [4, 6, 3], activation: .tanh)
        let parameters = model.initialParameters(.uniform, seed: 5)
        let data = SyntheticData.gaussianBlobs(count: 20, features: 4, classes: 3, spread: 1, seed: 6)
        let picked = [3, 7, 11, 12, 19]
        let noise = GradientNoise(model: model, parameters: parameters, on: data, indices: picked)
        let expected = Self.bruteForce(model: model, parameters: parameters, data: data.selecting(picked))
        #expect(isClose(noise.trace, expected.trace, rtol: 1e-4))
    }
}
