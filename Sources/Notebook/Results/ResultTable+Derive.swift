extension ResultTable {
    /// The cells an expression takes on each row, in row order.
    ///
    /// A bare column name returns that column's cells unchanged (text stays text); any other
    /// expression yields numbers, or `missing` where an operand is missing or text.
    ///
    /// - Throws: `ResultTableError` when the expression names a column the table lacks.
    /// - Complexity: O(rows × expression size).
    public func cells(of expression: ColumnExpression) throws(ResultTableError) -> [Cell] {
        for name in expression.columns where index(of: name) == nil {
            throw .unknownColumn(name, in: self)
        }
        if case .column(let name, _) = expression { return values(of: name) ?? [] }
        let positions = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        return rows.map { row in
            expression.evaluate { row[positions[$0]!] }.map(Cell.number) ?? .missing
        }
    }

    /// A copy with a column `name` holding `expression` on every row.
    ///
    /// An existing column of that name is replaced in place; otherwise the column is appended.
    ///
    /// - Throws: `ResultTableError` when the expression names a column the table lacks.
    public func adding(_ name: String, _ expression: ColumnExpression) throws(ResultTableError)
        -> ResultTable
    {
        let cells = try cells(of: expression)
        var copy = self
        if let i = index(of: name) {
            for r in copy.rows.indices { copy.rows[r][i] = cells[r] }
        } else {
            copy.columns.append(name)
            for r in copy.rows.indices { copy.rows[r].append(cells[r]) }
        }
        return copy
    }

    /// A copy keeping only `names`, in that order.
    ///
    /// - Throws: `ResultTableError` for a name the table lacks.
    public func selecting(_ names: [String]) throws(ResultTableError) -> ResultTable {
        var positions: [Int] = []
        for name in names {
            guard let i = index(of: name) else { throw .unknownColumn(name, in: self) }
            positions.append(i)
        }
        return ResultTable(columns: names, rows: rows.map { row in positions.map { row[$0] } },
                           keyColumns: keyColumns?.filter(names.contains))
    }
}
