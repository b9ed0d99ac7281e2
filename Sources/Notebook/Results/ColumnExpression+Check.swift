extension ColumnExpression {
    /// Where an expression is evaluated.
    public enum Context: Hashable, Sendable {
        /// One row at a time (`evaluate(_:)`): plot axes, table columns, `where:` filters.
        /// Aggregates are not allowed.
        case row
        /// Over a set of rows (`evaluate(over:)`, `ResultTable.grouped(by:columns:)`): derive
        /// steps, inline values, claims. Columns may be read only inside aggregates.
        case set
        /// One row at a time, with each aggregate evaluated over all rows and its value read on
        /// every row (a `derive` step's column without `group_by`: `test_acc/max(test_acc)`).
        /// Columns may be read inside and outside aggregates.
        case broadcast
    }

    /// Every error of the expression that can be found without data, in source order, so a
    /// checker can report them all before anything runs:
    ///
    /// * an unknown column (also a member of `argmax`/`argmin`), with a did-you-mean suggestion
    ///   in `suggestion` and the name in `unknownColumn`;
    /// * a wrong number of arguments (only possible for a hand-built tree; the parser throws);
    /// * in the row context, an aggregate; in the set context, a column outside an aggregate;
    /// * an aggregate inside an aggregate's argument;
    /// * a record (`argmax(…)`, `fit(…)`) used as a number, a member of a non-record, an
    ///   unknown member of `fit`, and a bare `fit(…)` as the whole expression (a bare
    ///   `argmax(…)` is allowed in the set context; its value is the row);
    /// * a `quantile` level that is not a constant number in [0, 1].
    ///
    /// - Parameters:
    ///   - columns: The columns the data will have; nil skips the unknown-column test.
    ///   - context: Where the expression will be evaluated.
    /// - Complexity: O(expression size × suggestion cost for each unknown column).
    public func check(columns: Set<String>?, context: Context) -> [ExpressionError] {
        var checker = Checker(columns: columns, context: context)
        if case .record(let f, let offset) = checker.walk(self, inside: nil), f == .fit {
            checker.errors.append(ExpressionError(message: recordMisuse + "; a bare fit has no single value",
                                                  offset: offset))
        }
        return checker.errors.sorted { $0.offset < $1.offset }
    }
}

/// The walk behind `ColumnExpression.check(columns:context:)`.
private struct Checker {
    /// What a sub-expression yields, as far as it is known without data.
    enum Shape { case scalar, record(ColumnExpression.Function, offset: Int) }

    let columns: Set<String>?
    let context: ColumnExpression.Context
    var errors: [ExpressionError] = []

    init(columns: Set<String>?, context: ColumnExpression.Context) {
        self.columns = columns
        self.context = context
    }

    mutating func column(_ name: String, offset: Int) {
        if let columns, !columns.contains(name) {
            errors.append(ColumnExpression.unknownColumn(name, offset: offset, known: columns.sorted()))
        }
    }

    /// Walks `e`, an operand that must be a single value.
    mutating func scalar(_ e: ColumnExpression, inside: ColumnExpression.Function?) {
        if case .record(_, let offset) = walk(e, inside: inside) {
            errors.append(ExpressionError(message: e.recordMisuse, offset: offset))
        }
    }

    /// Walks `e` inside the arguments of the aggregate `inside` (nil at the top level).
    mutating func walk(_ e: ColumnExpression, inside: ColumnExpression.Function?) -> Shape {
        switch e {
        case .number, .text: return .scalar
        case .column(let name, let offset):
            column(name, offset: offset)
            if context == .set && inside == nil {
                errors.append(ExpressionError(message: ColumnExpression.outsideAggregate(name), offset: offset))
            }
            return .scalar
        case .negate(let a), .not(let a):
            scalar(a, inside: inside)
            return .scalar
        case .binary(_, let a, let b):
            scalar(a, inside: inside)
            scalar(b, inside: inside)
            return .scalar
        case .call(let f, let arguments, let offset):
            if let message = f.arityError(arguments.count) {
                errors.append(ExpressionError(message: message, offset: offset))
            }
            guard f.isAggregate else {
                for a in arguments { scalar(a, inside: inside) }
                return .scalar
            }
            if let outer = inside {
                errors.append(ExpressionError(message: ColumnExpression.nested(f, in: outer), offset: offset))
            } else if context == .row {
                errors.append(ExpressionError(
                    message: "'\(f.rawValue)' aggregates rows; use it in a derive step, an inline value or a claim",
                    offset: offset))
            }
            for a in arguments { scalar(a, inside: f) }
            if f == .quantile, arguments.count == 2 {
                let q = arguments[1]
                let level = q.columnReferences.isEmpty ? q.cell { _ in .missing }.number : nil
                if level == nil || !(0...1).contains(level!) {
                    errors.append(ExpressionError(message: ColumnExpression.quantileLevel(q), offset: offset))
                }
            }
            return f.returnsRow || f == .fit ? .record(f, offset: offset) : .scalar
        case .member(let base, let name, let offset):
            switch walk(base, inside: inside) {
            case .record(let f, _) where f.returnsRow:
                column(name, offset: offset)
            case .record:
                if !LinearFit.members.contains(name) {
                    errors.append(ExpressionError(message: ColumnExpression.noFitMember(name), offset: offset))
                }
            case .scalar:
                errors.append(ExpressionError(message: ColumnExpression.notARecord(name, base), offset: offset))
            }
            return .scalar
        }
    }
}
