import Foundation

/// Decodes any `Decodable` spec from a `YAMLNode`, with positions in every error and strict keys.
///
/// Keys are checked against the spec's `CodingKeys` when they are `CaseIterable` (every spec's
/// are): an unknown key is an error at its own position with a "did you mean" note. Type
/// errors say what was expected and what was found. Unknown keys are collected so that one
/// block reports all of them; the first type error ends the block's decoding.
struct NodeDecoder {
    /// Collects the non-fatal diagnostics of one decode.
    final class Sink: @unchecked Sendable {
        var diagnostics: [Diagnostic] = []
        let what: String   // "'train' block"
        init(what: String) { self.what = what }
    }

    /// Decodes `type` from `node`; returns the value and every diagnostic found.
    static func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode, what: String) -> (T?, [Diagnostic]) {
        let sink = Sink(what: what)
        do {
            let value = try T(from: NodeDecoderImpl(node: node, sink: sink, codingPath: []))
            return (value, sink.diagnostics)
        } catch let diagnostic as Diagnostic {
            return (nil, sink.diagnostics + [diagnostic])
        } catch let error as SpecError {
            return (nil, sink.diagnostics + [Diagnostic(.error, at: node.position, error.message, notes: error.notes)])
        } catch {
            return (nil, sink.diagnostics + [Diagnostic(.error, at: node.position, "\(error)")])
        }
    }
}

/// A diagnostic thrown from inside a spec's own `init(from:)` (e.g. a bad schedule form) at the
/// position of the node being decoded.
struct SpecError: Error {
    var message: String
    var notes: [String] = []
}

private struct NodeDecoderImpl: Decoder {
    let node: YAMLNode
    let sink: NodeDecoder.Sink
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let pairs = node.pairs else {
            throw Diagnostic(.error, at: node.position, "expected a mapping\(where_), found \(node.kindDescription)")
        }
        if let all = Key.self as? any (CodingKey & CaseIterable).Type {
            let known = allKeys(of: all)
            for pair in pairs {
                let key = pair.key.scalar ?? ""
                if !known.contains(key) {
                    sink.diagnostics.append(Diagnostic(
                        .error, at: pair.key.position, "unknown key '\(key)'\(where_)",
                        notes: Suggestion.note(for: key, in: known) + ["valid keys: \(known.joined(separator: ", "))"]))
                }
            }
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(node: node, pairs: pairs, sink: sink, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch node.content {
        case .sequence(let items): return UnkeyedContainer(items: items, sink: sink, codingPath: codingPath)
        // A single value where a list is expected is a one-element list: `seeds: 1`.
        case .scalar, .mapping: return UnkeyedContainer(items: [node], sink: sink, codingPath: codingPath)
        case .null: return UnkeyedContainer(items: [], sink: sink, codingPath: codingPath)
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleContainer(node: node, sink: sink, codingPath: codingPath)
    }

    private var where_: String {
        codingPath.isEmpty ? " in \(sink.what)" : " in '\(codingPath.map(\.stringValue).joined(separator: "."))'"
    }

    private func allKeys(of type: any (CodingKey & CaseIterable).Type) -> [String] {
        func open<K: CodingKey & CaseIterable>(_: K.Type) -> [String] { K.allCases.map(\.stringValue) }
        return open(type)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: YAMLNode
    let pairs: [YAMLNode.Pair]
    let sink: NodeDecoder.Sink
    var codingPath: [any CodingKey]

    var allKeys: [Key] { pairs.compactMap { $0.key.scalar.flatMap(Key.init(stringValue:)) } }

    func contains(_ key: Key) -> Bool { value(for: key) != nil }

    private func value(for key: Key) -> YAMLNode? {
        pairs.first { $0.key.scalar == key.stringValue }?.value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let v = value(for: key) else { return true }
        if case .null = v.content { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let v = value(for: key) else {
            throw Diagnostic(.error, at: node.position,
                             "missing key '\(key.stringValue)' in \(codingPath.isEmpty ? sink.what : "'\(codingPath.map(\.stringValue).joined(separator: "."))'")")
        }
        return try decodeValue(type, from: v, path: codingPath + [key], sink: sink)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let v = value(for: key) else { return nil }
        if case .null = v.content { return nil }
        return try decodeValue(type, from: v, path: codingPath + [key], sink: sink)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        guard let v = value(for: key) else { throw Diagnostic(.error, at: node.position, "missing key '\(key.stringValue)'") }
        return try NodeDecoderImpl(node: v, sink: sink, codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        guard let v = value(for: key) else { throw Diagnostic(.error, at: node.position, "missing key '\(key.stringValue)'") }
        return try NodeDecoderImpl(node: v, sink: sink, codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { NodeDecoderImpl(node: node, sink: sink, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        NodeDecoderImpl(node: value(for: key) ?? node, sink: sink, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [YAMLNode]
    let sink: NodeDecoder.Sink
    var codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [YAMLNode], sink: NodeDecoder.Sink, codingPath: [any CodingKey]) {
        self.items = items
        self.sink = sink
        self.codingPath = codingPath
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = items[currentIndex].content else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let item = items[currentIndex]
        let value = try decodeValue(type, from: item, path: codingPath + [IndexKey(intValue: currentIndex)], sink: sink)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        defer { currentIndex += 1 }
        return try NodeDecoderImpl(node: items[currentIndex], sink: sink, codingPath: codingPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        defer { currentIndex += 1 }
        return try NodeDecoderImpl(node: items[currentIndex], sink: sink, codingPath: codingPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        defer { currentIndex += 1 }
        return NodeDecoderImpl(node: items[currentIndex], sink: sink, codingPath: codingPath)
    }
}

private struct IndexKey: CodingKey {
    var stringValue: String { "\(intValue ?? 0)" }
    var intValue: Int?
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { return nil }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let node: YAMLNode
    let sink: NodeDecoder.Sink
    var codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        if case .null = node.content { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeValue(type, from: node, path: codingPath, sink: sink)
    }
}

/// Decodes one value: scalars by hand (so errors carry the node's position), everything else
/// through its own `init(from:)`.
private func decodeValue<T: Decodable>(_ type: T.Type, from node: YAMLNode, path: [any CodingKey],
                                       sink: NodeDecoder.Sink) throws -> T {
    let name = path.last.map { "'\($0.stringValue)'" } ?? "value"
    func mismatch(_ expected: String) -> Diagnostic {
        Diagnostic(.error, at: node.position, "\(name) must be \(expected), found \(node.kindDescription)")
    }
    let text = node.scalar
    switch type {
    case is String.Type:
        guard let s = text else { throw mismatch("text") }
        return s as! T
    case is Double.Type:
        guard let s = text, let x = parseNumber(s) else { throw mismatch("a number") }
        return x as! T
    case is Float.Type:
        guard let s = text, let x = parseNumber(s) else { throw mismatch("a number") }
        return Float(x) as! T
    case is Int.Type:
        guard let s = text, let x = parseInteger(s) else { throw mismatch("a whole number") }
        return x as! T
    case is UInt64.Type:
        guard let s = text, let x = parseInteger(s), x >= 0 else { throw mismatch("a non-negative whole number") }
        return UInt64(x) as! T
    case is Bool.Type:
        guard let s = text, let b = ["true": true, "yes": true, "on": true, "false": false, "no": false, "off": false][s.lowercased()]
        else { throw mismatch("true or false") }
        return b as! T
    default:
        do {
            return try T(from: NodeDecoderImpl(node: node, sink: sink, codingPath: path))
        } catch let error as SpecError {
            throw Diagnostic(.error, at: node.position, error.message, notes: error.notes)
        } catch let error as DecodingError {
            // A plain `String` enum (synthesized decoding): list its values instead of Swift's message.
            if let choices = stringEnumChoices(T.self) {
                throw Diagnostic(.error, at: node.position,
                                 "\(name) must be one of \(choices.joined(separator: ", ")), found \(node.kindDescription)",
                                 notes: text.map { Suggestion.note(for: $0, in: choices) } ?? [])
            }
            throw Diagnostic(.error, at: node.position, "\(name) is not valid: \(describe(error))")
        }
    }
}

/// The raw values of a `String`-backed, `CaseIterable` enum, or nil for any other type.
private func stringEnumChoices(_ type: Any.Type) -> [String]? {
    guard let type = type as? any (CaseIterable & RawRepresentable).Type else { return nil }
    func open<E: CaseIterable & RawRepresentable>(_: E.Type) -> [String] { E.allCases.compactMap { $0.rawValue as? String } }
    let choices = open(type)
    return choices.isEmpty ? nil : choices
}

/// A YAML number: decimal, exponent, `.inf`; underscores allowed as separators (`10_000`).
func parseNumber(_ s: String) -> Double? {
    let t = s.replacingOccurrences(of: "_", with: "")
    switch t.lowercased() {
    case ".inf", "+.inf", "inf": return .infinity
    case "-.inf", "-inf": return -.infinity
    default: return Double(t)
    }
}

/// A YAML whole number; `1e4`-style values are accepted when they are exact integers.
func parseInteger(_ s: String) -> Int? {
    let t = s.replacingOccurrences(of: "_", with: "")
    if let i = Int(t) { return i }
    if let x = Double(t), x.rounded() == x, abs(x) < 1e15 { return Int(x) }
    return nil
}

private func describe(_ error: DecodingError) -> String {
    switch error {
    case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
        return c.debugDescription
    @unknown default:
        return "\(error)"
    }
}
