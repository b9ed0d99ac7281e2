import Foundation

/// A formula over a result table's columns: `lr/batch`, `epoch >= 30 and batch <= 64`,
/// `mean(test_acc)`, `fit(log(lambda_max), log(lr/batch)).slope`.
///
/// The language (docs/notebook-format.md, "Expressions", is the user-facing reference):
///
/// * numbers (`0.5`, `1e-3`), text in single or double quotes (`'CLR'`, no escapes), column
///   names (`[A-Za-z_][A-Za-z0-9_]*`);
/// * `+ - * / ^` with the usual precedence (`^` binds tightest and associates to the right,
///   so `-x^2` is `-(x^2)` and `2^3^2` is `2^9`), unary minus, parentheses;
/// * comparisons `< <= > >= == !=` (one per operand: `a < b < c` is an error), then `not`,
///   `and`, `or` (lowest); they yield 1 or 0;
/// * calls `f(a, b)`, and `.name` to read a member of a record (`argmax(x).lr`, `fit(y, x).slope`).
///
/// Functions are row functions (`sqrt log log10 exp abs round`), applied to one row's values,
/// or aggregates (`mean std sem min max median count sum first last quantile argmax argmin
/// pearson spearman fit`), which read a set of rows; see `Function`. An expression is evaluated
/// in a row context (`evaluate(_:)`, one row at a time: plots, tables, `where:`) or in a set
/// context (`evaluate(over:)`, a whole table or group). `check(columns:context:)` finds every
/// error of an expression before anything runs.
///
/// Missing values: a missing or text operand of arithmetic, a function or `and`/`or`/`not`
/// makes the result missing; comparisons of two texts compare the texts. Otherwise IEEE rules
/// decide (`1/0` is `inf`, `sqrt(-1)` is `nan`).
///
/// Equality compares the syntax tree and ignores the source offsets of columns, calls and
/// members, so `lr / batch` equals `lr/batch`.
///
/// - SeeAlso: `ResultsExpressionTests` and `ExpressionAggregateTests` for worked examples.
public indirect enum ColumnExpression: Hashable, Sendable, CustomStringConvertible {
    /// A literal, e.g. `0.5` or `1e-3`.
    case number(Double)
    /// A text literal, e.g. `'CLR'`.
    case text(String)
    /// A column read by name, e.g. `lr`, with the 0-based scalar offset of its first character.
    case column(String, offset: Int = 0)
    /// Unary minus.
    case negate(ColumnExpression)
    /// Logical `not`: 1 for 0, 0 for any other number.
    case not(ColumnExpression)
    /// `left op right`.
    case binary(BinaryOperator, ColumnExpression, ColumnExpression)
    /// `function(arguments…)`, with the offset of the function's name.
    case call(Function, [ColumnExpression], offset: Int = 0)
    /// `base.name`, reading a member of a record, with the offset of `name`.
    case member(ColumnExpression, String, offset: Int = 0)

    /// An infix operator of the expression language.
    public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case equal = "==", notEqual = "!="
        case and, or

        /// True for `< <= > >= == !=`.
        public var isComparison: Bool {
            switch self {
            case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual: return true
            default: return false
            }
        }

        /// Binding strength: `or` 1, `and` 2, comparisons 4, `+ -` 5, `* /` 6, `^` 8
        /// (`not` is 3, unary minus 7, atoms 9).
        var precedence: Int {
            switch self {
            case .or: return 1
            case .and: return 2
            case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual: return 4
            case .add, .subtract: return 5
            case .multiply, .divide: return 6
            case .power: return 8
            }
        }
    }

    /// Parses `source`, e.g. `"lr/sqrt(batch)"` or `"spearman(lambda_max, lr/batch) < -0.8"`.
    ///
    /// Syntax errors and wrong argument counts are thrown; everything that needs the table's
    /// columns or the evaluation context is left to `check(columns:context:)`.
    ///
    /// - Throws: `ExpressionError` with the 0-based offset (in Unicode scalars) of the
    ///   offending character, so a caller can point at `file:line:(column + offset)`.
    /// - Complexity: O(n) in the length of `source`.
    public init(parsing source: String) throws(ExpressionError) {
        var parser = ExpressionParser(source)
        self = try parser.parseAll()
    }

    /// Every column the expression reads, with the 0-based scalar offset of each mention, in
    /// source order. A member of `argmax(…)` or `argmin(…)` (`argmax(test_acc).lr`) reads
    /// column `lr` and is included at the offset of `lr`; members of `fit(…)` are not columns.
    public var columnReferences: [(name: String, offset: Int)] {
        var out: [(name: String, offset: Int)] = []
        func walk(_ e: ColumnExpression) {
            switch e {
            case .number, .text: break
            case .column(let name, let offset): out.append((name, offset))
            case .negate(let a), .not(let a): walk(a)
            case .binary(_, let a, let b): walk(a); walk(b)
            case .call(_, let arguments, _): arguments.forEach(walk)
            case .member(let base, let name, let offset):
                walk(base)
                if case .call(let f, _, _) = base, f.returnsRow { out.append((name, offset)) }
            }
        }
        walk(self)
        return out
    }

    /// The column names the expression reads, in order of first use.
    public var columns: [String] {
        var seen: [String] = []
        for (name, _) in columnReferences where !seen.contains(name) { seen.append(name) }
        return seen
    }

    /// True when an aggregate is called anywhere in the expression.
    public var containsAggregate: Bool {
        switch self {
        case .number, .text, .column: return false
        case .negate(let a), .not(let a), .member(let a, _, _): return a.containsAggregate
        case .binary(_, let a, let b): return a.containsAggregate || b.containsAggregate
        case .call(let f, let arguments, _): return f.isAggregate || arguments.contains { $0.containsAggregate }
        }
    }

    /// Structural equality, ignoring source offsets.
    public static func == (a: ColumnExpression, b: ColumnExpression) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x == y
        case (.text(let x), .text(let y)): return x == y
        case (.column(let x, _), .column(let y, _)): return x == y
        case (.negate(let x), .negate(let y)), (.not(let x), .not(let y)): return x == y
        case (.binary(let o, let x1, let y1), .binary(let p, let x2, let y2)): return o == p && x1 == x2 && y1 == y2
        case (.call(let f, let x, _), .call(let g, let y, _)): return f == g && x == y
        case (.member(let x, let m, _), .member(let y, let n, _)): return m == n && x == y
        default: return false
        }
    }

    /// Hashes the canonical spelling, which equal trees share.
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// A canonical spelling with the minimum of parentheses, e.g. `lr/sqrt(batch)` or
    /// `mean(x) > 0.8 and std(x) < 0.02`. Arithmetic is written without spaces, comparisons
    /// and `and`/`or` with them.
    public var description: String { render(parentPrecedence: 0) }

    private var precedence: Int {
        switch self {
        case .number, .text, .column, .call, .member: return 9
        case .negate: return 7
        case .not: return 3
        case .binary(let op, _, _): return op.precedence
        }
    }

    private func render(parentPrecedence: Int) -> String {
        let text: String
        switch self {
        case .number(let x):
            text = x == x.rounded() && Swift.abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
        case .text(let s): text = s.contains("'") ? "\"\(s)\"" : "'\(s)'"
        case .column(let name, _): text = name
        case .negate(let a): text = "-" + a.render(parentPrecedence: 8)
        case .not(let a): text = "not " + a.render(parentPrecedence: 3)
        case .call(let f, let arguments, _):
            text = "\(f.rawValue)(\(arguments.map { $0.render(parentPrecedence: 0) }.joined(separator: ", ")))"
        case .member(let base, let name, _): text = base.render(parentPrecedence: 9) + "." + name
        case .binary(let op, let a, let b):
            let p = op.precedence
            let (left, right) = op == .power ? (p + 1, p) : op.isComparison ? (p + 1, p + 1) : (p, p + 1)
            let spaced = op.isComparison || op == .and || op == .or
            let symbol = spaced ? " \(op.rawValue) " : op.rawValue
            text = a.render(parentPrecedence: left) + symbol + b.render(parentPrecedence: right)
        }
        return precedence < parentPrecedence ? "(\(text))" : text
    }
}
