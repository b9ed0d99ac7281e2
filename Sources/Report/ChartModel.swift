import Notebook

/// Everything a chart draws, in data units: the output of `ChartBuilder`, the input of
/// `ChartRenderer`. Pure data, so the renderer can be golden-tested from hand-made values.
struct ChartModel: Hashable, Sendable {
    var kind: PlotKind
    var xLabel: String
    var yLabel: String
    var y2Label: String?
    var scales: AxisScales
    /// Explicit axis ranges from the spec (`limits`).
    var limits: AxisLimits = AxisLimits()
    var title: String?
    /// One panel, or one per facet value, all sharing both axes.
    var panels: [ChartPanel]
    var references: [ChartReference] = []
    var annotations: [Annotation] = []
    /// Series and marker entries explaining the marks.
    var legend: [LegendEntry] = []
    /// The heading above the legend rows: the column whose values label the series, when
    /// the rows show bare values ("batch" above "16", "32", …).
    var legendTitle: String?
    /// The continuous colour scale, when a numeric column colours the marks.
    var colorBar: ColorBar?
    /// Width of the whole figure and height of one panel row, in CSS pixels.
    var width: Double
    var panelHeight: Double
    /// What a point's `spread` is, for the data table's header: "std", "s.e." or "95% CI".
    var spreadName = "std"
    /// Remarks for the reader, e.g. "3 non-positive values left out of the log axis".
    var notes: [String] = []
}

/// One small multiple.
struct ChartPanel: Hashable, Sendable {
    /// "optimizer = sgd" for a facet, nil for a single panel.
    var title: String?
    var series: [ChartSeries]
}

/// The colour of a mark: a theme colour (CSS variable `--series-N`) or a fixed palette colour.
enum MarkColor: Hashable, Sendable {
    case category(Int)
    /// A step of the themed viridis ramp, `--ramp-0` (low) … `--ramp-20` (high).
    case ramp(Int)
    /// A fixed colour, e.g. grey for a missing value.
    case fixed(String)
    /// The reference-line colour `--ref`.
    case reference

    /// A CSS colour value usable in a `style` attribute.
    var css: String {
        switch self {
        case .category(let i): return "var(--series-\(i % Palette.categoryCount))"
        case .ramp(let k): return "var(--ramp-\(min(max(k, 0), Palette.rampSteps - 1)))"
        case .fixed(let hex): return hex
        case .reference: return "var(--ref)"
        }
    }
}

/// A sequence of points drawn with one style.
struct ChartSeries: Hashable, Sendable {
    var label: String
    var color: MarkColor
    var marker: MarkerShape
    var dashed: Bool = false
    /// True for series on the secondary (right) axis.
    var secondary: Bool = false
    /// True for a reference curve computed from a column: drawn thin and dashed, no markers.
    var isReference: Bool = false
    /// Which reference column of the spec this is, for its dash pattern.
    var referenceIndex: Int = 0
    var points: [ChartPoint]
    /// The individual replicates (seeds) behind the means, drawn thin, when there are too few
    /// of them (fewer than three) for a band to mean anything.
    var replicates: [[ChartPoint]] = []
    /// Where runs of this series diverged: each run's last finite point, found before
    /// averaging over replicates. Empty when the points' own `diverged` flags say it.
    var crosses: [ChartPoint] = []
}

extension ChartSeries {
    /// The CSS classes of the series' line: solid, `dashed`, or one of three reference patterns.
    var strokeClass: String {
        if isReference { return "series reference-series ref-\(referenceIndex % 3)" }
        return dashed ? "series dashed" : "series"
    }
}

/// One plotted point; `spread` (the half-width the plot's `band` chose: std, standard error or
/// 95 % interval) draws a band (line) or an error bar (scatter).
struct ChartPoint: Hashable, Sendable {
    var x: Double
    var y: Double
    var spread: Double? = nil
    /// This row belongs to a run that diverged.
    var diverged: Bool = false
    /// The point's own colour on a scatter coloured by a numeric column.
    var color: MarkColor? = nil
}

/// A reference drawn behind the data: a curve y(x) sampled over the domain, or a vertical line.
struct ChartReference: Hashable, Sendable {
    enum Shape: Hashable, Sendable {
        /// y as a function of x, sampled across the visible x range.
        case curve(ColumnExpression)
        case vertical(Double)
    }
    var shape: Shape
    var label: String?
}

/// A legend row.
struct LegendEntry: Hashable, Sendable {
    enum Symbol: Hashable, Sendable {
        /// A line drawn with the CSS classes of the series it explains (see `ChartSeries.strokeClass`).
        case line(MarkColor, strokeClass: String, marker: MarkerShape?)
        case marker(MarkerShape, MarkColor)
        case diverged
        case band(MarkColor)
        /// A vertical error bar.
        case errorBar(MarkColor)
        /// A thick mean line over thin replicate lines.
        case replicateLine
        /// A filled mean marker beside a hollow replicate marker.
        case replicatePoint
    }
    var symbol: Symbol
    var label: String
}

/// A vertical colour bar for a numeric colour column.
struct ColorBar: Hashable, Sendable {
    var label: String
    var ticks: AxisTicks
}
