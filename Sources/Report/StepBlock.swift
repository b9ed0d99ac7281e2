import Notebook

/// Everything the report shows for one step block: its source, position, and what it produced.
///
/// The renderer (`StepRenderer`) turns it into an HTML fragment that the page body shows
/// where the block stood. Plot and table steps carry their spec and the outcome of the step
/// they read (`of:`; a plot may read several); computing steps carry their own outcome.
public struct StepBlock: Hashable, Sendable {
    /// How the step's YAML source is shown above its output.
    public enum SourceDisplay: String, Hashable, Sendable, CaseIterable {
        /// In a closed `<details>` (the default).
        case collapsed
        /// Open, always visible.
        case shown
        /// Not at all.
        case hidden
    }

    /// What the step shows.
    public enum Content: Hashable, Sendable {
        /// A computing step (`dataset`, `train`, `sweep`, `measure`, `interpolate`,
        /// `simulate`) and its outcome; nil when it was not run (e.g. `minima check`).
        case compute(StepOutcome?)
        /// A plot over the outcomes of the steps named by `spec.of`, in that order (nil for a
        /// step not run); with several, their rows are stacked with a `source` column.
        case plot(PlotSpec, upstream: [StepOutcome?])
        /// A table over the outcome of the step named by `spec.of`.
        case table(TableSpec, upstream: StepOutcome?)
    }

    /// The step kind as written in the info string, e.g. `sweep`.
    public var kind: String
    /// The step id, if the info string names one. The step's section gets the element id
    /// `step-ID` (see `anchor`).
    public var id: String?
    /// The element id of the step's section, `step-ID`, or nil without an id.
    public var anchor: String? { id.map { "step-\($0)" } }

    /// The block's body as written (YAML).
    public var source: String
    /// The source with `${param}` placeholders replaced by their values, when it has any.
    public var expandedSource: String?
    /// Where the block starts, as `file:line:col`, e.g. `nb.md:12:1`.
    public var position: String
    /// A caption for a computing step's summary (plots and tables use their spec's caption).
    public var caption: String?
    /// How the source is shown.
    public var sourceDisplay: SourceDisplay
    /// What the step shows.
    public var content: Content

    /// Creates a value from its parts.
    public init(kind: String, id: String?, source: String, position: String, caption: String? = nil,
                sourceDisplay: SourceDisplay = .collapsed, content: Content) {
        self.kind = kind
        self.id = id
        self.source = source
        self.position = position
        self.caption = caption
        self.sourceDisplay = sourceDisplay
        self.content = content
    }
}

/// A file to write beside the report, relative to the report's asset directory.
public struct OutputFile: Hashable, Sendable {
    /// E.g. `f1-sharpness.svg`, `fig-3.svg` or `sweep.csv`; the caller puts it in `Output/NAME/`.
    public var path: String
    /// The file contents (UTF-8 text for SVG, CSV and JSON).
    public var bytes: [UInt8]

    /// Creates a value from its parts.
    public init(path: String, contents: String) {
        self.path = path
        self.bytes = Array(contents.utf8)
    }

    /// A binary file (a figure's PDF).
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// The HTML fragment for one step and the files it adds beside the report.
public struct RenderedStep: Hashable, Sendable {
    /// Pretty-printed HTML to place where the step's block stood.
    public var html: String
    /// Files to write in the asset directory.
    public var files: [OutputFile]
    /// Problems the reader should also see on the terminal, e.g. a plot over a missing column,
    /// as bare messages (`'y': unknown column 'lamda_max' …`): the caller adds the position.
    public var warnings: [String]
}
