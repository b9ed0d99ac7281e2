extension ResultTable {
    /// The rows of several steps' tables stacked in order (all of the first, then the second …),
    /// with a first column `sourceColumn` holding each row's step id; the other columns are the
    /// union of the tables' columns in order of first appearance, `missing` where a table lacks
    /// one. This is what a `plot` with `of: [a, b]` draws.
    ///
    /// The key columns are `sourceColumn` and the union of the tables' keys when every table
    /// knows its keys, otherwise nil (inferred by the consumer).
    ///
    /// - Complexity: O(total rows × columns).
    public static func stacked(_ tables: [(source: String, table: ResultTable)], sourceColumn: String) -> ResultTable {
        var columns = [sourceColumn]
        for t in tables { for c in t.table.columns where !columns.contains(c) { columns.append(c) } }
        var keys: [String]? = nil
        if tables.allSatisfy({ $0.table.keyColumns != nil }) {
            keys = columns.filter { c in c == sourceColumn || tables.contains { $0.table.keyColumns!.contains(c) } }
        }
        var out = ResultTable(columns: columns, keyColumns: keys)
        for (source, table) in tables {
            let positions = columns.map { table.index(of: $0) }
            for row in table.rows {
                out.rows.append([.text(source)] + positions.dropFirst().map { $0.map { row[$0] } ?? .missing })
            }
        }
        return out
    }
}
