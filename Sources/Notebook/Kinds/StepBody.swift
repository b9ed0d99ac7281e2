/// The typed body of one step kind's block: what every spec type tells the language about itself.
///
/// A spec type conforms in its own file (`extension TrainSpec: StepBody`), so a new kind's
/// decoding, references and column uses live next to its keys.
public protocol StepBody: Decodable, Hashable, Sendable {
    /// The YAML keys of the block (its `CodingKeys`), without the presentation keys.
    static var keys: [String] { get }
    /// This body wrapped as a `StepSpec`.
    var spec: StepSpec { get }
    /// The steps this one reads, each with the YAML key naming it and the kinds allowed there.
    var references: [StepReference] { get }
    /// The columns of another step's table this body names (plots, tables), checked by `check`.
    var columnUses: ColumnUses? { get }
}

extension StepBody {
    public var columnUses: ColumnUses? { nil }
}

/// One step a step reads: `of: grid` is `StepReference(key: "of", id: "grid", kinds: [.train, .sweep])`.
public struct StepReference: Hashable, Sendable {
    /// The YAML key holding the reference.
    public var key: String
    /// The id of the step read.
    public var id: String
    /// The kinds the step read may have.
    public var kinds: [StepKind]

    public init(key: String, id: String, kinds: [StepKind]) {
        self.key = key
        self.id = id
        self.kinds = kinds
    }
}

/// The expressions and filters a body writes in terms of another step's columns.
public struct ColumnUses: Sendable {
    /// The steps whose tables the columns belong to: every one must have each column (a plot
    /// over several steps stacks their rows).
    public var sources: [String]
    /// Columns available besides the sources' own (`source` when several are stacked).
    public var added: [String]
    /// (YAML key, expression text), parsed at check time.
    public var expressions: [(key: String, text: String)]
    /// Column names used as `where` filters.
    public var filters: [String]

    public init(sources: [String], added: [String] = [], expressions: [(key: String, text: String)], filters: [String]) {
        self.sources = sources
        self.added = added
        self.expressions = expressions
        self.filters = filters
    }
}

/// A body that draws other steps' tables (`plot`, `table`): it reads `of`, filters with `where`
/// and writes expressions over the sources' columns, so its references and column uses follow.
public protocol PresentsTable {
    /// The steps read (`of`), in order; a plot may stack several.
    var sources: [String] { get }
    var `where`: RowFilter { get }
    var expressionKeys: [(key: String, text: String)] { get }
}

extension StepBody where Self: PresentsTable {
    public var references: [StepReference] { sources.map { StepReference(key: "of", id: $0, kinds: StepKind.tableKinds) } }
    public var columnUses: ColumnUses? {
        ColumnUses(sources: sources, added: sources.count > 1 ? [PlotSpec.sourceColumn] : [], expressions: expressionKeys + (self.where.expression.map { [("where", $0)] } ?? []),
                   filters: self.where.conditions.keys.sorted())
    }
}
