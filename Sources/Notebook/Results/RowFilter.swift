/// A `where:` clause: keep the rows whose columns hold one of the listed values.
///
/// Written in YAML as a mapping from column name to one value or a list of values:
/// `where: {batch: 32}` or `where: {batch: [32, 128], optimizer: sgd}`. Every condition
/// must hold (AND); within one condition any listed value may match (OR). Numbers match with
/// a relative tolerance of 1e-6, so `lr: 0.1` finds a learning rate stored from a `Float`.
/// The mapping's keys are column names, not spec keys: a strict decoder must not check them.
public struct RowFilter: Codable, Hashable, Sendable {
    /// Column name → accepted values.
    public var conditions: [String: [Cell]]

    /// Creates a value from its parts.
    public init(_ conditions: [String: [Cell]] = [:]) { self.conditions = conditions }

    /// True when the filter keeps every row.
    public var isEmpty: Bool { conditions.isEmpty }

    public init(from decoder: any Decoder) throws {
        let raw = try [String: OneOrMany<Cell>](from: decoder)
        conditions = raw.mapValues(\.values)
    }

    public func encode(to encoder: any Encoder) throws {
        try conditions.mapValues { OneOrMany($0) }.encode(to: encoder)
    }

    /// True when `cell` equals one of `accepted` (numbers within a relative 1e-6).
    static func matches(_ cell: Cell, _ accepted: [Cell]) -> Bool {
        accepted.contains { wanted in
            switch (cell, wanted) {
            case (.number(let a), .number(let b)):
                return a == b || abs(a - b) <= 1e-6 * max(abs(a), abs(b))
            case (.text(let a), .text(let b)): return a == b
            case (.missing, .missing): return true
            default: return false
            }
        }
    }
}

extension ResultTable {
    /// The rows that satisfy every condition of `filter`, in their original order.
    ///
    /// - Throws: `ResultTableError` for a condition on a column the table lacks.
    /// - Complexity: O(rows × conditions × values).
    public func filtered(by filter: RowFilter) throws(ResultTableError) -> ResultTable {
        var tests: [(Int, [Cell])] = []
        for name in filter.conditions.keys.sorted() {
            guard let i = index(of: name) else { throw .unknownColumn(name, in: self) }
            tests.append((i, filter.conditions[name]!))
        }
        return ResultTable(
            columns: columns,
            rows: rows.filter { row in tests.allSatisfy { RowFilter.matches(row[$0.0], $0.1) } },
            keyColumns: keyColumns)
    }
}

/// One value or a list of values, as YAML lets a key take either (`y: loss` or `y: [a, b]`).
public struct OneOrMany<Element: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    /// The values, in the order written.
    public var values: [Element]

    /// Creates a value from its parts.
    public init(_ values: [Element]) { self.values = values }

    public init(from decoder: any Decoder) throws {
        if let list = try? [Element](from: decoder) {
            values = list
        } else {
            values = [try Element(from: decoder)]
        }
    }

    /// Encodes a single value bare and several as a list, mirroring how they are written.
    public func encode(to encoder: any Encoder) throws {
        if values.count == 1 { try values[0].encode(to: encoder) } else { try values.encode(to: encoder) }
    }
}
