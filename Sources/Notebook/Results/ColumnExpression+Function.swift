extension ColumnExpression {
    /// A function of the expression language: a row function or an aggregate.
    ///
    /// Row functions map one row's values to a value: `sqrt log log10 exp abs` (one argument;
    /// `log` is the natural logarithm), `round(x, digits)` (`digits` defaults to 0, may be
    /// negative, halves round away from zero) and `if(condition, x[, y])` (x where the condition
    /// holds, else y or missing — so `mean(if(batch == 256, test_acc))` averages one batch size,
    /// since aggregates skip missing values; text is kept).
    ///
    /// Aggregates read a set of rows (a table, or one group of `grouped(by:columns:)`); their
    /// arguments are row expressions, evaluated on each row, and may not contain aggregates.
    /// Missing, text and non-finite values are skipped (pairs for `pearson`, `spearman` and
    /// `fit` are dropped when either side is skipped):
    ///
    /// | aggregate | value | with too few values |
    /// |---|---|---|
    /// | `mean(x)` `sum(x)` `min(x)` `max(x)` `median(x)` | as named (`sum` of nothing is 0) | missing |
    /// | `std(x)` | sample standard deviation (n − 1) | missing below 2 values |
    /// | `sem(x)` | `std(x)/√n` | missing below 2 values |
    /// | `quantile(x, q)` | type-7 quantile, `q` a constant in [0, 1] | missing |
    /// | `count()` / `count(x)` | rows / rows where x is a finite number or text | 0 |
    /// | `first(x)` `last(x)` | x of the first / last row where it is present (text allowed) | missing |
    /// | `argmax(x)` `argmin(x)` | the first row where x peaks, a record: `argmax(x).lr` | missing |
    /// | `pearson(x, y)` `spearman(x, y)` | correlation (Spearman: average ranks for ties) | missing below 2 pairs or for a constant side |
    /// | `fit(y, x)` | least squares, a record: `.slope .intercept .r2 .n` | missing below 2 pairs or for a constant x |
    ///
    /// See `Statistics` for the formulas.
    public enum Function: String, Hashable, Sendable, CaseIterable {
        case sqrt, log, log10, exp, abs, round, `if`
        case mean, std, sem, min, max, median, count, sum, first, last, quantile
        case argmax, argmin, pearson, spearman, fit

        /// True for functions that read a set of rows rather than one row.
        public var isAggregate: Bool {
            switch self {
            case .sqrt, .log, .log10, .exp, .abs, .round, .if: return false
            default: return true
            }
        }

        /// True for `argmax` and `argmin`, whose value is a row read with `.column`.
        public var returnsRow: Bool { self == .argmax || self == .argmin }

        /// The accepted numbers of arguments.
        public var arity: ClosedRange<Int> {
            switch self {
            case .round: return 1...2
            case .if: return 2...3
            case .count: return 0...1
            case .quantile, .pearson, .spearman, .fit: return 2...2
            default: return 1...1
            }
        }

        /// The argument names, for messages: `(x, q)`.
        var signature: String {
            switch self {
            case .round: return "(x, digits)"
            case .if: return "(condition, x, y)"
            case .count: return "() or (x)"
            case .quantile: return "(x, q)"
            case .pearson, .spearman: return "(x, y)"
            case .fit: return "(y, x)"
            default: return "(x)"
            }
        }

        /// The message for a call with `count` arguments, or nil when the count is accepted.
        func arityError(_ count: Int) -> String? {
            guard !arity.contains(count) else { return nil }
            let expected = arity.lowerBound == arity.upperBound
                ? "\(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
                : "\(arity.lowerBound) to \(arity.upperBound) arguments"
            return "'\(rawValue)' takes \(expected) \(signature), found \(count)"
        }

        /// The names of the row functions and of the aggregates, for messages.
        static var catalogue: String {
            let row = allCases.filter { !$0.isAggregate }.map(\.rawValue).joined(separator: ", ")
            let aggregates = allCases.filter(\.isAggregate).map(\.rawValue).joined(separator: ", ")
            return "row functions: \(row); aggregates: \(aggregates)"
        }
    }
}
