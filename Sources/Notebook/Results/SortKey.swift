/// One key of a `sort:` list: a column, ascending unless written `column desc`.
///
/// YAML: `sort: [lr, "test_acc desc"]`. Numbers sort before text, and missing cells last,
/// whichever the direction.
public struct SortKey: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The column to sort by.
    public var column: String
    /// True for largest first.
    public var descending: Bool

    /// Creates a value from its parts.
    public init(_ column: String, descending: Bool = false) {
        self.column = column
        self.descending = descending
    }

    /// Parses `"lr"`, `"lr asc"` or `"test_acc desc"`; nil for anything else.
    public init?(parsing text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        switch words.count {
        case 1: self.init(words[0])
        case 2 where words[1] == "asc" || words[1] == "desc":
            self.init(words[0], descending: words[1] == "desc")
        default: return nil
        }
    }

    public var description: String { descending ? "\(column) desc" : column }

    public init(from decoder: any Decoder) throws {
        let text = try String(from: decoder)
        guard let key = SortKey(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "expected 'COLUMN' or 'COLUMN desc', found '\(text)'"))
        }
        self = key
    }

    public func encode(to encoder: any Encoder) throws { try description.encode(to: encoder) }
}

extension ResultTable {
    /// The rows ordered by `keys` (first key first), stable for ties.
    ///
    /// - Throws: `ResultTableError` for a key naming a column the table lacks.
    /// - Complexity: O(rows log rows × keys).
    public func sorted(by keys: [SortKey]) throws(ResultTableError) -> ResultTable {
        var plan: [(Int, Bool)] = []
        for key in keys {
            guard let i = index(of: key.column) else { throw .unknownColumn(key.column, in: self) }
            plan.append((i, key.descending))
        }
        let order = rows.indices.sorted { a, b in
            for (i, descending) in plan {
                let c = Self.compare(rows[a][i], rows[b][i], descending: descending)
                if c != 0 { return c < 0 }
            }
            return a < b
        }
        return ResultTable(columns: columns, rows: order.map { rows[$0] }, keyColumns: keyColumns)
    }

    /// -1, 0 or 1; missing always last, numbers before text, then by value.
    private static func compare(_ x: Cell, _ y: Cell, descending: Bool) -> Int {
        func rank(_ c: Cell) -> Int {
            switch c {
            case .number(let v): return v.isNaN ? 2 : 0
            case .text: return 1
            case .missing: return 3
            }
        }
        if rank(x) != rank(y) { return rank(x) < rank(y) ? -1 : 1 }
        var c = 0
        switch (x, y) {
        case (.number(let a), .number(let b)) where !a.isNaN: c = a < b ? -1 : (a > b ? 1 : 0)
        case (.text(let a), .text(let b)): c = a < b ? -1 : (a > b ? 1 : 0)
        default: c = 0
        }
        return descending ? -c : c
    }
}
