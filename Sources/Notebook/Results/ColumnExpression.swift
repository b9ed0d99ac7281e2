import Foundation

/// A formula over a result table's columns, such as `lr/batch`, `lr/sqrt(batch)` or `lr*step`.
///
/// The language has numbers (`0.5`, `1e-3`), column names (`[A-Za-z_][A-Za-z0-9_]*`), the
/// binary operators `+ - * / ^` (usual precedence; `^` binds tightest and associates to the
/// right, so `-x^2` is `-(x^2)` and `2^3^2` is `2^9`), unary minus, parentheses and the
/// functions `sqrt log log10 exp abs` (`log` is the natural logarithm). Evaluation is in
/// `Double`; a missing or text cell makes the result missing, and IEEE rules decide the rest
/// (`1/0` is `inf`, `sqrt(-1)` is `nan`).
///
/// - SeeAlso: `ColumnExpressionTests` for worked examples.
public indirect enum ColumnExpression: Hashable, Sendable, CustomStringConvertible {
    /// A literal, e.g. `0.5` or `1e-3`.
    case number(Double)
    /// A column read by name, e.g. `lr`.
    case column(String)
    /// Unary minus.
    case negate(ColumnExpression)
    /// `left op right`.
    case binary(BinaryOperator, ColumnExpression, ColumnExpression)
    /// `function(argument)`.
    case call(Function, ColumnExpression)

    /// An infix operator of the expression language.
    public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
    }

    /// A one-argument function of the expression language.
    public enum Function: String, Hashable, Sendable, CaseIterable {
        case sqrt, log, log10, exp, abs
    }

    /// Parses `source`, e.g. `"lr/sqrt(batch)"`.
    ///
    /// - Throws: `ExpressionError` with the 0-based offset (in Unicode scalars) of the
    ///   offending character, so a caller can point at `file:line:(column + offset)`.
    public init(parsing source: String) throws(ExpressionError) {
        var parser = ExpressionParser(source)
        self = try parser.parseAll()
    }

    /// The column names the expression reads, in order of first use.
    public var columns: [String] {
        var seen: [String] = []
        func walk(_ e: ColumnExpression) {
            switch e {
            case .number: break
            case .column(let name): if !seen.contains(name) { seen.append(name) }
            case .negate(let a), .call(_, let a): walk(a)
            case .binary(_, let a, let b): walk(a); walk(b)
            }
        }
        walk(self)
        return seen
    }

    /// Evaluates the expression, reading columns through `value`.
    ///
    /// - Returns: The number, or nil when a column read is missing, text or unknown.
    public func evaluate(_ value: (String) -> Cell) -> Double? {
        switch self {
        case .number(let x): return x
        case .column(let name): return value(name).number
        case .negate(let a): return a.evaluate(value).map { -$0 }
        case .call(let f, let a):
            guard let x = a.evaluate(value) else { return nil }
            switch f {
            case .sqrt: return x.squareRoot()
            case .log: return Foundation.log(x)
            case .log10: return Foundation.log10(x)
            case .exp: return Foundation.exp(x)
            case .abs: return Swift.abs(x)
            }
        case .binary(let op, let a, let b):
            guard let x = a.evaluate(value), let y = b.evaluate(value) else { return nil }
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return x / y
            case .power: return Foundation.pow(x, y)
            }
        }
    }

    /// A canonical spelling with the minimum of parentheses, e.g. `lr/sqrt(batch)`.
    public var description: String { render(parentPrecedence: 0, rightOperand: false) }

    private var precedence: Int {
        switch self {
        case .number, .column, .call: return 4
        case .negate: return 2
        case .binary(let op, _, _):
            switch op {
            case .add, .subtract: return 1
            case .multiply, .divide: return 2
            case .power: return 3
            }
        }
    }

    private func render(parentPrecedence: Int, rightOperand: Bool) -> String {
        let text: String
        switch self {
        case .number(let x):
            text = x == x.rounded() && Swift.abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
        case .column(let name): text = name
        case .negate(let a): text = "-" + a.render(parentPrecedence: 3, rightOperand: false)
        case .call(let f, let a): text = "\(f.rawValue)(\(a.render(parentPrecedence: 0, rightOperand: false)))"
        case .binary(let op, let a, let b):
            let p = precedence
            let leftText = a.render(parentPrecedence: op == .power ? p + 1 : p, rightOperand: false)
            let rightText = b.render(parentPrecedence: op == .power ? p : p + 1, rightOperand: true)
            text = leftText + op.rawValue + rightText
        }
        let needs = precedence < parentPrecedence
        return needs ? "(\(text))" : text
    }
}

/// A syntax error in a column expression.
public struct ExpressionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, in diagnostic style ("expected a column name or number after '*'").
    public var message: String
    /// 0-based offset in Unicode scalars of the character the error points at.
    public var offset: Int

    /// Creates a value from its parts.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(offset): \(message)" }
}
