import Foundation

extension ColumnExpression {
    /// Evaluates the expression on one row, reading columns through `value` (row context).
    ///
    /// Plots, tables and `where:` use this. Aggregates and member reads have no meaning on one
    /// row and yield nil; `check(columns:context:)` with `.row` reports them beforehand.
    ///
    /// - Returns: The number, or nil when the result is missing or text (a column read that is
    ///   missing, text or unknown makes arithmetic missing).
    /// - Complexity: O(expression size).
    public func evaluate(_ value: (String) -> Cell) -> Double? {
        cell(value).number
    }

    /// The value on one row as a cell: like `evaluate(_:)`, but a bare text column or literal
    /// and a comparison of texts keep their result (`name == 'CLR'` is 1 on a matching row).
    public func cell(_ value: (String) -> Cell) -> Cell {
        switch self {
        case .number(let x): return .number(x)
        case .text(let s): return .text(s)
        case .column(let name, _): return value(name)
        case .negate(let a): return a.cell(value).number.map { .number(-$0) } ?? .missing
        case .not(let a): return Self.truth(a.cell(value)).map { .number($0 ? 0 : 1) } ?? .missing
        case .binary(let op, let a, let b): return Self.apply(op, a.cell(value), b.cell(value))
        case .call(let f, let arguments, _):
            guard !f.isAggregate else { return .missing }
            if f == .if {
                guard let holds = Self.truth(arguments[0].cell(value)) else { return .missing }
                return holds ? arguments[1].cell(value) : (arguments.count > 2 ? arguments[2].cell(value) : .missing)
            }
            return Self.apply(f, arguments.map { $0.cell(value) })
        case .member: return .missing
        }
    }

    /// A cell read as a condition: nil unless it is a number other than `nan`.
    static func truth(_ cell: Cell) -> Bool? {
        guard let x = cell.number, !x.isNaN else { return nil }
        return x != 0
    }

    /// Numbers within a relative 1e-6 of each other, as `where: {lr: 0.1}` matches them.
    static func nearlyEqual(_ a: Double, _ b: Double) -> Bool {
        a == b || Swift.abs(a - b) <= 1e-6 * Swift.max(Swift.abs(a), Swift.abs(b))
    }

    /// `x op y` on cells. Arithmetic needs two numbers; `and`/`or` two conditions (numbers
    /// other than `nan`); comparisons two numbers (equal within a relative 1e-6) or two texts.
    /// Anything else is missing.
    static func apply(_ op: BinaryOperator, _ x: Cell, _ y: Cell) -> Cell {
        func boolean(_ b: Bool) -> Cell { .number(b ? 1 : 0) }
        switch op {
        case .and, .or:
            guard let p = truth(x), let q = truth(y) else { return .missing }
            return boolean(op == .and ? p && q : p || q)
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
            let order: (less: Bool, equal: Bool)
            switch (x, y) {
            case (.number(let a), .number(let b)):
                let equal = nearlyEqual(a, b)
                order = (a < b && !equal, equal)
            case (.text(let a), .text(let b)): order = (a < b, a == b)
            default: return .missing
            }
            switch op {
            case .less: return boolean(order.less)
            case .lessOrEqual: return boolean(order.less || order.equal)
            case .greater: return boolean(!order.less && !order.equal && !isUnordered(x, y))
            case .greaterOrEqual: return boolean(!order.less && !isUnordered(x, y))
            case .equal: return boolean(order.equal)
            default: return boolean(!order.equal)
            }
        case .add, .subtract, .multiply, .divide, .power:
            guard let a = x.number, let b = y.number else { return .missing }
            switch op {
            case .add: return .number(a + b)
            case .subtract: return .number(a - b)
            case .multiply: return .number(a * b)
            case .divide: return .number(a / b)
            default: return .number(Foundation.pow(a, b))
            }
        }
    }

    /// True when a comparison involves `nan`, so that `>` and `>=` are false as in IEEE.
    private static func isUnordered(_ x: Cell, _ y: Cell) -> Bool {
        (x.number?.isNaN ?? false) || (y.number?.isNaN ?? false)
    }

    /// A row function applied to its argument cells; missing unless every argument is a number.
    static func apply(_ f: Function, _ arguments: [Cell]) -> Cell {
        let numbers = arguments.compactMap(\.number)
        guard numbers.count == arguments.count, let x = numbers.first else { return .missing }
        switch f {
        case .sqrt: return .number(x.squareRoot())
        case .log: return .number(Foundation.log(x))
        case .log10: return .number(Foundation.log10(x))
        case .exp: return .number(Foundation.exp(x))
        case .abs: return .number(Swift.abs(x))
        case .round: return .number(rounded(x, digits: numbers.count > 1 ? numbers[1] : 0))
        default: return .missing
        }
    }

    /// `x` rounded to `digits` decimal places (negative: tens, hundreds …), halves away from
    /// zero; `x` itself when the scaled value is too large to have a fractional part.
    static func rounded(_ x: Double, digits: Double) -> Double {
        guard digits.isFinite else { return .nan }
        let d = Swift.max(-308, Swift.min(308, Int(digits.rounded())))
        let scale = Foundation.pow(10, Double(Swift.abs(d)))
        let scaled = d >= 0 ? x * scale : x / scale
        guard scaled.isFinite, Swift.abs(scaled) < 0x1p52 else { return x }
        return d >= 0 ? scaled.rounded() / scale : scaled.rounded() * scale
    }
}
