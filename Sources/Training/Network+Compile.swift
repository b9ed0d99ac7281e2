/// The geometry of one 2-D convolution over an NHWC batch.
struct ConvGeometry: Hashable, Sendable {
    var height: Int, width: Int, inChannels: Int
    var outChannels: Int, kernel: Int, stride: Int, padding: Int
    var outHeight: Int, outWidth: Int

    /// Inputs per output value: `kernel² · inChannels` (one im2col row).
    var patch: Int { kernel * kernel * inChannels }
    /// Output positions per sample.
    var positions: Int { outHeight * outWidth }
    /// A 1×1, stride-1, unpadded conv reads its input as the im2col matrix itself.
    var isPointwise: Bool { kernel == 1 && stride == 1 && padding == 0 }

    /// A stride-1 conv with an odd kernel and "same" padding: its input gradient is itself such a
    /// conv, of the output gradient with the flipped, transposed filters (``transposed``), one
    /// product with an inner dimension of k²·out instead of one of `out` followed by col2im.
    var hasSameTranspose: Bool { stride == 1 && kernel > 1 && 2 * padding == kernel - 1 }

    /// The geometry of the input-gradient conv of a ``hasSameTranspose`` conv: over the output
    /// gradient (`outChannels` channels) to the input's shape.
    var transposed: ConvGeometry {
        ConvGeometry(height: outHeight, width: outWidth, inChannels: outChannels, outChannels: inChannels,
                     kernel: kernel, stride: 1, padding: padding, outHeight: height, outWidth: width)
    }
}

/// The geometry of one pooling layer (no padding; windows that do not fit are dropped).
struct PoolGeometry: Hashable, Sendable {
    var height: Int, width: Int, channels: Int
    var size: Int, stride: Int
    var outHeight: Int, outWidth: Int
}

/// One layer of a compiled network: what it computes, which tensors it reads and writes, and
/// where its parameters live. Built by ``NetworkPlan``; run by the `Network+*.swift` passes.
struct PlannedLayer: Sendable {
    enum Kind: Hashable, Sendable {
        case dense(inputs: Int, units: Int)
        case conv(ConvGeometry)
        case maxPool(PoolGeometry)
        case averagePool(PoolGeometry)
        case globalAveragePool(positions: Int, channels: Int)
        case flatten
        case batchNorm(channels: Int)
        case activation(Activation)
        /// `output = input + secondInput` (the end of a residual block).
        case add
    }

    var kind: Kind
    /// Tensors read (`secondInput`: the shortcut of an `add`) and written.
    var input: Int, secondInput: Int?, output: Int
    var inputShape: TensorShape, outputShape: TensorShape
    /// Where the layer's parameters start in the flat vector, and how many there are.
    var parameterOffset = 0, parameterCount = 0
    /// `layerN` for layers with parameters.
    var name: String?
    /// A dense or conv layer whose only consumer is an activation computes it too: the
    /// activation's output tensor; the activation layer itself is then `isFused`.
    var fusedActivation: Activation?
    var fusedOutput: Int?
    var isFused = false
    /// Whether backward must form the gradient of the input (false when nothing below has
    /// parameters, e.g. the first layer), and whether it adds to that gradient (another consumer
    /// of the same tensor, later in the forward order, wrote it first in the backward order).
    var needsInputGradient = false
    var needsSecondInputGradient = false
    var accumulatesInput = false
    var accumulatesSecondInput = false
    /// Whether the R-passes read the input gradient this layer forms (directly, or through the
    /// layers below): a backward pass for curvature alone (no parameter target) skips the rest,
    /// e.g. the first hidden delta of a ReLU MLP.
    var curvatureReadsInputGradient = false
    var curvatureReadsSecondInputGradient = false
    /// Index into the workspace's per-layer scratch (batch-norm statistics, max-pool indices).
    var scratch = -1

    /// Multiply-adds of the weight product per sample.
    var multiplyAdds: Int {
        switch kind {
        case .dense(let inputs, let units): return inputs * units
        case .conv(let g): return g.positions * g.outChannels * g.patch
        default: return 0
        }
    }

    /// A short description, e.g. `conv 32 3×3/1 p1`.
    var summary: String {
        switch kind {
        case .dense(_, let units): return "dense \(units)"
        case .conv(let g): return "conv \(g.outChannels) \(g.kernel)×\(g.kernel)/\(g.stride) p\(g.padding)"
        case .maxPool(let g): return "maxpool \(g.size)/\(g.stride)"
        case .averagePool(let g): return "avgpool \(g.size)/\(g.stride)"
        case .globalAveragePool: return "global avgpool"
        case .flatten: return "flatten"
        case .batchNorm: return "batchnorm"
        case .activation(let a): return a.rawValue
        case .add: return "add"
        }
    }
}

/// A network compiled for execution: layers in forward order (a residual block as body, then
/// shortcut, then `add`), the tensors between them with their buffer sharing, and the parameter
/// layout. A function of the description only.
///
/// Buffer sharing: `flatten` reuses its input's values and gradient; an activation computes its
/// input gradient in place (it is its input's only consumer); a residual body's (and a projection
/// shortcut's) output gradient is the block's output gradient. A tensor read by two layers gets
/// its gradient written by the later one and added to by the earlier one (backward runs in
/// reverse), so no gradient buffer is ever zeroed separately.
struct NetworkPlan: Sendable {
    var layers: [PlannedLayer] = []
    /// Floats per sample of each tensor (tensor 0 is the network input).
    var tensorCounts: [Int] = []
    /// The buffer holding each tensor's values / gradient (a tensor index, the group's root).
    var valueRoot: [Int] = []
    var gradientRoot: [Int] = []
    var parameterCount = 0
    var slices: [Parameters.Slice] = []
    /// Parameter ranges that SGD, weight decay and curvature treat as trainable.
    var trainableRanges: [Range<Int>] = []
    var outputShape: TensorShape
    var hasBatchNorm = false
    /// Per tensor: whether it depends on parameters (its gradient and R-values are formed).
    var requiresGradient: [Bool] = []
    /// The tensor holding the logits.
    var logits: Int { layers.last!.output }

    init(input: TensorShape, layers specs: [LayerSpec]) throws {
        outputShape = input
        tensorCounts = [input.count]
        var position = 0
        var parameterLayers = 0
        guard !specs.isEmpty else { throw NetworkError(layer: 0, message: "a network needs at least one layer") }
        let (last, shape) = try append(specs, from: 0, shape: input, position: &position, numbered: &parameterLayers)
        guard shape.isVector, shape.channels >= 2 else {
            throw NetworkError(layer: position, message: "the last layer gives \(shape); expected a vector of at least 2 logits (end with a dense layer)")
        }
        outputShape = shape
        _ = last
        resolveSharing()
    }

    private mutating func newTensor(_ shape: TensorShape) -> Int {
        tensorCounts.append(shape.count)
        return tensorCounts.count - 1
    }

    private mutating func addParameters(_ layer: inout PlannedLayer, number: inout Int,
                                        _ tensors: [(String, [Int], Bool)]) {
        number += 1
        layer.name = "layer\(number)"
        layer.parameterOffset = parameterCount
        for (suffix, shape, trainable) in tensors {
            let size = shape.reduce(1, *)
            let range = parameterCount..<(parameterCount + size)
            slices.append(Parameters.Slice(name: "layer\(number).\(suffix)", range: range, shape: shape))
            if trainable {
                if let lastRange = trainableRanges.last, lastRange.upperBound == range.lowerBound {
                    trainableRanges[trainableRanges.count - 1] = lastRange.lowerBound..<range.upperBound
                } else {
                    trainableRanges.append(range)
                }
            }
            parameterCount += size
        }
        layer.parameterCount = parameterCount - layer.parameterOffset
    }

    private mutating func append(
        _ specs: [LayerSpec], from start: Int, shape start_shape: TensorShape, position: inout Int,
        numbered: inout Int
    ) throws -> (Int, TensorShape) {
        var tensor = start
        var shape = start_shape
        for spec in specs {
            position += 1
            let here = position
            func fail(_ message: String) -> NetworkError { NetworkError(layer: here, message: message) }
            switch spec {
            case .residual(let body, let shortcut):
                guard let first = body.first else { throw fail("a residual block needs a body") }
                for part in [first] + (shortcut.first.map { [$0] } ?? []) {
                    if case .flatten = part { throw fail("a residual branch cannot start with flatten") }
                    if case .activation = part {
                        throw fail("a residual branch cannot start with an activation (put it before the block)")
                    }
                }
                let (bodyOut, bodyShape) = try append(body, from: tensor, shape: shape, position: &position,
                                                      numbered: &numbered)
                let (shortOut, shortShape) = shortcut.isEmpty
                    ? (tensor, shape)
                    : try append(shortcut, from: tensor, shape: shape, position: &position, numbered: &numbered)
                guard bodyShape == shortShape else {
                    throw fail("the residual body gives \(bodyShape) but the shortcut gives \(shortShape); use a projection shortcut (e.g. a 1×1 conv with the body's stride)")
                }
                let output = newTensor(bodyShape)
                layers.append(PlannedLayer(kind: .add, input: bodyOut, secondInput: shortOut, output: output,
                                           inputShape: bodyShape, outputShape: bodyShape))
                tensor = output
                shape = bodyShape
                continue
            default: break
            }
            var layer = PlannedLayer(kind: .flatten, input: tensor, secondInput: nil, output: 0, inputShape: shape,
                                     outputShape: shape)
            switch spec {
            case .dense(let units):
                guard units > 0 else { throw fail("dense units must be positive, got \(units)") }
                layer.kind = .dense(inputs: shape.count, units: units)
                layer.outputShape = .vector(units)
                addParameters(&layer, number: &numbered, [("weight", [units, shape.count], true), ("bias", [units], true)])
            case .conv(let channels, let kernel, let stride, let padding):
                guard channels > 0, kernel > 0, stride > 0, padding >= 0 else {
                    throw fail("conv needs positive channels, kernel and stride and padding ≥ 0, got \(channels), \(kernel), \(stride), \(padding)")
                }
                let oh = (shape.height + 2 * padding - kernel) / stride + 1
                let ow = (shape.width + 2 * padding - kernel) / stride + 1
                guard shape.height + 2 * padding >= kernel, shape.width + 2 * padding >= kernel, oh > 0, ow > 0 else {
                    throw fail("a \(kernel)×\(kernel) conv with padding \(padding) does not fit input \(shape)")
                }
                let g = ConvGeometry(height: shape.height, width: shape.width, inChannels: shape.channels,
                                     outChannels: channels, kernel: kernel, stride: stride, padding: padding,
                                     outHeight: oh, outWidth: ow)
                layer.kind = .conv(g)
                layer.outputShape = TensorShape(height: oh, width: ow, channels: channels)
                addParameters(&layer, number: &numbered, [("weight", [channels, kernel, kernel, shape.channels], true),
                                                          ("bias", [channels], true)])
            case .maxPool(let size, let stride), .averagePool(let size, let stride):
                guard size > 0, stride > 0, shape.height >= size, shape.width >= size else {
                    throw fail("a \(size)×\(size) pool with stride \(stride) does not fit input \(shape)")
                }
                let g = PoolGeometry(height: shape.height, width: shape.width, channels: shape.channels, size: size,
                                     stride: stride, outHeight: (shape.height - size) / stride + 1,
                                     outWidth: (shape.width - size) / stride + 1)
                if case .maxPool = spec { layer.kind = .maxPool(g) } else { layer.kind = .averagePool(g) }
                layer.outputShape = TensorShape(height: g.outHeight, width: g.outWidth, channels: shape.channels)
            case .globalAveragePool:
                layer.kind = .globalAveragePool(positions: shape.height * shape.width, channels: shape.channels)
                layer.outputShape = .vector(shape.channels)
            case .flatten:
                layer.kind = .flatten
                layer.outputShape = .vector(shape.count)
            case .batchNorm:
                let c = shape.channels
                layer.kind = .batchNorm(channels: c)
                hasBatchNorm = true
                addParameters(&layer, number: &numbered, [("scale", [c], true), ("shift", [c], true),
                                                          ("running_mean", [c], false), ("running_var", [c], false)])
            case .activation(let activation):
                layer.kind = .activation(activation)
            case .residual: fatalError("handled above")
            }
            layer.output = newTensor(layer.outputShape)
            layers.append(layer)
            tensor = layer.output
            shape = layer.outputShape
        }
        return (tensor, shape)
    }

    /// Fuses activations into their producers, shares buffers, and decides which layers form or
    /// add to their input gradient.
    private mutating func resolveSharing() {
        let count = tensorCounts.count
        var consumers = [[Int]](repeating: [], count: count)
        var producer = [Int?](repeating: nil, count: count)
        for (i, layer) in layers.enumerated() {
            consumers[layer.input].append(i)
            if let second = layer.secondInput, second != layer.input { consumers[second].append(i) }
            producer[layer.output] = i
        }
        // Fusion: dense/conv → activation, when the activation is the only reader.
        for i in layers.indices {
            guard case .activation(let activation) = layers[i].kind, let p = producer[layers[i].input],
                  consumers[layers[i].input] == [i] else { continue }
            switch layers[p].kind {
            case .dense, .conv:
                layers[p].fusedActivation = activation
                layers[p].fusedOutput = layers[i].output
                layers[i].isFused = true
            default: break
            }
        }
        // Sharing, as a union of tensors per buffer.
        var valueParent = Array(0..<count), gradientParent = Array(0..<count)
        func find(_ parent: inout [Int], _ x: Int) -> Int {
            var x = x
            while parent[x] != x { x = parent[x] }
            return x
        }
        func union(_ parent: inout [Int], _ a: Int, _ b: Int) {
            let ra = find(&parent, a), rb = find(&parent, b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        for layer in layers {
            switch layer.kind {
            case .flatten:
                union(&valueParent, layer.input, layer.output)
                union(&gradientParent, layer.input, layer.output)
            case .activation:
                union(&gradientParent, layer.input, layer.output)
            case .add:
                union(&gradientParent, layer.input, layer.output)
                // A projection shortcut shares too unless it ends in an in-place layer (an
                // activation would then rewrite the gradient the body still reads).
                if let second = layer.secondInput, let p = producer[second], p > (producer[layer.input] ?? -1) {
                    if case .activation = layers[p].kind {} else if case .flatten = layers[p].kind {} else {
                        union(&gradientParent, second, layer.output)
                    }
                }
            default: break
            }
        }
        valueRoot = (0..<count).map { find(&valueParent, $0) }
        gradientRoot = (0..<count).map { find(&gradientParent, $0) }
        // Which tensors depend on parameters (their gradient is needed).
        var requires = [Bool](repeating: false, count: count)
        for i in layers.indices {
            let layer = layers[i]
            let inputs = [layer.input] + (layer.secondInput.map { [$0] } ?? [])
            layers[i].needsInputGradient = requires[layer.input]
            layers[i].needsSecondInputGradient = layer.secondInput.map { requires[$0] } ?? false
            requires[layer.output] = layer.parameterCount > 0 || inputs.contains { requires[$0] }
        }
        // The last reader (forward order) of a tensor writes its gradient; earlier ones add.
        for t in 0..<count {
            for c in consumers[t].dropLast() {
                if layers[c].input == t { layers[c].accumulatesInput = true }
                if layers[c].secondInput == t { layers[c].accumulatesSecondInput = true }
            }
        }
        requiresGradient = requires
        // Gradients the R-passes read: a product layer's output gradient when its input depends on
        // θ (δᵀ·R(x), δ·V), batch norm's always, tanh's input gradient (φ''); and every gradient
        // on the way from the loss to those.
        var read = [Bool](repeating: false, count: count)
        for layer in layers {
            switch layer.kind {
            case .dense, .conv: if layer.needsInputGradient { read[layer.output] = true }
            case .batchNorm: read[layer.output] = true
            case .activation(.tanh): read[layer.input] = true
            default: break
            }
        }
        for layer in layers where read[layer.input] || layer.secondInput.map({ read[$0] }) == true {
            read[layer.output] = true
        }
        for i in layers.indices {
            layers[i].curvatureReadsInputGradient = read[layers[i].input]
            layers[i].curvatureReadsSecondInputGradient = layers[i].secondInput.map { read[$0] } ?? false
        }
        var scratch = 0
        for i in layers.indices {
            switch layers[i].kind {
            case .maxPool, .batchNorm:
                layers[i].scratch = scratch
                scratch += 1
            default: break
            }
        }
    }
}
