/// The shape of one sample as the notebook checker sees it: `height × width × channels`
/// (Training's `TensorShape`, which Notebook cannot import).
public struct SampleShape: Hashable, Sendable, CustomStringConvertible {
    public var height: Int, width: Int, channels: Int

    public init(height: Int, width: Int, channels: Int) {
        (self.height, self.width, self.channels) = (height, width, channels)
    }

    public static func vector(_ n: Int) -> SampleShape { SampleShape(height: 1, width: 1, channels: n) }

    public var count: Int { height * width * channels }
    public var isVector: Bool { height == 1 && width == 1 }
    public var description: String { "\(height)×\(width)×\(channels)" }
}

/// A layer that does not fit its input, with the path of the entry that made it (`["vgg", "4"]`,
/// `["layers", "2", "residual", "body", "0"]`), so the checker can point at that entry.
public struct ShapeError: Error, Hashable, Sendable {
    public var path: [String]
    public var message: String
    public var notes: [String]
}

/// A model checked against its input: the layers (the classifier included) with the path each
/// came from, and what it costs per example.
public struct ModelPlan: Hashable, Sendable {
    /// The explicit layers, from the input to the logits.
    public var layers: [LayerItem]
    /// Trainable numbers.
    public var parameters: Double
    /// Floats of every layer output per example (inputs, residual branches and logits included).
    public var activations: Double
    /// Floats of the largest im2col patch matrix per example (0 without convolutions).
    public var patches: Double
    /// Multiply-adds × 2 of one forward pass per example.
    public var forwardFLOPs: Double
}

extension ModelSpec {
    /// The explicit layers of this model for `classes` classes, each with the spec path it comes
    /// from; the classifier comes from the model key itself.
    func expanded(classes: Int) -> [(layer: LayerItem, path: [String])] {
        let act = LayerItem.activation(activation)
        var out: [(LayerItem, [String])] = []
        switch architecture {
        case .mlp(let widths):
            for (i, w) in widths.enumerated() { out += [(.dense(units: w), ["mlp", "\(i)"]), (act, ["mlp", "\(i)"])] }
            out.append((.dense(units: classes), ["mlp"]))
        case .vgg(let items, let dense):
            for (i, item) in items.enumerated() {
                let path = ["vgg", "\(i)"]
                switch item {
                case .conv(let channels):
                    out.append((.conv(channels: channels, kernel: 3, stride: 1, padding: 1), path))
                    if batchNorm == true { out.append((.batchNorm, path)) }
                    out.append((act, path))
                case .pool:
                    out.append((.maxPool(size: 2, stride: 2), path))
                }
            }
            out.append((.flatten, ["vgg"]))
            for (i, d) in dense.enumerated() { out += [(.dense(units: d), ["dense", "\(i)"]), (act, ["dense", "\(i)"])] }
            out.append((.dense(units: classes), ["vgg"]))
        case .resnet(let spec):
            let path = ["resnet"]
            out += [(.conv(channels: spec.width, kernel: 3, stride: 1, padding: 1), path), (.batchNorm, path), (act, path)]
            var channels = spec.width
            for stage in 0..<3 {
                let width = spec.width << stage
                for block in 0..<spec.blocksPerStage {
                    let stride = stage > 0 && block == 0 ? 2 : 1
                    let body: [LayerItem] = [.conv(channels: width, kernel: 3, stride: stride, padding: 1), .batchNorm, act,
                                             .conv(channels: width, kernel: 3, stride: 1, padding: 1), .batchNorm]
                    let shortcut: [LayerItem] = stride != 1 || channels != width
                        ? [.conv(channels: width, kernel: 1, stride: stride, padding: 0), .batchNorm] : []
                    out += [(.residual(body: body, shortcut: shortcut), path), (act, path)]
                    channels = width
                }
            }
            out += [(.globalAveragePool, path), (.dense(units: classes), path)]
        case .layers(let layers):
            for (i, layer) in layers.enumerated() { out.append((layer, ["layers", "\(i)"])) }
            out.append((.dense(units: classes), ["layers"]))
        }
        return out
    }

    /// Follows the input's shape through every layer.
    /// - Throws: ``ShapeError`` at the first layer that does not fit its input.
    public func plan(input: SampleShape, classes: Int) throws(ShapeError) -> ModelPlan {
        var plan = ModelPlan(layers: [], parameters: 0, activations: Double(input.count), patches: 0, forwardFLOPs: 0)
        var shape = input
        for (layer, path) in expanded(classes: classes) {
            shape = try Self.follow(layer, from: shape, path: path, plan: &plan)
            plan.layers.append(layer)
        }
        return plan
    }

    private static func follow(_ layer: LayerItem, from input: SampleShape, path: [String],
                               plan: inout ModelPlan) throws(ShapeError) -> SampleShape {
        func fail(_ message: String, _ notes: [String] = []) -> ShapeError { ShapeError(path: path, message: message, notes: notes) }
        let vectorNote = "a vector data set (blobs, teacher) fits 'mlp' or 'dense' layers; images (fashion-mnist, mnist, cifar-10, patterns) fit convolutions"
        let output: SampleShape
        switch layer {
        case .dense(let units):
            plan.parameters += Double(input.count + 1) * Double(units)
            plan.forwardFLOPs += 2 * Double(input.count) * Double(units)
            output = .vector(units)
        case .conv(let channels, let kernel, let stride, let padding):
            guard !input.isVector || kernel == 1 else {
                throw fail("'conv' with a \(kernel)×\(kernel) kernel needs an image, but its input is a vector (\(input))", [vectorNote])
            }
            guard input.height + 2 * padding >= kernel && input.width + 2 * padding >= kernel else {
                throw fail("a \(kernel)×\(kernel) 'conv' with padding \(padding) does not fit its \(input) input",
                           ["pool less before it, or use a smaller kernel or more padding"])
            }
            let h = (input.height + 2 * padding - kernel) / stride + 1, w = (input.width + 2 * padding - kernel) / stride + 1
            output = SampleShape(height: h, width: w, channels: channels)
            let taps = Double(kernel * kernel * input.channels)
            plan.parameters += (taps + 1) * Double(channels)
            plan.forwardFLOPs += 2 * taps * Double(channels) * Double(h * w)
            plan.patches = max(plan.patches, taps * Double(h * w))
        case .maxPool(let size, let stride), .averagePool(let size, let stride):
            let name = { if case .maxPool = layer { return "maxpool" } else { return "avgpool" } }()
            guard input.height >= size && input.width >= size else {
                throw fail("'\(name): \(size)' needs a map of at least \(size)×\(size), but its input is \(input)",
                           ["pool less often, or use a larger image"])
            }
            output = SampleShape(height: (input.height - size) / stride + 1, width: (input.width - size) / stride + 1,
                                 channels: input.channels)
            plan.forwardFLOPs += Double(output.count * size * size)
        case .globalAveragePool:
            output = .vector(input.channels)
            plan.forwardFLOPs += Double(input.count)
        case .flatten:
            output = .vector(input.count)
        case .batchNorm:
            plan.parameters += 2 * Double(input.channels)
            plan.forwardFLOPs += 4 * Double(input.count)
            output = input
        case .activation:
            output = input
        case .residual(let body, let shortcut):
            for (branch, first) in [("body", body.first), ("shortcut", shortcut.first)] {
                switch first {
                case .flatten?: throw fail("a residual block's \(branch) cannot start with 'flatten'")
                case .activation(let a)?:
                    throw fail("a residual block's \(branch) cannot start with '\(a.rawValue)'", ["put the activation before the block"])
                default: break
                }
            }
            var bodyShape = input, shortcutShape = input
            for (i, inner) in body.enumerated() {
                bodyShape = try follow(inner, from: bodyShape, path: path + ["residual", "body", "\(i)"], plan: &plan)
            }
            for (i, inner) in shortcut.enumerated() {
                shortcutShape = try follow(inner, from: shortcutShape, path: path + ["residual", "shortcut", "\(i)"], plan: &plan)
            }
            guard bodyShape == shortcutShape else {
                throw fail("a residual block's body gives \(bodyShape) but its shortcut gives \(shortcutShape)",
                           shortcut.isEmpty ? ["add a projection: shortcut: [{conv: {channels: \(bodyShape.channels), kernel: 1, stride: …, padding: 0}}]"]
                                            : ["make both branches end in the same shape"])
            }
            plan.forwardFLOPs += Double(bodyShape.count)
            output = bodyShape
        }
        plan.activations += Double(output.count)
        return output
    }
}

extension DatasetSpec {
    /// The sample shape and class count of the built-in sources, known before loading; nil for a
    /// folder, whose shape is read from its files.
    public var knownShape: (shape: SampleShape, classes: Int)? {
        switch source {
        case "blobs", "teacher": return (.vector(16), 4)
        case "patterns": return (SampleShape(height: 8, width: 8, channels: 1), 4)
        case "fashion-mnist", "mnist": return (SampleShape(height: 28, width: 28, channels: 1), 10)
        case let s where s.lowercased().hasPrefix("cifar"): return (SampleShape(height: 32, width: 32, channels: 3), 10)
        default: return nil
        }
    }
}
