/// What a `table` block asks for: which step's results to tabulate, which columns, which rows,
/// in what order and how precisely.
///
/// Presentation only: editing it never re-runs a computation.
///
/// ```yaml
/// of: ratio
/// columns: [lr, batch, "η/S": lr/batch, test_acc, lambda_max]
/// where: {epoch: 30}
/// sort: [lr, batch]
/// digits: 3
/// caption: Final accuracy and sharpness, mean ± std over seeds.
/// ```
public struct TableSpec: Codable, Hashable, Sendable {
    /// The id of the step whose results are tabulated.
    public var of: String
    /// The columns to show, in order: a column name (`lr`), or a one-entry mapping from a
    /// header to an expression (`"η/S": lr/batch`). Default: every column of the result.
    public var columns: [TableColumn]?
    /// Keep only rows matching these values, e.g. `{epoch: 30}` or `{batch: [32, 128]}`.
    public var `where`: RowFilter
    /// The replicate column averaged over: rows differing only in it become one row showing
    /// mean ± std per numeric column. Default `seed`; ignored when the table has no such column.
    public var over: String
    /// The columns identifying one configuration when averaging over `over`. Default:
    /// inferred from the data (columns that take the same values for every replicate).
    public var groupBy: [String]?
    /// Row order: column names, each optionally followed by `desc`, e.g. `[lr, "test_acc desc"]`.
    /// Default: the order of the result.
    public var sort: [SortKey]
    /// Significant digits for non-integer numbers (default 3); a std shows as many
    /// decimal places as its mean.
    public var digits: Int
    /// Units per column, shown in the header as "wall (s)", e.g. `{wall_seconds: s}`.
    /// Columns ending in `_seconds` default to `s`.
    public var units: [String: String]
    /// The table caption, shown as "Table N. caption" above the table.
    public var caption: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case of, columns, `where`, over, sort, digits, units, caption
        case groupBy = "group_by"
    }

    /// Creates a value from its parts.
    public init(of: String, columns: [TableColumn]? = nil, where filter: RowFilter = RowFilter(),
                over: String = "seed", groupBy: [String]? = nil, sort: [SortKey] = [],
                digits: Int = 3, units: [String: String] = [:], caption: String? = nil) {
        self.of = of; self.columns = columns; self.where = filter; self.over = over
        self.groupBy = groupBy; self.sort = sort; self.digits = digits; self.units = units
        self.caption = caption
    }

    /// Every column expression with the key that holds it (`columns`), for checking before a run.
    public var expressionKeys: [(key: String, text: String)] {
        (columns ?? []).map { ("columns", $0.expression) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        of = try c.decode(String.self, forKey: .of)
        columns = try c.decodeIfPresent(OneOrMany<TableColumn>.self, forKey: .columns)?.values
        self.where = try c.decodeIfPresent(RowFilter.self, forKey: .where) ?? RowFilter()
        over = try c.decodeIfPresent(String.self, forKey: .over) ?? "seed"
        groupBy = try c.decodeIfPresent(OneOrMany<String>.self, forKey: .groupBy)?.values
        sort = try c.decodeIfPresent(OneOrMany<SortKey>.self, forKey: .sort)?.values ?? []
        digits = try c.decodeIfPresent(Int.self, forKey: .digits) ?? 3
        units = try c.decodeIfPresent([String: String].self, forKey: .units) ?? [:]
        caption = try c.decodeIfPresent(String.self, forKey: .caption)
        guard (1...15).contains(digits) else {
            throw DecodingError.dataCorruptedError(
                forKey: .digits, in: c, debugDescription: "'digits' must be between 1 and 15, found \(digits)")
        }
    }
}

/// One column of a table: a header and the expression that fills it.
///
/// Written as a bare column name (`lr`, header "lr") or a one-entry mapping
/// (`"η/S": lr/batch`, header "η/S").
public struct TableColumn: Codable, Hashable, Sendable {
    /// The header text.
    public var label: String
    /// A column name or expression over the result's columns.
    public var expression: String

    /// Creates a value from its parts.
    public init(label: String, expression: String) {
        self.label = label
        self.expression = expression
    }

    /// A column shown under its own name.
    public init(_ name: String) { self.init(label: name, expression: name) }

    public init(from decoder: any Decoder) throws {
        if let name = try? String(from: decoder) {
            self.init(name)
            return
        }
        let map = try [String: ExpressionText](from: decoder)
        guard map.count == 1, let (label, expression) = map.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a column is a name or one 'header: expression' pair, found \(map.count) pairs"))
        }
        self.init(label: label, expression: expression.text)
    }

    public func encode(to encoder: any Encoder) throws {
        if label == expression { try label.encode(to: encoder) } else { try [label: expression].encode(to: encoder) }
    }
}

extension TableSpec: StepBody, PresentsTable {
    public var sources: [String] { [of] }
    public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }
    public var spec: StepSpec { .table(self) }
}
