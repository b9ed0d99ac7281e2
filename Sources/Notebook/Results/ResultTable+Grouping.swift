extension ResultTable {
    /// One row per distinct combination of `keys`, with each expression evaluated over that
    /// group's rows (set context): `grouped(by: ["lr"], columns: [("acc", mean(test_acc))])`.
    ///
    /// Groups appear in the order of their first row and are told apart by exact cell equality
    /// (as `aggregated(over:)` does). The result's columns are the keys, then one column per
    /// expression; its `keyColumns` are `keys`. With `keys` empty the whole table is one group,
    /// so the result has exactly one row, even for a table without rows (`count()` is 0 there).
    /// A number, text or missing value fills a cell; a row (`argmax(x)`) or fit (`fit(y, x)`)
    /// does not and is an error.
    ///
    /// - Throws: `ResultTableError` for an unknown key, a duplicate output column, or an
    ///   expression that fails (its `subject` is the output column's name; the message carries
    ///   the `ExpressionError` and its offset). Run `ColumnExpression.check(columns:context:)`
    ///   first to report expression errors at their source positions.
    /// - Complexity: O(rows × (keys + total expression size)), plus the aggregates' sorts.
    public func grouped(by keys: [String], columns expressions: [(name: String, expression: ColumnExpression)])
        throws(ResultTableError) -> ResultTable
    {
        var keyIndices: [Int] = []
        for name in keys {
            guard let i = index(of: name) else { throw .unknownColumn(name, in: self) }
            keyIndices.append(i)
        }
        let outputColumns = keys + expressions.map(\.name)
        if let duplicate = outputColumns.enumerated().first(where: { outputColumns[..<$0.offset].contains($0.element) }) {
            throw ResultTableError(subject: duplicate.element,
                                   message: "column '\(duplicate.element)' is named twice in the grouped table")
        }
        var order: [[Cell]] = []
        var members: [[Cell]: [[Cell]]] = [:]
        for row in rows {
            let key = keyIndices.map { row[$0] }
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(row)
        }
        if keys.isEmpty && rows.isEmpty { order = [[]]; members[[]] = [] }
        var out = ResultTable(columns: outputColumns, keyColumns: keys)
        for key in order {
            let group = ResultTable(columns: columns, rows: members[key]!, keyColumns: keyColumns)
            var row = key
            for (name, expression) in expressions {
                let value: ExpressionValue
                do { value = try expression.evaluate(over: group) } catch {
                    throw ResultTableError(
                        subject: name,
                        message: "column '\(name)' = '\(expression)': \(error.message) (at offset \(error.offset))",
                        suggestion: error.suggestion)
                }
                guard let cell = value.cell else {
                    throw ResultTableError(subject: name, message: "column '\(name)': \(expression.recordMisuse)")
                }
                row.append(cell)
            }
            out.rows.append(row)
        }
        return out
    }

    /// The rows on which `expression` (row context) is a nonzero number, in their original
    /// order: `filtered(by: ColumnExpression(parsing: "epoch >= 30 and batch <= 64"))`. A row
    /// where it is 0, `nan`, text or missing is dropped.
    ///
    /// - Throws: `ResultTableError` for an unknown column (with a suggestion) or any other error
    ///   `check(columns:context: .row)` finds, such as an aggregate.
    /// - Complexity: O(rows × expression size).
    public func filtered(by expression: ColumnExpression) throws(ResultTableError) -> ResultTable {
        if let error = expression.check(columns: Set(columns), context: .row).first {
            if let name = error.unknownColumn { throw .unknownColumn(name, in: self) }
            throw ResultTableError(subject: "\(expression)", message: "in '\(expression)': \(error.message)")
        }
        let positions = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let kept = rows.filter { row in
            ColumnExpression.truth(expression.cell { positions[$0].map { row[$0] } ?? .missing }) == true
        }
        return ResultTable(columns: columns, rows: kept, keyColumns: keyColumns)
    }
}
