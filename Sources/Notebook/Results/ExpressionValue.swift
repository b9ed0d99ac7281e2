/// The value of an expression evaluated over a set of rows (`ColumnExpression.evaluate(over:)`).
///
/// Most expressions yield a number (`mean(test_acc)`), text (`first(optimizer)`) or nothing
/// (`mean` of no finite value). `argmax(x)`/`argmin(x)` yield a row, whose columns are read
/// with `.name`; a bare `fit(y, x)` yields the whole least-squares record.
public enum ExpressionValue: Hashable, Sendable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case missing
    /// A row of the table: column name → cell.
    case row([String: Cell])
    /// A least-squares fit, from a bare `fit(y, x)`.
    case fit(LinearFit)

    /// The value as a table cell: nil for a row or a fit, which do not fit in one.
    public var cell: Cell? {
        switch self {
        case .number(let x): return .number(x)
        case .text(let s): return .text(s)
        case .missing: return .missing
        case .row, .fit: return nil
        }
    }

    /// The number, or nil for anything else.
    public var number: Double? {
        if case .number(let x) = self { return x }
        return nil
    }

    /// The value read as a condition (a claim reads this): true for a nonzero number, false
    /// for 0, nil for `nan`, text, missing, a row or a fit.
    public var truth: Bool? {
        guard case .number(let x) = self, !x.isNaN else { return nil }
        return x != 0
    }

    public var description: String {
        switch self {
        case .number(let x): return "\(x)"
        case .text(let s): return s
        case .missing: return "missing"
        case .row(let row):
            return "{" + row.keys.sorted().map { "\($0): \(row[$0]!)" }.joined(separator: ", ") + "}"
        case .fit(let f):
            return "fit(slope: \(f.slope), intercept: \(f.intercept), r2: \(f.r2.map { "\($0)" } ?? "missing"), n: \(f.n))"
        }
    }
}
