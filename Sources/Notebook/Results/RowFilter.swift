/// A `where:` clause: keep the rows that satisfy it.
///
/// Written in YAML in one of two forms:
///
/// * a mapping from column name to one value or a list of values:
///   `where: {batch: 32}` or `where: {batch: [32, 128], optimizer: sgd}`. Every condition
///   must hold (AND); within one condition any listed value may match (OR). Numbers match with
///   a relative tolerance of 1e-6, so `lr: 0.1` finds a learning rate stored from a `Float`.
///   The mapping's keys are column names, not spec keys: a strict decoder must not check them.
/// * a string holding a row expression (`ColumnExpression`, row context):
///   `where: "epoch >= 30 and batch <= 64"` or `where: name == 'CLR'`; a row is kept when the
///   expression is a nonzero number (comparisons use the same 1e-6 tolerance for equality).
///   The text is kept as written and parsed when the filter is applied, as plot expressions
///   are; the notebook checker parses and checks it first, with positions inside the string.
public struct RowFilter: Codable, Hashable, Sendable {
    /// Column name → accepted values (the mapping form).
    public var conditions: [String: [Cell]]
    /// The expression of the string form, as written; nil for the mapping form.
    public var expression: String?

    /// Creates a mapping-form filter.
    public init(_ conditions: [String: [Cell]] = [:]) {
        self.conditions = conditions
        self.expression = nil
    }

    /// Creates a string-form filter from an expression's text, e.g. `"epoch >= 30"`.
    public init(expression: String) {
        self.conditions = [:]
        self.expression = expression
    }

    /// True when the filter keeps every row.
    public var isEmpty: Bool { conditions.isEmpty && expression == nil }

    /// Decodes a mapping (the conditions) or a string (the expression).
    public init(from decoder: any Decoder) throws {
        do {
            let raw = try [String: OneOrMany<Cell>](from: decoder)
            conditions = raw.mapValues(\.values)
            expression = nil
        } catch {
            guard let text = try? String(from: decoder) else { throw error }
            conditions = [:]
            expression = text
        }
    }

    /// Encodes the form the filter was written in.
    ///
    /// - Throws: `EncodingError` for a filter with both conditions and an expression, which
    ///   YAML cannot spell in one `where:`.
    public func encode(to encoder: any Encoder) throws {
        guard let expression else {
            try conditions.mapValues { OneOrMany($0) }.encode(to: encoder)
            return
        }
        guard conditions.isEmpty else {
            throw EncodingError.invalidValue(self, .init(
                codingPath: encoder.codingPath,
                debugDescription: "a where filter has either conditions or an expression, not both"))
        }
        try expression.encode(to: encoder)
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
    /// The rows that satisfy every condition of `filter` and its expression, in their
    /// original order.
    ///
    /// - Throws: `ResultTableError` for a condition on a column the table lacks, or an
    ///   expression that does not parse or check (see `filtered(by:)` for expressions).
    /// - Complexity: O(rows × (conditions × values + expression size)).
    public func filtered(by filter: RowFilter) throws(ResultTableError) -> ResultTable {
        var tests: [(Int, [Cell])] = []
        for name in filter.conditions.keys.sorted() {
            guard let i = index(of: name) else { throw .unknownColumn(name, in: self) }
            tests.append((i, filter.conditions[name]!))
        }
        let matching = ResultTable(
            columns: columns,
            rows: rows.filter { row in tests.allSatisfy { RowFilter.matches(row[$0.0], $0.1) } },
            keyColumns: keyColumns)
        guard let text = filter.expression else { return matching }
        let expression: ColumnExpression
        do { expression = try ColumnExpression(parsing: text) } catch {
            throw ResultTableError(subject: text,
                                   message: "invalid expression '\(text)' at offset \(error.offset): \(error.message)")
        }
        return try matching.filtered(by: expression)
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
