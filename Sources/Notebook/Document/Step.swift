/// The step kinds a fenced block's info string can name. What each kind means to the language
/// is its `descriptor` (Kinds/StepKindDescriptor.swift).
public enum StepKind: String, Codable, Hashable, Sendable, CaseIterable {
    case dataset, train, sweep, measure, interpolate, simulate, derive, plot, table
}

/// A step's typed specification: every field changes the numbers (presentation lives apart).
public enum StepSpec: Hashable, Sendable {
    case dataset(DatasetSpec)
    case train(TrainSpec)
    case sweep(SweepSpec)
    case measure(MeasureSpec)
    case interpolate(InterpolateSpec)
    case simulate(SimulateSpec)
    case derive(DeriveSpec)
    indirect case plot(PlotSpec)
    case table(TableSpec)

    /// The spec as its kind's body type.
    public var body: any StepBody {
        switch self {
        case .dataset(let s): return s
        case .train(let s): return s
        case .sweep(let s): return s
        case .measure(let s): return s
        case .interpolate(let s): return s
        case .simulate(let s): return s
        case .derive(let s): return s
        case .plot(let s): return s
        case .table(let s): return s
        }
    }

    /// The steps this one reads.
    public var references: [StepReference] { body.references }
}

/// How a step is shown. Changing it re-renders the page; it never re-runs anything.
public struct StepPresentation: Codable, Hashable, Sendable {
    public enum Source: String, Codable, Hashable, Sendable, CaseIterable { case collapsed, open, hidden }

    public var caption: String?
    /// Whether the step's YAML is shown above its output (`show_source:`; collapsed by default).
    public var source: Source = .collapsed

    /// Keys read as presentation from a compute step's body (plot and table keep `caption` in
    /// their own spec).
    static let keys = ["caption", "show_source"]
}

/// One experiment step of a notebook, decoded and checked.
public struct Step: Hashable, Sendable {
    /// The id from the info string, or `kind-N` (N counts from 1 in document order) when none.
    public var id: String
    public var hasExplicitID: Bool
    public var kind: StepKind
    public var spec: StepSpec
    public var presentation: StepPresentation
    /// The block as written (before param substitution).
    public var block: FencedBlock
    /// The body with `${param}` placeholders replaced (nil when it has none), as the step ran.
    public var expandedBody: String?
    /// Notebook position of each top-level key's value, for diagnostics about references, and
    /// of every node under `model` (`model.vgg.2`), for diagnostics about layers.
    var keyPositions: [String: SourcePosition]

    /// The caption, from the presentation or the plot/table spec.
    public var caption: String? {
        switch spec {
        case .plot(let p): return p.caption
        case .table(let t): return t.caption
        default: return presentation.caption
        }
    }
}
