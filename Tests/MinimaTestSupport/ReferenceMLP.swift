import Foundation

/// A naive, independent multilayer perceptron in `Double`: the oracle for the training core.
///
/// Same parameter layout as `Training.MLP` (per layer `W` [fanOut, fanIn] row-major, then `b`),
/// hidden activation `tanh` or ReLU, linear outputs and mean softmax cross-entropy computed the
/// textbook way. Triple loops, no BLAS, no shared code with the module under test.
public struct ReferenceMLP: Sendable {
    /// Layer widths from input to output.
    public var widths: [Int]
    /// True for tanh hidden units, false for ReLU.
    public var usesTanh: Bool

    /// A reference model.
    public init(widths: [Int], usesTanh: Bool) {
        self.widths = widths
        self.usesTanh = usesTanh
    }

    /// The logits [count, classes] of `inputs` [count, widths[0]].
    public func logits(parameters: [Double], inputs: [Double], count: Int) -> [Double] {
        var x = inputs
        var offset = 0
        for l in 1..<widths.count {
            let fanIn = widths[l - 1], fanOut = widths[l]
            var y = [Double](repeating: 0, count: count * fanOut)
            for s in 0..<count {
                for o in 0..<fanOut {
                    var z = parameters[offset + fanIn * fanOut + o]
                    for i in 0..<fanIn { z += parameters[offset + o * fanIn + i] * x[s * fanIn + i] }
                    if l < widths.count - 1 { z = usesTanh ? Foundation.tanh(z) : max(0, z) }
                    y[s * fanOut + o] = z
                }
            }
            offset += fanIn * fanOut + fanOut
            x = y
        }
        return x
    }

    /// Mean softmax cross-entropy of `inputs` against `labels`: `mean(log Σ_j exp z_j − z_label)`.
    public func loss(parameters: [Double], inputs: [Double], labels: [Int]) -> Double {
        let classes = widths.last!
        let z = logits(parameters: parameters, inputs: inputs, count: labels.count)
        var total = 0.0
        for (s, label) in labels.enumerated() {
            let row = z[(s * classes)..<((s + 1) * classes)]
            let m = row.max()!
            let sum = row.reduce(0) { $0 + Foundation.exp($1 - m) }
            total += Foundation.log(sum) + m - row[s * classes + label]
        }
        return total / Double(labels.count)
    }

    /// The gradient of ``loss(parameters:inputs:labels:)`` by central finite differences with step `h`.
    public func finiteDifferenceGradient(parameters: [Double], inputs: [Double], labels: [Int], h: Double = 1e-5) -> [Double] {
        var p = parameters
        return parameters.indices.map { i in
            p[i] = parameters[i] + h
            let plus = loss(parameters: p, inputs: inputs, labels: labels)
            p[i] = parameters[i] - h
            let minus = loss(parameters: p, inputs: inputs, labels: labels)
            p[i] = parameters[i]
            return (plus - minus) / (2 * h)
        }
    }
}
