/// Everything the language knows about one step kind, in one value.
///
/// `StepKind.descriptor` is the one exhaustive `switch` of the Notebook module over kinds: a new
/// kind is a new `StepKind` case, a spec type conforming to `StepBody`, a `StepSpec` case and an
/// entry here — the compiler points at each of them. The parser decodes through `body`, the
/// step graph checks `references`, and `check` validates column names against `columns`.
public struct StepKindDescriptor: Sendable {
    public var kind: StepKind
    /// The spec type a block of this kind decodes to.
    public var body: any StepBody.Type
    /// The columns its result table can have (the result schema; empty when it has no table).
    public var columns: [String]
    /// Whether other steps can read its result table with `of:`.
    public var producesTable: Bool
    /// Whether the runner gives it an outcome (a table shown under the step); plots and tables
    /// are drawn by the report from another step's outcome instead.
    public var hasOutcome: Bool
    /// Keys read as presentation rather than spec.
    public var presentationKeys: [String]

    /// Every key a block of this kind accepts.
    public var keys: [String] { body.keys + presentationKeys }
}

extension StepKind {
    /// Kinds whose units are training runs (what `measure` and `interpolate` read).
    public static let runKinds: [StepKind] = [.train, .sweep]
    /// Kinds whose result is a table other steps can read with `of:`.
    public static var tableKinds: [StepKind] { allCases.filter(\.producesTable) }

    /// What the language knows about this kind.
    public var descriptor: StepKindDescriptor {
        func make(_ body: any StepBody.Type, columns: [String], producesTable: Bool = true, hasOutcome: Bool = true,
                  presentationKeys: [String] = StepPresentation.keys) -> StepKindDescriptor {
            StepKindDescriptor(kind: self, body: body, columns: columns, producesTable: producesTable,
                               hasOutcome: hasOutcome, presentationKeys: presentationKeys)
        }
        switch self {
        case .dataset: return make(DatasetSpec.self, columns: ResultColumns.dataset, producesTable: false)
        case .train, .sweep:
            let columns = ResultColumns.runLabels + ResultColumns.epochs + ResultColumns.metrics + ResultColumns.runSettings
            return make(self == .train ? TrainSpec.self : SweepSpec.self, columns: columns)
        case .measure:
            return make(MeasureSpec.self, columns: ResultColumns.runLabels + ResultColumns.metrics + ResultColumns.runSettings)
        case .interpolate: return make(InterpolateSpec.self, columns: ResultColumns.interpolate)
        case .simulate: return make(SimulateSpec.self, columns: ResultColumns.simulate)
        // A derived table's columns depend on its spec: `Derivation.columns` gives them per step.
        case .derive: return make(DeriveSpec.self, columns: [])
        // Plot and table keep `caption` in their own spec.
        case .plot: return make(PlotSpec.self, columns: [], producesTable: false, hasOutcome: false,
                                presentationKeys: ["show_source"])
        case .table: return make(TableSpec.self, columns: [], producesTable: false, hasOutcome: false,
                                 presentationKeys: ["show_source"])
        }
    }

    /// Whether other steps can read its result table with `of:`.
    public var producesTable: Bool { descriptor.producesTable }
}
