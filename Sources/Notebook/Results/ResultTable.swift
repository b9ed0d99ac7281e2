/// The rows a step produces: named columns, each row a list of cells in column order.
///
/// Every computing step kind (`train`, `sweep`, `measure`, `interpolate`, `simulate`) yields one
/// `ResultTable`; `plot` and `table` steps read it, and the renderer exports it as CSV and JSON
/// beside the report. Column names are snake_case (`lr`, `batch`, `seed`, `epoch`, `step`,
/// `train_loss`, `test_acc`, `lambda_max` …); see docs/notebook-format.md for each kind's columns.
public struct ResultTable: Codable, Hashable, Sendable {
    public var columns: [String]
    /// Each row has exactly `columns.count` cells.
    public var rows: [[Cell]]
    /// The columns that identify a row's configuration (e.g. `lr`, `batch`, `seed`, `epoch`)
    /// rather than measure it, when the producer knows them; nil lets consumers infer them.
    /// Grouping over seeds uses them (`replicateKeys(over:)`).
    public var keyColumns: [String]?

    public init(columns: [String], rows: [[Cell]] = [], keyColumns: [String]? = nil) {
        precondition(rows.allSatisfy { $0.count == columns.count },
                     "ResultTable: every row needs \(columns.count) cells")
        self.columns = columns
        self.rows = rows
        self.keyColumns = keyColumns
    }

    /// The position of `column`, or nil when the table has no such column.
    public func index(of column: String) -> Int? { columns.firstIndex(of: column) }

    /// The cells of `column` in row order, or nil when the table has no such column.
    public func values(of column: String) -> [Cell]? {
        guard let i = index(of: column) else { return nil }
        return rows.map { $0[i] }
    }

    /// Appends a row given as column → cell; columns the row does not name are `missing`.
    public mutating func append(_ row: [String: Cell]) {
        rows.append(columns.map { row[$0] ?? .missing })
    }
}
