/// One entry of an explicit `layers:` list. A layer without settings is a word, one with settings
/// a one-key mapping:
///
/// ```yaml
/// layers:
///   - conv: {channels: 32, kernel: 3, stride: 1, padding: 1}   # or conv: 32 (3×3, stride 1, "same" padding)
///   - batch_norm
///   - relu                       # or tanh
///   - maxpool: 2                 # or {size: 2, stride: 2}; avgpool likewise
///   - residual: {body: [{conv: 32}, batch_norm, relu, {conv: 32}, batch_norm], shortcut: []}
///   - global_avgpool             # h × w × c → c
///   - flatten
///   - dense: 128
/// ```
///
/// The classifier, a dense layer to the data's classes, is appended after the list.
public indirect enum LayerItem: Codable, Hashable, Sendable {
    case dense(units: Int)
    case conv(channels: Int, kernel: Int, stride: Int, padding: Int)
    case maxPool(size: Int, stride: Int)
    case averagePool(size: Int, stride: Int)
    case globalAveragePool
    case flatten
    case batchNorm
    case activation(ModelSpec.Activation)
    case residual(body: [LayerItem], shortcut: [LayerItem])

    /// The names a layer entry can start with, as written in YAML.
    enum Kind: String, CodingKey, CaseIterable {
        case conv, dense, maxpool, avgpool, globalAvgpool = "global_avgpool", flatten, batchNorm = "batch_norm"
        case relu, tanh, residual
    }

    static let words: [Kind] = [.globalAvgpool, .flatten, .batchNorm, .relu, .tanh]
    static var kindNames: String { Kind.allCases.map(\.rawValue).joined(separator: ", ") }

    public init(from decoder: any Decoder) throws {
        if let word = try? decoder.singleValueContainer().decode(String.self) {
            guard let kind = Kind(rawValue: word) else {
                throw SpecError(message: "unknown layer '\(word)'",
                                notes: Suggestion.note(for: word, in: Kind.allCases.map(\.rawValue)) + ["layers: \(Self.kindNames)"])
            }
            switch kind {
            case .globalAvgpool: self = .globalAveragePool
            case .flatten: self = .flatten
            case .batchNorm: self = .batchNorm
            case .relu: self = .activation(.relu)
            case .tanh: self = .activation(.tanh)
            case .conv: throw SpecError(message: "'conv' needs its channels", notes: ["e.g. - conv: 32, or - conv: {channels: 32, kernel: 3, stride: 1, padding: 1}"])
            case .dense: throw SpecError(message: "'dense' needs its width", notes: ["e.g. - dense: 128"])
            case .maxpool, .avgpool: throw SpecError(message: "'\(word)' needs its window", notes: ["e.g. - \(word): 2"])
            case .residual: throw SpecError(message: "'residual' needs its body", notes: ["e.g. - residual: {body: [{conv: 16}, batch_norm, relu, {conv: 16}, batch_norm]}"])
            }
            return
        }
        let c = try decoder.container(keyedBy: Kind.self)
        guard c.allKeys.count == 1, let kind = c.allKeys.first else {
            throw SpecError(message: "a layer is one name with its settings, found \(c.allKeys.count) names",
                            notes: ["write each layer as its own list entry: - conv: 32"])
        }
        switch kind {
        case .conv:
            let conv = try c.decode(ConvSettings.self, forKey: .conv)
            self = .conv(channels: conv.channels, kernel: conv.kernel, stride: conv.stride, padding: conv.padding)
        case .dense:
            let units = try c.decode(Int.self, forKey: .dense)
            guard units >= 1 else { throw SpecError(message: "'dense' width must be at least 1, found \(units)") }
            self = .dense(units: units)
        case .maxpool:
            let pool = try c.decode(PoolSettings.self, forKey: .maxpool)
            self = .maxPool(size: pool.size, stride: pool.stride)
        case .avgpool:
            let pool = try c.decode(PoolSettings.self, forKey: .avgpool)
            self = .averagePool(size: pool.size, stride: pool.stride)
        case .residual:
            let block = try c.decode(ResidualSettings.self, forKey: .residual)
            self = .residual(body: block.body, shortcut: block.shortcut)
        case .globalAvgpool, .flatten, .batchNorm, .relu, .tanh:
            throw SpecError(message: "'\(kind.rawValue)' takes no settings", notes: ["write it as a word: - \(kind.rawValue)"])
        }
    }

    public func encode(to encoder: any Encoder) throws {
        func word(_ kind: Kind) throws {
            var c = encoder.singleValueContainer()
            try c.encode(kind.rawValue)
        }
        func keyed<T: Encodable>(_ kind: Kind, _ value: T) throws {
            var c = encoder.container(keyedBy: Kind.self)
            try c.encode(value, forKey: kind)
        }
        switch self {
        case .dense(let units): try keyed(.dense, units)
        case .conv(let channels, let kernel, let stride, let padding):
            try keyed(.conv, ConvSettings(channels: channels, kernel: kernel, stride: stride, padding: padding))
        case .maxPool(let size, let stride): try keyed(.maxpool, PoolSettings(size: size, stride: stride))
        case .averagePool(let size, let stride): try keyed(.avgpool, PoolSettings(size: size, stride: stride))
        case .residual(let body, let shortcut): try keyed(.residual, ResidualSettings(body: body, shortcut: shortcut))
        case .globalAveragePool: try word(.globalAvgpool)
        case .flatten: try word(.flatten)
        case .batchNorm: try word(.batchNorm)
        case .activation(.relu): try word(.relu)
        case .activation(.tanh): try word(.tanh)
        }
    }

    /// Short form for the `model` column: `conv32k3s1p1`, `maxpool2`, `res(conv16…|id)`.
    public var summary: String {
        switch self {
        case .dense(let units): return "dense\(units)"
        case .conv(let channels, let kernel, let stride, let padding): return "conv\(channels)k\(kernel)s\(stride)p\(padding)"
        case .maxPool(let size, let stride): return size == stride ? "maxpool\(size)" : "maxpool\(size)s\(stride)"
        case .averagePool(let size, let stride): return size == stride ? "avgpool\(size)" : "avgpool\(size)s\(stride)"
        case .globalAveragePool: return "gap"
        case .flatten: return "flatten"
        case .batchNorm: return "bn"
        case .activation(let a): return a.rawValue
        case .residual(let body, let shortcut):
            return "res(\(body.map(\.summary).joined(separator: ","))|\(shortcut.isEmpty ? "id" : shortcut.map(\.summary).joined(separator: ",")))"
        }
    }
}

/// `conv: {channels, kernel = 3, stride = 1, padding = (kernel − 1) / 2}`, or `conv: channels`.
struct ConvSettings: Codable, Hashable {
    var channels: Int, kernel: Int, stride: Int, padding: Int
    enum CodingKeys: String, CodingKey, CaseIterable { case channels, kernel, stride, padding }

    init(channels: Int, kernel: Int, stride: Int, padding: Int) {
        (self.channels, self.kernel, self.stride, self.padding) = (channels, kernel, stride, padding)
    }

    init(from decoder: any Decoder) throws {
        if let channels = try? decoder.singleValueContainer().decode(Int.self) {
            self.init(channels: channels, kernel: 3, stride: 1, padding: 1)
        } else {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let kernel = try c.decodeIfPresent(Int.self, forKey: .kernel) ?? 3
            self.init(channels: try c.decode(Int.self, forKey: .channels), kernel: kernel,
                      stride: try c.decodeIfPresent(Int.self, forKey: .stride) ?? 1,
                      padding: try c.decodeIfPresent(Int.self, forKey: .padding) ?? (kernel - 1) / 2)
        }
        guard channels >= 1 else { throw SpecError(message: "'conv' channels must be at least 1, found \(channels)") }
        guard kernel >= 1 else { throw SpecError(message: "'conv' kernel must be at least 1, found \(kernel)") }
        guard stride >= 1 else { throw SpecError(message: "'conv' stride must be at least 1, found \(stride)") }
        guard padding >= 0 && padding < kernel else {
            throw SpecError(message: "'conv' padding must be in 0…\(kernel - 1) for a \(kernel)×\(kernel) kernel, found \(padding)")
        }
    }
}

/// `maxpool: {size, stride = size}`, or `maxpool: size`.
struct PoolSettings: Codable, Hashable {
    var size: Int, stride: Int
    enum CodingKeys: String, CodingKey, CaseIterable { case size, stride }

    init(size: Int, stride: Int) { (self.size, self.stride) = (size, stride) }

    init(from decoder: any Decoder) throws {
        if let size = try? decoder.singleValueContainer().decode(Int.self) {
            self.init(size: size, stride: size)
        } else {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let size = try c.decode(Int.self, forKey: .size)
            self.init(size: size, stride: try c.decodeIfPresent(Int.self, forKey: .stride) ?? size)
        }
        guard size >= 1 && stride >= 1 else {
            throw SpecError(message: "a pool's size and stride must be at least 1, found size \(size), stride \(stride)")
        }
    }
}

/// `residual: {body: [...], shortcut: [...]}`; an absent or empty shortcut is the identity.
struct ResidualSettings: Codable, Hashable {
    var body: [LayerItem], shortcut: [LayerItem]
    enum CodingKeys: String, CodingKey, CaseIterable { case body, shortcut }

    init(body: [LayerItem], shortcut: [LayerItem]) { (self.body, self.shortcut) = (body, shortcut) }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        body = try c.decode([LayerItem].self, forKey: .body)
        shortcut = try c.decodeIfPresent([LayerItem].self, forKey: .shortcut) ?? []
        guard !body.isEmpty else { throw SpecError(message: "a residual block's 'body' needs at least one layer") }
    }
}
