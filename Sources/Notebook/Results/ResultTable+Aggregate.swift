extension ResultTable {
    /// The name of the column that holds the standard deviation of `column` after `aggregated`.
    public static func stdColumn(_ column: String) -> String { column + "_std" }

    /// The name of the column that holds each group's row count after `aggregated`.
    public static let countColumn = "count"

    /// Collapses rows that differ only in `over` (e.g. `seed`) to one row per group, with the
    /// mean, standard deviation and count of every value column.
    ///
    /// Rows are grouped by the cells of `keys` (numbers compared exactly); groups appear in the
    /// order of their first row. The result's columns are the keys (in table order), then each
    /// numeric non-key column `c` as `c` (mean) and `c_std` (sample standard deviation, n − 1 in
    /// the denominator; 0 for a single value), then `count` (rows in the group). Means and
    /// deviations use the finite values only (a diverged run's `nan` loss does not poison the
    /// mean); a group with no finite value gets `missing`. Text non-key columns are dropped.
    /// Without an `over` column the table is returned unchanged.
    ///
    /// - Parameters:
    ///   - over: The replicate column to average over, e.g. `seed`.
    ///   - keys: The identifying columns; nil infers them with `replicateKeys(over:)`.
    /// - Throws: `ResultTableError` for a key the table lacks.
    /// - Complexity: O(rows × columns).
    /// - SeeAlso: `ResultsAggregateTests` for hand-computed examples.
    public func aggregated(over: String, keys: [String]? = nil) throws(ResultTableError)
        -> ResultTable
    {
        guard let overIndex = index(of: over) else { return self }
        let keyNames = keys ?? replicateKeys(over: over)
        var keyIndices: [Int] = []
        for name in keyNames {
            guard let i = index(of: name) else { throw .unknownColumn(name, in: self) }
            keyIndices.append(i)
        }
        keyIndices = Array(Set(keyIndices)).filter { $0 != overIndex }.sorted()
        let valueIndices = columns.indices.filter { i in
            i != overIndex && !keyIndices.contains(i) && rows.contains { $0[i].number != nil }
        }
        var order: [[Cell]] = []
        var groups: [[Cell]: [Int]] = [:]
        for (r, row) in rows.enumerated() {
            let key = keyIndices.map { row[$0] }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        var out = ResultTable(columns: keyIndices.map { columns[$0] }
            + valueIndices.flatMap { [columns[$0], Self.stdColumn(columns[$0])] }
            + [Self.countColumn])
        for key in order {
            let members = groups[key]!
            var row = key
            for i in valueIndices {
                let xs = members.compactMap { rows[$0][i].number }.filter(\.isFinite)
                if let (mean, std) = Self.meanAndStd(xs) {
                    row += [.number(mean), .number(std)]
                } else {
                    row += [.missing, .missing]
                }
            }
            row.append(.number(Double(members.count)))
            out.rows.append(row)
        }
        return out
    }

    /// The columns that identify a configuration rather than measure it, judged from the data.
    ///
    /// Declared `keyColumns` win. Otherwise a column other than `over` is a key when it is text, or when for every value of `over`
    /// the set of its values is contained in the largest such set: a grid parameter (`lr`,
    /// `batch`, `epoch`) takes the same values for every seed (or fewer, for a run that stopped
    /// early), while a measured float differs between seeds. `diverged` is always a value.
    /// With one replicate or none every column is a key, so nothing is averaged away.
    ///
    /// - Complexity: O(rows × columns).
    public func replicateKeys(over: String) -> [String] {
        if let keyColumns { return keyColumns.filter { $0 != over && index(of: $0) != nil } }
        guard let overIndex = index(of: over) else { return columns }
        var replicates: [Cell] = []
        var rowsOf: [Cell: [Int]] = [:]
        for (r, row) in rows.enumerated() {
            if rowsOf[row[overIndex]] == nil { replicates.append(row[overIndex]) }
            rowsOf[row[overIndex], default: []].append(r)
        }
        return columns.indices.compactMap { i -> String? in
            if i == overIndex || columns[i] == "diverged" { return nil }
            if rows.allSatisfy({ $0[i].number == nil }) { return columns[i] }
            let sets = replicates.map { Set(rowsOf[$0]!.map { rows[$0][i] }) }
            guard let largest = sets.max(by: { $0.count < $1.count }) else { return columns[i] }
            return sets.allSatisfy { $0.isSubset(of: largest) } ? columns[i] : nil
        }.map { $0 }
    }

    /// Mean and sample standard deviation (n − 1; 0 when n = 1), or nil for no values.
    ///
    /// Two passes in `Double`, in index order.
    static func meanAndStd(_ xs: [Double]) -> (mean: Double, std: Double)? {
        guard !xs.isEmpty else { return nil }
        let mean = xs.reduce(0, +) / Double(xs.count)
        guard xs.count > 1 else { return (mean, 0) }
        let ss = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, (ss / Double(xs.count - 1)).squareRoot())
    }
}
