/// A multilayer perceptron: dense layers of any widths, a nonlinearity after every hidden layer,
/// and linear outputs (logits) fed to softmax cross-entropy.
///
/// The model is pure description (Codable, Hashable); its numbers live in ``Parameters`` and its
/// scratch memory in a ``Workspace``. Forward and backward are in `MLP+Forward.swift` and
/// `MLP+Backward.swift`.
public struct MLP: Codable, Hashable, Sendable {
    /// Layer widths from input to output, e.g. `[784, 256, 256, 10]`.
    public let widths: [Int]
    /// The hidden-layer nonlinearity.
    public let activation: Activation

    /// A model with the given widths (at least input and output) and hidden activation.
    public init(widths: [Int], activation: Activation = .relu) {
        precondition(widths.count >= 2 && widths.allSatisfy { $0 > 0 },
                     "MLP: widths \(widths) need an input and an output width, all positive")
        self.widths = widths
        self.activation = activation
    }

    /// The dense layers in order, with their offsets in the flat parameter vector.
    public var layers: [DenseLayer] {
        var offset = 0
        return (1..<widths.count).map { l in
            defer { offset += widths[l - 1] * widths[l] + widths[l] }
            return DenseLayer(fanIn: widths[l - 1], fanOut: widths[l], weightOffset: offset)
        }
    }

    /// Input features per sample.
    public var inputWidth: Int { widths[0] }
    /// Output classes.
    public var classes: Int { widths[widths.count - 1] }
    /// The number of trainable scalars.
    public var parameterCount: Int { layers.last!.endOffset }

    /// Multiply-adds of one sample's forward pass through the weight matrices, `Σ fanIn · fanOut`.
    public var multiplyAddsPerSample: Int { layers.reduce(0) { $0 + $1.fanIn * $1.fanOut } }

    /// Floating-point operations of one training sample (forward + backward, matrix products only):
    /// `6 · multiplyAdds − 2 · fanIn₁ · fanOut₁` (the first layer needs no gradient for its input).
    public var trainingFLOPsPerSample: Int {
        6 * multiplyAddsPerSample - 2 * widths[0] * widths[1]
    }

    /// The named tensor layout: `layerN.weight` [fanOut, fanIn] then `layerN.bias` [fanOut].
    public var slices: [Parameters.Slice] {
        layers.enumerated().flatMap { index, layer in
            [Parameters.Slice(name: "layer\(index + 1).weight", range: layer.weightOffset..<layer.biasOffset,
                              shape: [layer.fanOut, layer.fanIn]),
             Parameters.Slice(name: "layer\(index + 1).bias", range: layer.biasOffset..<layer.endOffset,
                              shape: [layer.fanOut])]
        }
    }

    /// Fresh parameters drawn with `initialization` from the stream `SplitMix64(seed:, purpose: "init")`.
    public func initialParameters(_ initialization: Initialization = .uniform, seed: UInt64) -> Parameters {
        var rng = SplitMix64(seed: seed, purpose: "init")
        var values = [Float](repeating: 0, count: parameterCount)
        for layer in layers { initialization.fill(layer, into: &values, using: &rng) }
        return Parameters(values: values, slices: slices)
    }
}
