/// The number, label and anchor of a numbered figure or table, e.g. "Figure 3" at `#figure-3`.
public struct FigureLabel: Hashable, Sendable {
    /// Whether the label numbers a figure (plot) or a table.
    public enum Kind: String, Hashable, Sendable {
        case figure, table
    }
    /// Figure or table.
    public var kind: Kind
    /// 1-based, counted separately for figures and tables in document order.
    public var number: Int

    /// Creates a value from its parts.
    public init(kind: Kind, number: Int) {
        self.kind = kind
        self.number = number
    }

    /// "Figure 3" or "Table 1".
    public var text: String { (kind == .figure ? "Figure " : "Table ") + String(number) }

    /// The element id on the page, "figure-3" or "table-1" (link to it as `#figure-3`).
    public var anchor: String { kind.rawValue + "-" + String(number) }
}

/// Numbers the `plot` steps (figures) and `table` steps (tables) of a notebook in document
/// order, so prose can refer to a step by id (`@sharpness` → "Figure 2").
///
/// ```swift
/// let numbering = FigureNumbering(steps: [("train", "base"), ("plot", "loss"), ("table", nil), ("plot", nil)])
/// numbering.label(forID: "loss")   // Figure 1, anchor "figure-1"
/// numbering.label(at: 3)           // Figure 2
/// ```
public struct FigureNumbering: Hashable, Sendable {
    /// One entry per step in document order; nil for steps that are not numbered.
    public private(set) var labels: [FigureLabel?]
    private var byID: [String: FigureLabel]

    /// - Parameter steps: Every step of the notebook in document order, as (kind, id).
    public init(steps: [(kind: String, id: String?)]) {
        var figures = 0, tables = 0
        labels = []
        byID = [:]
        for step in steps {
            var label: FigureLabel?
            switch step.kind {
            case "plot": figures += 1; label = FigureLabel(kind: .figure, number: figures)
            case "table": tables += 1; label = FigureLabel(kind: .table, number: tables)
            default: label = nil
            }
            labels.append(label)
            if let label, let id = step.id, byID[id] == nil { byID[id] = label }
        }
    }

    /// The label of the step at document-order `index`, nil if it is not a plot or table.
    public func label(at index: Int) -> FigureLabel? {
        labels.indices.contains(index) ? labels[index] : nil
    }

    /// The label of the plot or table step with this id, for resolving `@id` in prose; also
    /// `fig-ID` for plot `ID` and `tbl-ID` for table `ID` (a step whose id is itself `fig-…`
    /// wins).
    public func label(forID id: String) -> FigureLabel? {
        if let label = byID[id] { return label }
        if id.hasPrefix("fig-"), let label = byID[String(id.dropFirst(4))], label.kind == .figure { return label }
        if id.hasPrefix("tbl-"), let label = byID[String(id.dropFirst(4))], label.kind == .table { return label }
        return nil
    }
}
