/// What an inline `{minima}` value or `{claim}` evaluated to on a render's results.
public struct ComputedResult: Hashable, Sendable {
    /// The value shown in the prose.
    public enum Value: Hashable, Sendable {
        /// One number (an aggregate such as `max(test_acc)`).
        case number(Double)
        /// One text (e.g. `argmax(test_acc).name`).
        case text(String)
        /// One value per row, for a row expression over a few rows.
        case list([Cell])
        /// `pm`: mean and sample standard deviation of a row expression over `n` rows.
        case meanStd(mean: Double, std: Double, n: Int)
    }

    /// A claim's verdict.
    public enum Verdict: String, Hashable, Sendable {
        /// The condition holds.
        case passed
        /// The condition is false: the render exits 1.
        case failed
        /// The claim names the active profile in `skip=`; nothing is judged.
        case notChecked
        /// The condition could not be evaluated (no data, no finite value): the render exits 1.
        case undecided
    }

    /// One side of a comparison a claim makes, measured: `spearman(lambda_max, lr/batch) < -0.8`
    /// gives the value of the left side, the operator and the right side's text.
    public struct Measurement: Hashable, Sendable {
        public var measured: ExpressionValue
        public var comparison: String
        public var threshold: String
        /// The right side's value when it is computed from the rows (not a constant).
        public var thresholdValue: ExpressionValue? = nil
    }

    public var value: Value?
    /// Why there is no value (a failed upstream step, a text where a number is needed …).
    public var error: String?
    /// Rows the expression saw, after the filter.
    public var rows: Int
    /// Claims only.
    public var verdict: Verdict?
    /// Claims only: each top-level comparison's measured side.
    public var measurements: [Measurement] = []
    /// Claims over rows without aggregates: rows where the condition holds.
    public var rowsHolding: Int?

    /// A list shows at most this many values; more is an error asking for an aggregate.
    public static let maximumListLength = 12
}

extension InlineComputation {
    /// Evaluates the value or claim on `table` (nil when the source step did not complete).
    ///
    /// - A `pm` value: mean ± sample std of the row expression over the (filtered) rows (no
    ///   value with fewer than 2 finite values).
    /// - An expression with an aggregate: evaluated once over the rows (`evaluate(over:)`).
    /// - A row expression: one value per row, at most `ComputedResult.maximumListLength`.
    /// - A claim: its condition read as true/false; a condition without aggregates must hold
    ///   on every row (and on at least one). Under a profile named in `skip=`, not checked.
    public func evaluate(on table: ResultTable?, profile: String?) -> ComputedResult {
        var result = ComputedResult(value: nil, error: nil, rows: 0)
        if kind == .claim, let profile, skipProfiles.contains(profile) { result.verdict = .notChecked }
        func fail(_ message: String) -> ComputedResult {
            result.error = message
            if result.verdict == nil && kind == .claim { result.verdict = .undecided }
            return result
        }
        guard var rows = table else { return fail("step '\(source)' did not complete") }
        do {
            if let filter {
                rows = try rows.filtered(by: try ColumnExpression(parsing: filter))
            }
            result.rows = rows.rows.count
            let expression = try ColumnExpression(parsing: self.expression)
            let aggregates = expression.containsAggregate
            if kind == .claim {
                if result.verdict == .notChecked { return result }
                if aggregates {
                    let value = try expression.evaluate(over: rows)
                    result.measurements = try expression.comparisons.map { left, op, right in
                        ComputedResult.Measurement(measured: try left.evaluate(over: rows), comparison: op.rawValue,
                                                   threshold: right.description,
                                                   thresholdValue: right.containsAggregate ? try right.evaluate(over: rows) : nil)
                    }
                    guard let truth = value.truth else { return fail("the condition has no value (\(value))") }
                    result.verdict = truth ? .passed : .failed
                } else {
                    guard !rows.rows.isEmpty else { return fail("no row of '\(source)' matches the filter") }
                    // The rows where it holds are the rows the condition keeps as a filter.
                    let holding = try rows.filtered(by: expression).rows.count
                    result.rowsHolding = holding
                    result.verdict = holding == rows.rows.count ? .passed : .failed
                }
                return result
            }
            if format.meanStd || !aggregates {
                let cells = try rows.cells(of: expression)
                if format.meanStd {
                    let xs = cells.compactMap(\.number).filter(\.isFinite)
                    // One value has no sample spread: "x ± 0" would claim one, so it is no value.
                    guard let mean = Statistics.mean(xs), let std = Statistics.standardDeviation(xs) else {
                        return fail("'pm' needs at least 2 finite values, found \(xs.count)")
                    }
                    result.value = .meanStd(mean: mean, std: std, n: xs.count)
                    return result
                }
                guard !cells.isEmpty else { return fail("no row of '\(source)' matches the filter") }
                guard cells.count <= ComputedResult.maximumListLength else {
                    return fail("'\(self.expression)' gives one value per row, \(cells.count) values; "
                                + "aggregate them (mean, max …) or filter the rows")
                }
                result.value = cells.count == 1 ? (cells[0].number.map(ComputedResult.Value.number) ?? .list(cells))
                                                : .list(cells)
                return result
            }
            switch try expression.evaluate(over: rows) {
            case .number(let x): result.value = .number(x)
            case .text(let s): result.value = .text(s)
            case .missing: return fail("no value (too few finite values for '\(self.expression)')")
            case .row: return fail("'\(self.expression)' is a row; read one of its columns, e.g. '\(self.expression).lr'")
            case .fit: return fail("'\(self.expression)' is a fit; read .slope, .intercept, .r2 or .n")
            }
            return result
        } catch {
            return fail("\(error)")
        }
    }
}

extension ColumnExpression {
    /// The comparisons at the top of a condition (through `and`, `or`, `not`), left to right.
    var comparisons: [(ColumnExpression, BinaryOperator, ColumnExpression)] {
        switch self {
        case .binary(let op, let a, let b) where op.isComparison: return [(a, op, b)]
        case .binary(let op, let a, let b) where op == .and || op == .or: return a.comparisons + b.comparisons
        case .not(let a): return a.comparisons
        default: return []
        }
    }
}
