import Foundation
import Notebook

/// A unit's spec as named fields (`lr`, `model.mlp`, `dataset.train`, `data file X`), in a
/// stable order, so two specs can be compared field by field in words a notebook author uses.
///
/// Constant schedules read as numbers (`lr: 0.1`), others as their description; arrays read
/// as `[8, 16]`. Run fields of a measurement or interpolation are prefixed (`run.lr`,
/// `from.lr`).
enum SpecFields {
    static func fields(of unit: WorkUnit) -> [(name: String, value: String)] {
        switch unit {
        case .run(let u): return fields(of: u)
        case .measure(let u): return flatten(u.settings) + prefixed("run.", fields(of: u.run))
        case .interpolate(let u):
            return flatten(u.settings) + prefixed("from.", fields(of: u.from)) + prefixed("to.", fields(of: u.to))
        case .simulate(let u): return flatten(u)
        }
    }

    /// The fields of one training run: train spec, seed, labels, dataset and data files.
    static func fields(of unit: RunUnit) -> [(name: String, value: String)] {
        let train = unit.run.train
        var out = flatten(train).filter { !$0.name.hasPrefix("lr.") && !$0.name.hasPrefix("batch.") }
        out.insert(("batch", schedule(train.batch)), at: 0)
        out.insert(("lr", schedule(train.lr)), at: 0)
        out.append(("seed", String(unit.run.seed)))
        if let name = unit.run.name { out.append(("name", name)) }
        if let beta = unit.run.beta { out.append(("beta", number(beta))) }
        out += prefixed("dataset.", flatten(unit.data.spec))
        out += unit.data.fileDigests.sorted { $0.key < $1.key }.map { ("data file \($0.key)", String($0.value.prefix(12))) }
        return out
    }

    /// The fields that differ between `old` and `new`, in `new`'s order (then fields only `old` has).
    static func differences(from old: [(name: String, value: String)], to new: [(name: String, value: String)])
        -> [(name: String, old: String?, new: String?)]
    {
        let before = Dictionary(old.map { ($0.name, $0.value) }) { a, _ in a }
        let after = Dictionary(new.map { ($0.name, $0.value) }) { a, _ in a }
        var out: [(String, String?, String?)] = []
        for (name, value) in new where before[name] != value { out.append((name, before[name], value)) }
        for (name, value) in old where after[name] == nil { out.append((name, value, nil)) }
        return out
    }

    /// A number in its shortest exact form: `32`, `0.1`, `1e-05`.
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }

    private static func schedule(_ s: ScheduleSpec) -> String { s.constantValue.map(number) ?? s.description }

    private static func prefixed(_ prefix: String, _ fields: [(name: String, value: String)]) -> [(name: String, value: String)] {
        fields.map { (prefix + $0.name, $0.value) }
    }

    /// Flattens the JSON encoding of `value` to dotted names; `_0` (enum payloads) is dropped.
    static func flatten(_ value: some Encodable) -> [(name: String, value: String)] {
        guard let data = try? ResultStore.encoder.encode(value),
              let json = try? JSONDecoder().decode(JSONValue.self, from: data) else { return [] }
        var out: [(String, String)] = []
        func walk(_ v: JSONValue, _ path: [String]) {
            if case .object(let members) = v {
                for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                    walk(member, key == "_0" ? path : path + [key])
                }
            } else {
                out.append((path.joined(separator: "."), v.text))
            }
        }
        walk(json, [])
        return out
    }
}

/// Any JSON value, for reading specs generically.
enum JSONValue: Decodable, Hashable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let x = try? c.decode(Double.self) { self = .number(x) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    /// The value as written in a notebook: `0.1`, `32`, `relu`, `[8, 16]`, `{a: 1}`.
    var text: String {
        switch self {
        case .null: return "none"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return SpecFields.number(x)
        case .string(let s): return s
        case .array(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.text)" }.joined(separator: ", ") + "}"
        }
    }
}
