/// A `derive` step: a table computed from other steps' tables — filtered, joined, grouped,
/// aggregated, with new columns. Pure and deterministic: it reads results only and never
/// trains, so it has no cache entry of its own and costs nothing to re-run.
///
/// ```yaml
/// of: f1                                  # a step with a table, or a list (rows stacked)
/// join: {step: f1-sharpness, on: [lr, batch, seed]}   # add the first matching row's columns
/// where: "final == 1"                     # row filter (string expression or {column: value})
/// group_by: [lr, batch]                   # one row per group; omit for row by row
/// columns:                                # output columns, in order
///   - ratio: first(lr/batch)
///   - acc: mean(test_acc)
///   - spread: max(test_acc) - min(test_acc)
/// sort: [ratio]
/// ```
///
/// Order of operations: stack `of`, join, filter, then the columns. With `group_by`, a column
/// with an aggregate is evaluated over each group's rows and one without reads the grouped row
/// (the keys and the columns listed before it). Without `group_by`, a column without an
/// aggregate is evaluated row by row, and one with an aggregate over all rows — one summary
/// row when every column aggregates, otherwise its value repeated on every row (e.g.
/// `test_acc/max(test_acc)`). Without `columns`, every column is kept.
public struct DeriveSpec: Codable, Hashable, Sendable {
    /// The steps whose tables are stacked (rows of the first, then the second …; columns are
    /// the union, missing where a table lacks one).
    public var of: [String]
    /// Tables joined onto every row, in order.
    public var join: [DeriveJoin]
    public var `where`: RowFilter
    /// Group keys; nil for row-by-row.
    public var groupBy: [String]?
    /// Output columns; nil keeps every column (row by row) or the keys (grouped).
    public var columns: [TableColumn]?
    public var sort: [SortKey]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case of, join, `where`, columns, sort
        case groupBy = "group_by"
    }

    /// Creates a value from its parts.
    public init(of: [String], join: [DeriveJoin] = [], where filter: RowFilter = RowFilter(), groupBy: [String]? = nil,
                columns: [TableColumn]? = nil, sort: [SortKey] = []) {
        self.of = of; self.join = join; self.where = filter; self.groupBy = groupBy
        self.columns = columns; self.sort = sort
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        of = try c.decode(OneOrMany<String>.self, forKey: .of).values
        join = try c.decodeIfPresent(OneOrMany<DeriveJoin>.self, forKey: .join)?.values ?? []
        self.where = try c.decodeIfPresent(RowFilter.self, forKey: .where) ?? RowFilter()
        groupBy = try c.decodeIfPresent(OneOrMany<String>.self, forKey: .groupBy)?.values
        columns = try c.decodeIfPresent(OneOrMany<TableColumn>.self, forKey: .columns)?.values
        sort = try c.decodeIfPresent(OneOrMany<SortKey>.self, forKey: .sort)?.values ?? []
        guard !of.isEmpty else { throw SpecError(message: "'of' needs at least one step") }
        if let columns {
            var seen = Set<String>()
            for column in columns where !seen.insert(column.label).inserted {
                throw SpecError(message: "column '\(column.label)' is listed twice in 'columns'")
            }
        }
    }

    /// Every column expression with the key that holds it, for checking before a run.
    public var expressionKeys: [(key: String, text: String)] {
        (columns ?? []).map { ("columns", $0.expression) }
    }
}

/// `join: {step: ID, on: [columns], columns: [names]}`: each row gets the named columns (default:
/// all but the keys) of the first row of `step` whose `on` cells equal its own (numbers within a
/// relative 1e-6); missing when none matches.
public struct DeriveJoin: Codable, Hashable, Sendable {
    public var step: String
    public var on: [String]
    public var columns: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable { case step, on, columns }

    /// Creates a value from its parts.
    public init(step: String, on: [String], columns: [String]? = nil) {
        self.step = step; self.on = on; self.columns = columns
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        step = try c.decode(String.self, forKey: .step)
        on = try c.decode(OneOrMany<String>.self, forKey: .on).values
        columns = try c.decodeIfPresent(OneOrMany<String>.self, forKey: .columns)?.values
        guard !on.isEmpty else { throw SpecError(message: "'on' needs at least one column") }
    }
}

extension DeriveSpec: StepBody {
    public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }
    public var spec: StepSpec { .derive(self) }
    public var references: [StepReference] {
        of.map { StepReference(key: "of", id: $0, kinds: StepKind.tableKinds) }
            + join.map { StepReference(key: "join", id: $0.step, kinds: StepKind.tableKinds) }
    }
}
