/// The network a `train` step trains. Inputs and classes come from the data; exactly one of
/// four forms says what lies between:
///
/// ```yaml
/// model: { mlp: [256, 256] }                          # dense hidden layers
/// model: { vgg: [32, 32, M, 64, 64, M], dense: [128], batch_norm: true }
/// model: { resnet: { depth: 8, width: 16 } }          # CIFAR-style ResNet-(6n+2)
/// model: { layers: [ {conv: 32}, relu, {maxpool: 2}, flatten, {dense: 64}, relu ] }
/// ```
///
/// `activation` (relu | tanh) and `init` (uniform | he | xavier) apply to every form.
///
/// Design note: an MLP spec encodes exactly as it did before the other forms existed (`mlp`,
/// `activation`, `init`), and the other forms add their keys only when present, because the
/// cache key is a hash of this encoding: cached MLP runs keep their keys.
public struct ModelSpec: Codable, Hashable, Sendable {
    public enum Activation: String, Codable, Hashable, Sendable, CaseIterable { case relu, tanh }
    public enum Initialization: String, Codable, Hashable, Sendable, CaseIterable { case uniform, he, xavier }

    /// What lies between the input and the classes.
    public enum Architecture: Hashable, Sendable {
        /// Dense hidden layers of these widths, each followed by the activation.
        case mlp([Int])
        /// 3×3 convolutions (padding 1) of these channel counts, each followed by the activation,
        /// `M` a 2×2 max pool; then flatten, the dense hidden layers, and the classifier.
        case vgg([VGGItem], dense: [Int])
        /// A CIFAR-style ResNet of `depth` = 6n + 2 layers and base `width` (see ``ResNetSpec``).
        case resnet(ResNetSpec)
        /// An explicit list; the classifier (a dense layer to the classes) is appended.
        case layers([LayerItem])
    }

    /// One entry of a `vgg` list: a 3×3 convolution to this many channels, or `M`, a 2×2 max pool.
    public enum VGGItem: Codable, Hashable, Sendable, CustomStringConvertible {
        case conv(Int)
        case pool

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let channels = try? c.decode(Int.self) {
                guard channels >= 1 else { throw SpecError(message: "'vgg' channel counts must be at least 1, found \(channels)") }
                self = .conv(channels)
            } else if let text = try? c.decode(String.self), text == "M" || text == "m" {
                self = .pool
            } else {
                throw SpecError(message: "'vgg' entries must be channel counts or 'M' (a 2×2 max pool)",
                                notes: ["e.g. vgg: [32, 32, M, 64, 64, M]"])
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .conv(let channels): try c.encode(channels)
            case .pool: try c.encode("M")
            }
        }

        public var description: String {
            switch self {
            case .conv(let channels): return "\(channels)"
            case .pool: return "M"
            }
        }
    }

    public var architecture: Architecture
    public var activation: Activation
    public var initialization: Initialization
    /// Batch normalisation after every convolution of a `vgg` (before the activation); nil is off.
    public var batchNorm: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mlp, vgg, dense, resnet, layers, batchNorm = "batch_norm", activation, initialization = "init"
    }

    /// An MLP with these hidden widths.
    public init(mlp: [Int], activation: Activation = .relu, initialization: Initialization = .uniform) {
        self.init(architecture: .mlp(mlp), activation: activation, initialization: initialization)
    }

    public init(architecture: Architecture, activation: Activation = .relu, initialization: Initialization = .uniform,
                batchNorm: Bool? = nil) {
        self.architecture = architecture
        self.activation = activation
        self.initialization = initialization
        self.batchNorm = batchNorm
    }

    /// The hidden widths of an MLP; nil for the other forms.
    public var mlp: [Int]? {
        if case .mlp(let widths) = architecture { return widths }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let forms: [CodingKeys] = [.mlp, .vgg, .resnet, .layers]
        let present = forms.filter { c.contains($0) }
        guard present.count == 1 else {
            throw SpecError(message: present.isEmpty
                            ? "'model' needs one of 'mlp', 'vgg', 'resnet' or 'layers'"
                            : "'model' takes one of 'mlp', 'vgg', 'resnet' or 'layers', found \(present.map { "'\($0.stringValue)'" }.joined(separator: " and "))",
                            notes: ["e.g. model: {mlp: [256, 256]} or model: {vgg: [32, 32, M], dense: [128]}"])
        }
        if c.contains(.dense) && present != [.vgg] {
            throw SpecError(message: "'dense' applies to 'vgg' only (the dense layers after its convolutions)",
                            notes: present == [.mlp] ? ["an MLP's widths are all in 'mlp'"] : ["add {dense: N} entries to 'layers'"])
        }
        if c.contains(.batchNorm) && present != [.vgg] {
            throw SpecError(message: "'batch_norm' applies to 'vgg' only",
                            notes: present == [.resnet] ? ["a ResNet always normalises its batches"]
                                : present == [.layers] ? ["add 'batch_norm' entries to 'layers' where you want them"]
                                : ["use 'vgg' or 'layers' for a network with batch normalisation"])
        }
        switch present[0] {
        case .mlp:
            let widths = try c.decode([Int].self, forKey: .mlp)
            guard widths.allSatisfy({ $0 >= 1 }) else { throw SpecError(message: "'mlp' widths must be at least 1") }
            architecture = .mlp(widths)
        case .vgg:
            let items = try c.decode([VGGItem].self, forKey: .vgg)
            guard !items.isEmpty else { throw SpecError(message: "'vgg' needs at least one entry", notes: ["e.g. vgg: [32, M]"]) }
            let dense = try c.decodeIfPresent([Int].self, forKey: .dense) ?? []
            guard dense.allSatisfy({ $0 >= 1 }) else { throw SpecError(message: "'dense' widths must be at least 1") }
            architecture = .vgg(items, dense: dense)
        case .resnet:
            architecture = .resnet(try c.decode(ResNetSpec.self, forKey: .resnet))
        default:
            let layers = try c.decode([LayerItem].self, forKey: .layers)
            architecture = .layers(layers)
        }
        activation = try c.decodeEnum(Activation.self, forKey: .activation) ?? .relu
        initialization = try c.decodeEnum(Initialization.self, forKey: .initialization) ?? .uniform
        batchNorm = try c.decodeIfPresent(Bool.self, forKey: .batchNorm)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch architecture {
        case .mlp(let widths): try c.encode(widths, forKey: .mlp)
        case .vgg(let items, let dense):
            try c.encode(items, forKey: .vgg)
            try c.encode(dense, forKey: .dense)
        case .resnet(let spec): try c.encode(spec, forKey: .resnet)
        case .layers(let layers): try c.encode(layers, forKey: .layers)
        }
        try c.encode(activation, forKey: .activation)
        try c.encode(initialization, forKey: .initialization)
        try c.encodeIfPresent(batchNorm, forKey: .batchNorm)
    }

    /// The model as a result column: `mlp 256-256` (or `linear`), `vgg[32,32,M]+dense[128]`
    /// (`+bn` with batch norm), `resnet8 width 16`, or the layer list in short form.
    public var summary: String {
        switch architecture {
        case .mlp(let widths):
            return widths.isEmpty ? "linear" : "mlp " + widths.map(String.init).joined(separator: "-")
        case .vgg(let items, let dense):
            return "vgg[\(items.map(\.description).joined(separator: ","))]"
                + (dense.isEmpty ? "" : "+dense[\(dense.map(String.init).joined(separator: ","))]")
                + (batchNorm == true ? "+bn" : "")
        case .resnet(let spec):
            return "resnet\(spec.depth) width \(spec.width)"
        case .layers(let layers):
            return "layers[\(layers.map(\.summary).joined(separator: ","))]"
        }
    }
}

/// `resnet: {depth: 8, width: 16}`: He et al.'s CIFAR ResNet of depth 6n + 2 — a 3×3
/// convolution to `width` channels, then three stages of n basic blocks (two 3×3 convolutions
/// with batch norm) at `width`, 2·`width` and 4·`width` channels, the first block of stages 2
/// and 3 with stride 2 and a 1×1 projection shortcut (convolution and batch norm), then global
/// average pooling and the classifier. ResNet-56 is `depth: 56`.
public struct ResNetSpec: Codable, Hashable, Sendable {
    public var depth: Int
    public var width: Int

    enum CodingKeys: String, CodingKey, CaseIterable { case depth, width }

    public init(depth: Int, width: Int = 16) {
        self.depth = depth
        self.width = width
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        depth = try c.decode(Int.self, forKey: .depth)
        width = try c.decodeIfPresent(Int.self, forKey: .width) ?? 16
        guard depth >= 8 && (depth - 2) % 6 == 0 else {
            throw SpecError(message: "'resnet.depth' must be 6n + 2 for n ≥ 1, found \(depth)",
                            notes: ["e.g. 8, 14, 20, 32, 44, 56 or 110"])
        }
        guard width >= 1 else { throw SpecError(message: "'resnet.width' must be at least 1, found \(width)") }
    }

    /// Basic blocks per stage.
    public var blocksPerStage: Int { (depth - 2) / 6 }
}
