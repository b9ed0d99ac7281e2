/// A network as a description: an input shape and a sequence of ``LayerSpec``s (residual blocks
/// nest), ending in logits fed to softmax cross-entropy. Codable and Hashable, so it belongs in
/// run configurations and checkpoints; its numbers live in one flat ``Parameters`` vector and its
/// scratch memory in a ``Workspace``.
///
/// An ``MLP`` is the network `dense, activation, …, dense` on a vector input (``MLP/network``)
/// and trains bit for bit as it did before networks existed (`MLPGoldenTests`).
///
/// Parameter layout, in layer order (residual blocks: body, then shortcut), numbering every
/// layer with parameters `layerN` (1-based, across blocks):
/// - dense: `layerN.weight` [units, inputs], `layerN.bias` [units];
/// - conv: `layerN.weight` [out, kernel, kernel, in] (row-major: one HWC filter per output
///   channel), `layerN.bias` [out];
/// - batch norm: `layerN.scale` [c], `layerN.shift` [c], then the running statistics
///   `layerN.running_mean` [c] and `layerN.running_var` [c]. These two are not trained (their
///   gradient and Hessian rows are zero, weight decay skips them); training-mode forward passes
///   update them, evaluation reads them, and ``Network/recomputeBatchNormStatistics(_:on:indices:chunk:)``
///   sets them from data.
///
/// Adding a layer kind touches five files: a case in `LayerSpec.swift`; its shape, parameter and
/// buffer-sharing rules in `Network+Compile.swift` (`PlannedLayer.Kind`, `NetworkPlan`); its
/// forward, backward, R-forward, R-backward and per-example norm in `PlannedLayer+Passes.swift`
/// (or a `PlannedLayer+<Kind>.swift` beside `PlannedLayer+Products.swift`); its loops in a
/// `Kernels+*.swift` file; and its oracle in `Tests/MinimaTestSupport/ReferenceNetwork.swift`.
/// Training, evaluation, Hessian-vector products, Tr(C) and interpolation then work unchanged.
public struct Network: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The shape of one input sample.
    public let input: TensorShape
    /// The layers, from the input to the logits.
    public let layers: [LayerSpec]

    /// A network; traps when the layers do not fit the input (use ``validate(input:layers:)``
    /// first for user input).
    public init(input: TensorShape, layers: [LayerSpec]) {
        do {
            _ = try NetworkPlan(input: input, layers: layers)
        } catch {
            preconditionFailure("Network: \(error)")
        }
        self.input = input
        self.layers = layers
    }

    /// Checks that `layers` fit `input` and end in a vector of at least two logits.
    /// - Throws: ``NetworkError`` naming the first layer that does not fit, with the shapes.
    public static func validate(input: TensorShape, layers: [LayerSpec]) throws {
        _ = try NetworkPlan(input: input, layers: layers)
    }

    /// The compiled plan (shapes, offsets, buffers); cheap enough to rebuild per call site.
    var plan: NetworkPlan { try! NetworkPlan(input: input, layers: layers) }

    /// The shape of the logits, `1 × 1 × classes`.
    public var outputShape: TensorShape { plan.outputShape }
    /// Output classes.
    public var classes: Int { outputShape.channels }
    /// Input floats per sample.
    public var inputCount: Int { input.count }
    /// The number of scalars in the flat parameter vector (running statistics included).
    public var parameterCount: Int { plan.parameterCount }
    /// The number of trained scalars (``parameterCount`` minus batch-norm running statistics).
    public var trainableParameterCount: Int { plan.trainableRanges.reduce(0) { $0 + $1.count } }
    /// True when a layer normalises by batch statistics (training and evaluation then differ).
    public var hasBatchNorm: Bool { plan.hasBatchNorm }
    /// The named tensor layout (see the type's documentation).
    public var slices: [Parameters.Slice] { plan.slices }

    /// Multiply-adds of one sample's forward pass through the weights (dense and conv products).
    public var multiplyAddsPerSample: Int { plan.layers.reduce(0) { $0 + $1.multiplyAdds } }

    /// Floating-point operations of one training sample, products only: 2 per multiply-add for
    /// the forward pass, the weight gradient and the input gradient, minus the input gradient of
    /// layers that read the network input (it is never formed). Elementwise work (bias, ReLU,
    /// pooling, batch norm, im2col) is not counted.
    public var trainingFLOPsPerSample: Int {
        plan.layers.reduce(0) { $0 + $1.multiplyAdds * ($1.needsInputGradient ? 6 : 4) }
    }

    /// Fresh parameters: dense and conv layers draw with `initialization` (fan-in = inputs per
    /// output: `kernel² · channels` for a conv) from the stream `SplitMix64(seed:, purpose: "init")`,
    /// in layer order, weights then biases; batch norm starts at scale 1, shift 0, mean 0, var 1.
    public func initialParameters(_ initialization: Initialization = .uniform, seed: UInt64) -> Parameters {
        let plan = self.plan
        var rng = SplitMix64(seed: seed, purpose: "init")
        var values = [Float](repeating: 0, count: plan.parameterCount)
        for layer in plan.layers {
            switch layer.kind {
            case .dense(let inputs, let units):
                initialization.fill(DenseLayer(fanIn: inputs, fanOut: units, weightOffset: layer.parameterOffset),
                                    into: &values, using: &rng)
            case .conv(let g):
                initialization.fill(DenseLayer(fanIn: g.patch, fanOut: g.outChannels,
                                               weightOffset: layer.parameterOffset), into: &values, using: &rng)
            case .batchNorm(let c):
                for i in 0..<c {
                    values[layer.parameterOffset + i] = 1
                    values[layer.parameterOffset + 3 * c + i] = 1
                }
            default: break
            }
        }
        return Parameters(values: values, slices: plan.slices)
    }

    private enum CodingKeys: String, CodingKey { case input, layers }

    /// Decodes and validates (a checkpoint or cache entry with layers that do not fit is a
    /// decoding error, not a trap later).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let input = try container.decode(TensorShape.self, forKey: .input)
        let layers = try container.decode([LayerSpec].self, forKey: .layers)
        do {
            try Self.validate(input: input, layers: layers)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .layers, in: container, debugDescription: "\(error)")
        }
        self.input = input
        self.layers = layers
    }

    /// `28×28×1 → conv 32 3×3/1 p1 → relu → … → dense 10`.
    public var description: String {
        "\(input) → " + plan.layers.map(\.summary).joined(separator: " → ")
    }
}

/// Why layers do not fit an input.
public struct NetworkError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based position of the layer (in a flattened walk, blocks included), or 0 for the whole network.
    public var layer: Int
    /// What is wrong, with the shapes.
    public var message: String
    public var description: String { layer > 0 ? "layer \(layer): \(message)" : message }
}

extension Network {
    /// The MLP this network is (`dense, activation, …, dense` with one activation kind on a
    /// vector input), or nil.
    public var mlp: MLP? {
        guard input.isVector else { return nil }
        var widths = [input.count]
        var activation: Activation?
        for (index, layer) in layers.enumerated() {
            switch layer {
            case .dense(let units) where index % 2 == 0: widths.append(units)
            case .activation(let a) where index % 2 == 1 && (activation == nil || activation == a): activation = a
            default: return nil
            }
        }
        guard layers.count % 2 == 1 else { return nil }
        return MLP(widths: widths, activation: activation ?? .relu)
    }
}

extension MLP {
    /// This MLP as a network: `dense, activation` per hidden width, then a dense output layer.
    /// Same parameter layout and initial values; trains and measures to the same bits.
    public var network: Network {
        var layers: [LayerSpec] = []
        for width in widths.dropFirst().dropLast() { layers += [.dense(units: width), .activation(activation)] }
        layers.append(.dense(units: classes))
        return Network(input: .vector(inputWidth), layers: layers)
    }
}
