extension ColumnExpression {
    /// Evaluates the expression over all rows of `table` (set context).
    ///
    /// Aggregates read the rows (`mean(test_acc)`, `fit(log(y), log(x)).slope`); arithmetic,
    /// comparisons, `and`/`or`/`not` and row functions combine their results
    /// (`max(test_acc) - min(test_acc)`, `spearman(lambda_max, lr/batch) < -0.8`). A column
    /// outside an aggregate's arguments has no single value here and is an error. The missing-
    /// value rules of `Function` and of `cell(_:)` apply; a degenerate statistic is `.missing`.
    ///
    /// - Throws: `ExpressionError` (with the offset of the culprit) for an unknown column, a
    ///   column outside an aggregate, an aggregate inside an aggregate's argument, a record used
    ///   as a number, a member of a non-record, or a `quantile` level outside [0, 1].
    ///   `check(columns:context:)` with `.set` finds all of these but the last without a table.
    /// - Complexity: O(rows × expression size), plus a sort per `median`, `quantile`,
    ///   `spearman`.
    public func evaluate(over table: ResultTable) throws(ExpressionError) -> ExpressionValue {
        for (name, offset) in columnReferences where table.index(of: name) == nil {
            throw Self.unknownColumn(name, offset: offset, known: table.columns)
        }
        let positions = Dictionary(table.columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return try value(over: table, positions: positions)
    }

    static func unknownColumn(_ name: String, offset: Int, known: some Sequence<String>) -> ExpressionError {
        ExpressionError(message: "unknown column '\(name)'", offset: offset, unknownColumn: name,
                        suggestion: Suggestion.closest(to: name, in: known))
    }

    private func value(over table: ResultTable, positions: [String: Int]) throws(ExpressionError)
        -> ExpressionValue
    {
        func scalar(_ e: ColumnExpression) throws(ExpressionError) -> Cell {
            let v = try e.value(over: table, positions: positions)
            if let cell = v.cell { return cell }
            throw ExpressionError(message: e.recordMisuse, offset: e.offset)
        }
        func wrap(_ cell: Cell) -> ExpressionValue {
            switch cell {
            case .number(let x): return .number(x)
            case .text(let s): return .text(s)
            case .missing: return .missing
            }
        }
        switch self {
        case .number(let x): return .number(x)
        case .text(let s): return .text(s)
        case .column(let name, let offset):
            throw ExpressionError(message: Self.outsideAggregate(name), offset: offset)
        case .negate(let a): return wrap(try scalar(a).number.map { .number(-$0) } ?? .missing)
        case .not(let a): return wrap(Self.truth(try scalar(a)).map { .number($0 ? 0 : 1) } ?? .missing)
        case .binary(let op, let a, let b): return wrap(Self.apply(op, try scalar(a), try scalar(b)))
        case .call(let f, let arguments, let offset):
            guard f.isAggregate else {
                var cells: [Cell] = []
                for a in arguments { cells.append(try scalar(a)) }
                return wrap(Self.apply(f, cells))
            }
            if let message = f.arityError(arguments.count) { throw ExpressionError(message: message, offset: offset) }
            for a in arguments {
                if let inner = a.firstAggregate {
                    throw ExpressionError(message: Self.nested(inner.function, in: f), offset: inner.offset)
                }
            }
            let columns = arguments.map { a in
                table.rows.map { row in a.cell { positions[$0].map { row[$0] } ?? .missing } }
            }
            return try Self.aggregate(f, columns, arguments: arguments, offset: offset, table: table)
        case .member(let base, let name, let offset):
            switch try base.value(over: table, positions: positions) {
            case .row(let row):
                guard let cell = row[name] else { throw Self.unknownColumn(name, offset: offset, known: row.keys.sorted()) }
                return wrap(cell)
            case .fit(let fit):
                guard LinearFit.members.contains(name) else {
                    throw ExpressionError(message: Self.noFitMember(name), offset: offset)
                }
                return fit.member(name).map(ExpressionValue.number) ?? .missing
            case .missing: return .missing
            default: throw ExpressionError(message: Self.notARecord(name, base), offset: offset)
            }
        }
    }

    /// An aggregate over the argument cells of every row (`columns[i]` is argument `i`).
    private static func aggregate(_ f: Function, _ columns: [[Cell]], arguments: [ColumnExpression],
                                  offset: Int, table: ResultTable) throws(ExpressionError) -> ExpressionValue
    {
        func finite(_ cells: [Cell]) -> [Double] { cells.compactMap(\.number).filter(\.isFinite) }
        func isPresent(_ cell: Cell) -> Bool { cell.text != nil || (cell.number?.isFinite ?? false) }
        func number(_ x: Double?) -> ExpressionValue { x.map(ExpressionValue.number) ?? .missing }
        func pairs() -> (x: [Double], y: [Double]) {
            var xs: [Double] = [], ys: [Double] = []
            for (a, b) in zip(columns[0], columns[1]) {
                if let x = a.number, let y = b.number, x.isFinite, y.isFinite { xs.append(x); ys.append(y) }
            }
            return (xs, ys)
        }
        switch f {
        case .mean: return number(Statistics.mean(finite(columns[0])))
        case .std: return number(Statistics.standardDeviation(finite(columns[0])))
        case .sem: return number(Statistics.standardError(finite(columns[0])))
        case .median: return number(Statistics.median(finite(columns[0])))
        case .min: return number(finite(columns[0]).min())
        case .max: return number(finite(columns[0]).max())
        case .sum: return .number(Statistics.sum(finite(columns[0])))
        case .count:
            return .number(Double(columns.isEmpty ? table.rows.count : columns[0].filter(isPresent).count))
        case .first, .last:
            let present = columns[0].filter(isPresent)
            guard let cell = f == .first ? present.first : present.last else { return .missing }
            return cell.number.map(ExpressionValue.number) ?? cell.text.map(ExpressionValue.text) ?? .missing
        case .quantile:
            let q = arguments[1].cell { _ in .missing }.number
            guard let q, q >= 0, q <= 1 else {
                throw ExpressionError(message: quantileLevel(arguments[1]), offset: offset)
            }
            return number(Statistics.quantile(finite(columns[0]), q))
        case .argmax, .argmin:
            var best: (index: Int, value: Double)?
            for (i, cell) in columns[0].enumerated() {
                guard let x = cell.number, x.isFinite else { continue }
                if best == nil || (f == .argmax ? x > best!.value : x < best!.value) { best = (i, x) }
            }
            guard let best else { return .missing }
            let row = table.rows[best.index]
            return .row(Dictionary(zip(table.columns, row), uniquingKeysWith: { a, _ in a }))
        case .pearson: let p = pairs(); return number(Statistics.pearson(p.x, p.y))
        case .spearman: let p = pairs(); return number(Statistics.spearman(p.x, p.y))
        case .fit:
            // fit(y, x): the first argument is the response.
            let p = pairs()
            return Statistics.fit(y: p.x, x: p.y).map(ExpressionValue.fit) ?? .missing
        case .sqrt, .log, .log10, .exp, .abs, .round, .if: return .missing
        }
    }

    /// The offset of a column, call or member (0 for anything else), for messages.
    var offset: Int {
        switch self {
        case .column(_, let o), .call(_, _, let o), .member(_, _, let o): return o
        case .negate(let a), .not(let a): return a.offset
        case .binary(_, let a, _): return a.offset
        case .number, .text: return 0
        }
    }

    /// The outermost aggregate call in the expression (pre-order), if any.
    var firstAggregate: (function: Function, offset: Int)? {
        switch self {
        case .number, .text, .column: return nil
        case .negate(let a), .not(let a), .member(let a, _, _): return a.firstAggregate
        case .binary(_, let a, let b): return a.firstAggregate ?? b.firstAggregate
        case .call(let f, let arguments, let offset):
            if f.isAggregate { return (f, offset) }
            for a in arguments { if let inner = a.firstAggregate { return inner } }
            return nil
        }
    }

    // MARK: Messages shared with `check`

    static func outsideAggregate(_ name: String) -> String {
        "column '\(name)' has no single value over a set of rows; wrap it in an aggregate, e.g. mean(\(name)) or first(\(name))"
    }

    static func nested(_ inner: Function, in outer: Function) -> String {
        "aggregate '\(inner.rawValue)' inside the argument of '\(outer.rawValue)'; an aggregate's arguments are read row by row"
    }

    static func noFitMember(_ name: String) -> String {
        "'fit' has no member '\(name)' (it has \(LinearFit.members.map { "'\($0)'" }.joined(separator: ", ")))"
    }

    static func notARecord(_ name: String, _ base: ColumnExpression) -> String {
        "'.\(name)' reads a member of a record, but '\(base)' is not one (only argmax, argmin and fit return records)"
    }

    static func quantileLevel(_ q: ColumnExpression) -> String {
        "the level of 'quantile' must be a constant number between 0 and 1, found '\(q)'"
    }

    /// The message for a record (`argmax(…)`, `fit(…)`) used where a single value is needed.
    var recordMisuse: String {
        if case .call(.fit, _, _) = self {
            return "'\(self)' is a least-squares record; read one of its members, e.g. '\(self).slope' (or .intercept, .r2, .n)"
        }
        let example = columns.first ?? "lr"
        return "'\(self)' is a row; read one of its columns, e.g. '\(self).\(example)'"
    }
}
