import Foundation

/// A learning-rate or batch-size schedule as written in a notebook.
///
/// Forms (epochs are the unit of every length):
/// - `0.1` — constant;
/// - `{step: 0.1, factor: 0.5, every: 10}` — multiply by `factor` every `every` epochs;
/// - `{cyclic: [32, 160], phase: 5}` — square wave: the first value for `phase` epochs, then the
///   second for `phase` epochs, repeated;
/// - `{triangular: [0.02, 0.1], phase: 5}` — linear from the first value up to the second over
///   `phase` epochs and back down over the next `phase`, repeated.
public enum ScheduleSpec: Codable, Hashable, Sendable, CustomStringConvertible {
    case constant(Double)
    case step(initial: Double, factor: Double, every: Int)
    case cyclic(values: [Double], phase: Int)
    case triangular(low: Double, high: Double, phase: Int)

    enum Keys: String, CodingKey, CaseIterable {
        case constant, step, factor, every, cyclic, phase, triangular
    }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let x = try? single.decode(Double.self) {
            self = .constant(x)
            return
        }
        // What `encode(to:)` (synthesized, part of every cache key) writes, e.g. {"constant": {"_0": 0.1}},
        // so that specs read back from a job manifest (minima worker) decode to the same value.
        if let encoded = try? Encoded(from: decoder) {
            self = encoded.spec
            return
        }
        let key = decoder.codingPath.last.map { "'\($0.stringValue)'" } ?? "a schedule"
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            throw SpecError(message: "\(key) must be a number or a schedule, found '\(text)'",
                            notes: ["e.g. 'lr: 0.1' or 'lr: {cyclic: [0.1, 0.02], phase: 5}'"])
        }
        let c: KeyedDecodingContainer<Keys>
        do {
            c = try decoder.container(keyedBy: Keys.self)
        } catch let d as Diagnostic where d.message.hasPrefix("expected a mapping") {
            let found = d.message.components(separatedBy: "found ").last ?? ""
            throw SpecError(message: "\(key) must be a number or a schedule, found \(found)",
                            notes: ["e.g. 'lr: 0.1' or 'lr: {cyclic: [0.1, 0.02], phase: 5}'"])
        }
        let kinds = [Keys.constant, .step, .cyclic, .triangular].filter { c.contains($0) }
        guard kinds.count == 1 else {
            throw SpecError(message: "a schedule needs exactly one of 'constant', 'step', 'cyclic', 'triangular'",
                            notes: ["e.g. 'lr: {cyclic: [0.1, 0.02], phase: 5}' or a plain number"])
        }
        switch kinds[0] {
        case .constant: self = .constant(try c.decode(Double.self, forKey: .constant))
        case .step:
            self = .step(initial: try c.decode(Double.self, forKey: .step),
                         factor: try c.decode(Double.self, forKey: .factor),
                         every: try c.decode(Int.self, forKey: .every))
        case .cyclic:
            let values = try c.decode([Double].self, forKey: .cyclic)
            guard values.count == 2 else { throw SpecError(message: "'cyclic' needs two values [first, second]") }
            self = .cyclic(values: values, phase: try c.decode(Int.self, forKey: .phase))
        default:
            let values = try c.decode([Double].self, forKey: .triangular)
            guard values.count == 2 else { throw SpecError(message: "'triangular' needs [low, high]") }
            self = .triangular(low: values[0], high: values[1], phase: try c.decode(Int.self, forKey: .phase))
        }
        if let phaseOrPeriod = self.length, phaseOrPeriod < 1 {
            throw SpecError(message: "a schedule's phase or period must be at least 1 epoch")
        }
    }

    /// Mirror of the synthesized encoding, for decoding it.
    private enum Encoded: Decodable {
        case constant(Double)
        case step(initial: Double, factor: Double, every: Int)
        case cyclic(values: [Double], phase: Int)
        case triangular(low: Double, high: Double, phase: Int)

        var spec: ScheduleSpec {
            switch self {
            case .constant(let x): return .constant(x)
            case .step(let x, let f, let e): return .step(initial: x, factor: f, every: e)
            case .cyclic(let values, let p): return .cyclic(values: values, phase: p)
            case .triangular(let l, let h, let p): return .triangular(low: l, high: h, phase: p)
            }
        }
    }

    private var length: Int? {
        switch self {
        case .constant: return nil
        case .step(_, _, let every): return every
        case .cyclic(_, let phase): return phase
        case .triangular(_, _, let phase): return phase
        }
    }

    /// The value in effect at the start of training.
    public var initialValue: Double {
        switch self {
        case .constant(let x): return x
        case .step(let x, _, _): return x
        case .cyclic(let values, _): return values[0]
        case .triangular(let low, _, _): return low
        }
    }

    /// The constant value, or nil for a varying schedule.
    public var constantValue: Double? {
        if case .constant(let x) = self { return x }
        return nil
    }

    /// Every value the schedule can take (for validity checks: batch sizes, positive rates).
    public var values: [Double] {
        switch self {
        case .constant(let x): return [x]
        case .step(let x, let f, _): return [x, x * f]
        case .cyclic(let values, _): return values
        case .triangular(let low, let high, _): return [low, high]
        }
    }

    /// The same schedule with every value multiplied by `factor` (for `scale:` sweeps).
    public func scaled(by factor: Double) -> ScheduleSpec {
        switch self {
        case .constant(let x): return .constant(x * factor)
        case .step(let x, let f, let e): return .step(initial: x * factor, factor: f, every: e)
        case .cyclic(let values, let p): return .cyclic(values: values.map { $0 * factor }, phase: p)
        case .triangular(let l, let h, let p): return .triangular(low: l * factor, high: h * factor, phase: p)
        }
    }

    public var description: String {
        func n(_ x: Double) -> String {
            if x == x.rounded() && abs(x) < 1e9 { return String(Int(x)) }
            var s = String(format: "%.6g", x)   // 0.44999999999999996 → 0.45
            if s.contains(".") && !s.contains("e") {
                while s.hasSuffix("0") { s.removeLast() }
            }
            return s
        }
        switch self {
        case .constant(let x): return n(x)
        case .step(let x, let f, let e): return "\(n(x)), ×\(n(f)) every \(e) ep"
        case .cyclic(let values, let p): return "\(values.map(n).joined(separator: "↔")) every \(p) ep"
        case .triangular(let l, let h, let p): return "\(n(l))↗\(n(h)) over \(p) ep"
        }
    }
}
