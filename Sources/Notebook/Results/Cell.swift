/// One value in a result table: a number, a piece of text, or nothing.
///
/// Numbers are `Double` whatever their origin (a Float loss, an Int batch size), so tables,
/// plots and CSV export treat every numeric column the same way. A run that diverged has
/// `missing` in the columns it never reached.
public enum Cell: Codable, Hashable, Sendable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case missing

    /// The numeric value, or nil for text and missing cells.
    public var number: Double? {
        if case .number(let x) = self { return x }
        return nil
    }

    /// The text value, or nil for numbers and missing cells.
    public var text: String? {
        if case .text(let s) = self { return s }
        return nil
    }

    public var description: String {
        switch self {
        case .number(let x): return "\(x)"
        case .text(let s): return s
        case .missing: return ""
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .missing
        } else if let x = try? container.decode(Double.self) {
            self = .number(x)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let x) where x.isFinite: try container.encode(x)
        case .number(let x): try container.encode(x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf"))
        case .text(let s): try container.encode(s)
        case .missing: try container.encodeNil()
        }
    }
}
