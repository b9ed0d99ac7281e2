import Foundation
import MinimaTestSupport
import Testing
@testable import Training

/// The exact gradient of the mean softmax cross-entropy of an MLP in `Double`, by textbook
/// back-propagation with naive loops (same layout as `MLP`: per layer `W` [fanOut, fanIn], then
/// `b`). Differences of it give the finite-difference oracle for Hessian-vector products.
func referenceGradient(
    widths: [Int], tanh: Bool, parameters: [Double], inputs: [Double], labels: [Int32]
) -> [Double] {
    let n = labels.count, layers = widths.count - 1
    var offsets: [Int] = [], offset = 0
    for l in 0..<layers {
        offsets.append(offset)
        offset += widths[l] * widths[l + 1] + widths[l + 1]
    }
    var gradient = [Double](repeating: 0, count: offset)
    for s in 0..<n {
        var acts = [Array(inputs[(s * widths[0])..<((s + 1) * widths[0])])]
        for l in 0..<layers {
            let fanIn = widths[l], fanOut = widths[l + 1], w = offsets[l]
            acts.append((0..<fanOut).map { o in
                var z = parameters[w + fanIn * fanOut + o]
                for i in 0..<fanIn { z += parameters[w + o * fanIn + i] * acts[l][i] }
                return l == layers - 1 ? z : (tanh ? Foundation.tanh(z) : max(0, z))
            })
        }
        let logits = acts[layers], m = logits.max()!
        let e = logits.map { Foundation.exp($0 - m) }, sum = e.reduce(0, +)
        var delta = e.map { $0 / sum / Double(n) }
        delta[Int(labels[s])] -= 1 / Double(n)
        for l in stride(from: layers - 1, through: 0, by: -1) {
            let fanIn = widths[l], fanOut = widths[l + 1], w = offsets[l]
            for o in 0..<fanOut {
                for i in 0..<fanIn { gradient[w + o * fanIn + i] += delta[o] * acts[l][i] }
                gradient[w + fanIn * fanOut + o] += delta[o]
            }
            guard l > 0 else { break }
            delta = (0..<fanIn).map { i in
                var g = 0.0
                for o in 0..<fanOut { g += delta[o] * parameters[w + o * fanIn + i] }
                let a = acts[l][i]
                return tanh ? g * (1 - a * a) : (a > 0 ? g : 0)
            }
        }
    }
    return gradient
}

/// A small seeded problem: an MLP, its parameters, inputs and labels.
struct SmallNet {
    let model: MLP
    let parameters: [Float]
    let inputs: [Float]
    let labels: [Int32]

    init(widths: [Int], activation: Activation, samples: Int, seed: UInt64) {
        model = MLP(widths: widths, activation: activation)
        var rng = SplitMix64(seed: seed)
        // Larger than default initial weights, so the net is well inside its nonlinearity.
        parameters = model.initialParameters(.uniform, seed: seed).values.map { $0 * 2 }
        inputs = (0..<samples * widths[0]).map { _ in Float(rng.nextGaussian()) }
        labels = (0..<samples).map { _ in Int32(rng.nextIndex(below: widths.last!)) }
    }

    func hvp(_ v: [Float]) -> [Float] {
        let op = HessianVectorProduct(model: model, parameters: parameters, inputs: inputs, labels: labels)
        var out = [Float](repeating: 0, count: v.count)
        op.apply(v, into: &out)
        return out
    }

    func randomDirection(seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0..<model.parameterCount).map { _ in Float(rng.nextGaussian()) }
    }

    /// `(g(θ+εv) − g(θ−εv))/2ε` in Double.
    func finiteDifference(_ v: [Float], epsilon: Double = 1e-5) -> [Double] {
        let theta = parameters.map(Double.init), x = inputs.map(Double.init)
        let tanh = model.activation == .tanh
        let plus = referenceGradient(widths: model.widths, tanh: tanh,
                                     parameters: zip(theta, v).map { $0 + epsilon * Double($1) },
                                     inputs: x, labels: labels)
        let minus = referenceGradient(widths: model.widths, tanh: tanh,
                                      parameters: zip(theta, v).map { $0 - epsilon * Double($1) },
                                      inputs: x, labels: labels)
        return zip(plus, minus).map { ($0 - $1) / (2 * epsilon) }
    }
}

/// `‖a − b‖ / ‖b‖`.
func relativeError(_ a: [Float], _ b: [Double]) -> Double {
    let diff = zip(a, b).reduce(0) { $0 + (Double($1.0) - $1.1) * (Double($1.0) - $1.1) }
    return (diff / b.reduce(0) { $0 + $1 * $1 }).squareRoot()
}

@Suite("Hessian-vector products")
struct HessianVectorProductTests {
    @Test("match finite differences of exact Double gradients on tanh nets",
          arguments: [[4, 6, 3], [5, 7, 6, 4], [3, 5, 5, 5, 2]])
    func tanhFiniteDifferences(widths: [Int]) {
        let net = SmallNet(widths: widths, activation: .tanh, samples: 9, seed: UInt64(widths.count))
        let v = net.randomDirection(seed: 11)
        let error = relativeError(net.hvp(v), net.finiteDifference(v))
        #expect(error < 1e-4, "relative error \(error)")
    }

    @Test("match finite differences on ReLU nets (no kink within ε)", arguments: [[6, 8, 3], [6, 8, 8, 3]])
    func reluFiniteDifferences(widths: [Int]) {
        let net = SmallNet(widths: widths, activation: .relu, samples: 10, seed: 5)
        let v = net.randomDirection(seed: 12)
        let error = relativeError(net.hvp(v), net.finiteDifference(v, epsilon: 1e-7))
        #expect(error < 1e-4, "relative error \(error)")
    }

    @Test("equal the closed form (1/N)·Σ (diag p − ppᵀ) ⊗ x̃x̃ᵀ for softmax regression")
    func softmaxRegressionClosedForm() {
        let (d, k, n) = (4, 3, 7)
        let net = SmallNet(widths: [d, k], activation: .relu, samples: n, seed: 6)
        let v = net.randomDirection(seed: 13)
        // Parameters are W [k, d] then b [k]: the weight of class c on input j sits at c·d + j,
        // and the bias of class c at k·d + c (x̃ = [x, 1]).
        func index(_ c: Int, _ j: Int) -> Int { j < d ? c * d + j : k * d + c }
        var expected = [Double](repeating: 0, count: net.model.parameterCount)
        for s in 0..<n {
            let x = (0..<d).map { Double(net.inputs[s * d + $0]) } + [1]
            let z = (0..<k).map { c in (0...d).reduce(0.0) { $0 + Double(net.parameters[index(c, $1)]) * x[$1] } }
            let m = z.max()!, e = z.map { exp($0 - m) }, p = e.map { $0 / e.reduce(0, +) }
            for c in 0..<k { for j in 0...d { for c2 in 0..<k { for j2 in 0...d {
                let h = ((c == c2 ? p[c] : 0) - p[c] * p[c2]) * x[j] * x[j2] / Double(n)
                expected[index(c, j)] += h * Double(v[index(c2, j2)])
            } } } }
        }
        let error = relativeError(net.hvp(v), expected)
        #expect(error < 1e-5, "relative error \(error)")
    }

    @Test("are symmetric: vᵀHw = wᵀHv", arguments: [Activation.relu, .tanh])
    func symmetry(activation: Activation) {
        let net = SmallNet(widths: [8, 16, 12, 5], activation: activation, samples: 20, seed: 7)
        let v = net.randomDirection(seed: 14), w = net.randomDirection(seed: 15)
        let vHw = Kernels.dotDouble(v, net.hvp(w)), wHv = Kernels.dotDouble(w, net.hvp(v))
        #expect(isClose(vHw, wHv, rtol: 1e-4, atol: 1e-6), "\(vHw) vs \(wHv)")
    }

    @Test("are linear in the direction and report the loss at θ")
    func linearityAndLoss() {
        let net = SmallNet(widths: [5, 9, 4], activation: .tanh, samples: 6, seed: 8)
        let v = net.randomDirection(seed: 16), w = net.randomDirection(seed: 17)
        let combined = net.hvp(zip(v, w).map { 2 * $0 - $1 })
        let separate = zip(net.hvp(v), net.hvp(w)).map { 2 * Double($0) - Double($1) }
        #expect(relativeError(combined, separate) < 1e-5)
        let op = HessianVectorProduct(model: net.model, parameters: net.parameters, inputs: net.inputs,
                                      labels: net.labels)
        let reference = ReferenceMLP(widths: net.model.widths, usesTanh: true)
            .loss(parameters: net.parameters.map(Double.init), inputs: net.inputs.map(Double.init),
                  labels: net.labels.map(Int.init))
        #expect(isClose(op.loss, reference, rtol: 1e-5))
    }
}
