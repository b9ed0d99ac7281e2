import Foundation

/// What a `plot` block asks for: which step's results to draw, how to map columns to the
/// chart, and how to label it.
///
/// Every key but `of`, `x` and `y` is optional. Columns may be written as expressions
/// over the table's columns (`x: lr/batch`; see `ColumnExpression`). Nothing here changes
/// any computed number: a plot is presentation only, and editing it never re-runs training.
///
/// ```yaml
/// of: sharpness
/// x: lr/batch
/// y: lambda_max
/// color: batch
/// scale: {x: log, y: log}
/// caption: Sharpness falls as η/S grows.
/// ```
public struct PlotSpec: Codable, Hashable, Sendable {
    /// The ids of the steps whose results are drawn (any computing steps), written `of: a` or
    /// `of: [a, b]`. With several, their rows are stacked (columns are the union) and a
    /// `source` column holding each row's step id tells them apart: it can be used in
    /// `color`, `marker`, `facet`, `where` and `label`, and splits the series by default when
    /// no other column does. Every column the plot names must exist in every listed step.
    public var of: [String]
    /// The horizontal axis: a column or an expression, e.g. `epoch` or `lr/batch`.
    public var x: String
    /// The vertical axis: one column/expression or a list of them (one series each),
    /// e.g. `y: [train_loss, test_loss]`.
    public var y: [String]
    /// `line` or `scatter`. Default: `line` when `x` is `epoch`, `step`, `alpha`, `time` or
    /// `t` (a sequence), otherwise `scatter`.
    public var kind: PlotKind?
    /// A column that colours the marks: numeric → a continuous palette (viridis) with a
    /// colour bar; text → one colour per value with a legend.
    public var color: String?
    /// A column whose values get different marker shapes (circle, square, triangle …).
    public var marker: String?
    /// A column that splits the data into small multiples (one panel per value) sharing axes.
    public var facet: String?
    /// The replicate column averaged over: rows differing only in it become one mean line
    /// (or point) with a shaded band (error bars on a scatter) whose half-width `band` chooses.
    /// Default `seed`; ignored when the table has no such column.
    public var over: String
    /// What the band around a mean shows: `std` (default), `sem` (standard error), `ci95`
    /// (t-based 95 % interval of the mean) or `none`. With fewer than three replicates no band
    /// is drawn: each replicate appears as a thin line (or small hollow point) instead.
    public var band: BandKind
    /// A legend label template for each series, e.g. `"η={lr}, S={batch}"`: each `{…}` is a
    /// column or expression, replaced by the series' value. Default: the values of the columns
    /// that tell the series apart.
    public var label: String?
    /// Explicit axis ranges, e.g. `{y: [0.7, 0.9]}`; each axis defaults to the data's range.
    public var limits: AxisLimits
    /// The columns identifying one configuration when averaging over `over`. Default:
    /// inferred from the data (columns that take the same values for every replicate).
    public var groupBy: [String]?
    /// Keep only rows matching these values, e.g. `{batch: 32}` or `{lr: [0.1, 0.01]}`.
    public var `where`: RowFilter
    /// Axis scales, e.g. `{x: log, y: log}`; each axis defaults to `linear`.
    public var scale: AxisScales
    /// A column (or expression) drawn against a secondary vertical axis on the right.
    public var y2: String?
    /// Reference lines and curves drawn under the data (`y = x`, a constant, a theory
    /// column, a vertical line), each with an optional label.
    public var reference: [ReferenceLine]
    /// Text notes placed at data coordinates.
    public var annotate: [Annotation]
    /// The horizontal axis title. Default: the `x` expression.
    public var xLabel: String?
    /// The vertical axis title. Default: the `y` expression(s).
    public var yLabel: String?
    /// The secondary axis title. Default: the `y2` expression.
    public var y2Label: String?
    /// A title drawn above the chart (the caption is usually better).
    public var title: String?
    /// The figure caption, shown as "Figure N. caption" under the chart.
    public var caption: String?
    /// The figure width in CSS pixels (default 640). A narrower page scales it down to no less
    /// than 75 % (text stays ≥ 9 px) and lets it scroll sideways beyond that.
    public var width: Double
    /// The height of one panel's plotting area plus axes, in CSS pixels (default 400, or
    /// 260 per panel row with `facet`).
    public var height: Double?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case of, x, y, kind, color, marker, facet, over, band, label, limits, `where`, scale, y2, reference
        case annotate, title, caption, width, height
        case groupBy = "group_by", xLabel = "x_label", yLabel = "y_label", y2Label = "y2_label"
    }

    /// Creates a value from its parts.
    public init(of: [String], x: String, y: [String], kind: PlotKind? = nil, color: String? = nil,
                marker: String? = nil, facet: String? = nil, over: String = "seed",
                band: BandKind = .std, label: String? = nil, limits: AxisLimits = AxisLimits(),
                groupBy: [String]? = nil, where filter: RowFilter = RowFilter(),
                scale: AxisScales = AxisScales(), y2: String? = nil,
                reference: [ReferenceLine] = [], annotate: [Annotation] = [],
                xLabel: String? = nil, yLabel: String? = nil, y2Label: String? = nil,
                title: String? = nil, caption: String? = nil, width: Double = 640,
                height: Double? = nil) {
        self.of = of; self.x = x; self.y = y; self.kind = kind; self.color = color
        self.marker = marker; self.facet = facet; self.over = over; self.groupBy = groupBy
        self.band = band; self.label = label; self.limits = limits
        self.where = filter; self.scale = scale; self.y2 = y2; self.reference = reference
        self.annotate = annotate; self.xLabel = xLabel; self.yLabel = yLabel
        self.y2Label = y2Label; self.title = title; self.caption = caption
        self.width = width; self.height = height
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let sources = try c.decode(OneOrMany<String>.self, forKey: .of).values
        of = sources
        guard !sources.isEmpty else { throw SpecError(message: "'of' needs at least one step") }
        if let twice = sources.first(where: { id in sources.filter { $0 == id }.count > 1 }) {
            throw SpecError(message: "step '\(twice)' is listed twice in 'of'")
        }
        x = try c.decode(ExpressionText.self, forKey: .x).text
        y = try c.decode(OneOrMany<ExpressionText>.self, forKey: .y).values.map(\.text)
        kind = try c.decodeIfPresent(PlotKind.self, forKey: .kind)
        color = try c.decodeIfPresent(ExpressionText.self, forKey: .color)?.text
        marker = try c.decodeIfPresent(ExpressionText.self, forKey: .marker)?.text
        facet = try c.decodeIfPresent(ExpressionText.self, forKey: .facet)?.text
        over = try c.decodeIfPresent(String.self, forKey: .over) ?? "seed"
        band = try c.decodeIfPresent(BandKind.self, forKey: .band) ?? .std
        label = try c.decodeIfPresent(String.self, forKey: .label)
        limits = try c.decodeIfPresent(AxisLimits.self, forKey: .limits) ?? AxisLimits()
        groupBy = try c.decodeIfPresent(OneOrMany<String>.self, forKey: .groupBy)?.values
        self.where = try c.decodeIfPresent(RowFilter.self, forKey: .where) ?? RowFilter()
        scale = try c.decodeIfPresent(AxisScales.self, forKey: .scale) ?? AxisScales()
        y2 = try c.decodeIfPresent(ExpressionText.self, forKey: .y2)?.text
        reference = try c.decodeIfPresent(OneOrMany<ReferenceLine>.self, forKey: .reference)?.values ?? []
        annotate = try c.decodeIfPresent(OneOrMany<Annotation>.self, forKey: .annotate)?.values ?? []
        xLabel = try c.decodeIfPresent(String.self, forKey: .xLabel)
        yLabel = try c.decodeIfPresent(String.self, forKey: .yLabel)
        y2Label = try c.decodeIfPresent(String.self, forKey: .y2Label)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        caption = try c.decodeIfPresent(String.self, forKey: .caption)
        width = try c.decodeIfPresent(Double.self, forKey: .width) ?? 640
        height = try c.decodeIfPresent(Double.self, forKey: .height)
    }

    /// What is wrong with `label` and `limits` given the axis scales (an unbalanced template, a
    /// non-positive limit on a log axis), as (key, message) pairs for check-time diagnostics.
    public var presentationProblems: [(key: String, message: String)] {
        var out: [(key: String, message: String)] = []
        if let label, let problem = LabelTemplate.problem(in: label) { out.append(("label", problem)) }
        for (axis, range, axisScale) in [("x", limits.x, scale.x), ("y", limits.y, scale.y), ("y2", limits.y2, scale.y2)] {
            guard let range, range.count == 2, axisScale == .log, range[0] <= 0 else { continue }
            out.append(("limits", "'limits.\(axis)' starts at \(NumberFormatting.plain(range[0])) but the \(axis) axis is logarithmic; give a positive lower limit, or drop 'scale: {\(axis): log}'"))
        }
        return out
    }

    /// Every column expression of the spec with the key that holds it, in key order, so a
    /// checker can parse each with `ColumnExpression(parsing:)` before anything runs and point
    /// a syntax error at `key` (plus the error's offset). Reference curves (`reference[].y`)
    /// may use only the variable `x`.
    public var expressionKeys: [(key: String, text: String)] {
        var out: [(key: String, text: String)] = [("x", x)] + y.map { ("y", $0) }
        if let y2 { out.append(("y2", y2)) }
        if let label { out += LabelTemplate.placeholders(in: label).map { ("label", $0) } }
        for (key, value) in [("color", color), ("marker", marker), ("facet", facet)] {
            if let value { out.append((key, value)) }
        }
        for r in reference {
            if let y = r.y { out.append(("reference", y)) }
            if let c = r.column { out.append(("reference", c)) }
        }
        return out
    }

    /// The chart kind to draw: `kind` when given, else inferred from `x` as documented there.
    public var resolvedKind: PlotKind {
        if let kind { return kind }
        return ["epoch", "step", "alpha", "time", "t", "iteration"].contains(x) ? .line : .scatter
    }
}

/// How a plot draws its marks.
public enum PlotKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// Points joined in order of `x`, one line per series.
    case line
    /// Unjoined markers.
    case scatter
}

/// The scale of one axis.
public enum AxisScale: String, Codable, Hashable, Sendable, CaseIterable {
    case linear
    /// Base-10 logarithmic; non-positive values cannot be drawn and are left out with a note.
    case log
}

/// Per-axis scales, written `scale: {x: log, y: log}`.
public struct AxisScales: Codable, Hashable, Sendable {
    /// The horizontal axis scale (default `linear`).
    public var x: AxisScale
    /// The vertical axis scale (default `linear`).
    public var y: AxisScale
    /// The secondary vertical axis scale (default `linear`).
    public var y2: AxisScale

    enum CodingKeys: String, CodingKey, CaseIterable { case x, y, y2 }

    /// Creates a value from its parts.
    public init(x: AxisScale = .linear, y: AxisScale = .linear, y2: AxisScale = .linear) {
        self.x = x; self.y = y; self.y2 = y2
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        x = try c.decodeIfPresent(AxisScale.self, forKey: .x) ?? .linear
        y = try c.decodeIfPresent(AxisScale.self, forKey: .y) ?? .linear
        y2 = try c.decodeIfPresent(AxisScale.self, forKey: .y2) ?? .linear
    }
}

/// A reference line or curve drawn behind the data, dashed, with an optional label.
///
/// Give exactly one of `y` (a curve: an expression in `x`, e.g. `x`, `0.25*x`, or a constant
/// such as `0.5`, evaluated across the visible x range), `x` (a vertical line at that value)
/// or `column` (a column or expression of the table, e.g. a theory prediction, drawn as a
/// dashed line through the rows in order of x).
public struct ReferenceLine: Codable, Hashable, Sendable {
    /// y as an expression of the variable `x` (only `x` and numbers).
    public var y: String?
    /// The position of a vertical line, in data units of x.
    public var x: Double?
    /// A column or expression of the plotted table.
    public var column: String?
    /// Text shown next to the line and in the legend.
    public var label: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case y, x, column, label }

    /// Creates a value from its parts.
    public init(y: String? = nil, x: Double? = nil, column: String? = nil, label: String? = nil) {
        self.y = y; self.x = x; self.column = column; self.label = label
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        y = try c.decodeIfPresent(ExpressionText.self, forKey: .y)?.text
        x = try c.decodeIfPresent(Double.self, forKey: .x)
        column = try c.decodeIfPresent(ExpressionText.self, forKey: .column)?.text
        label = try c.decodeIfPresent(String.self, forKey: .label)
        let given = [y != nil, x != nil, column != nil].filter { $0 }.count
        guard given == 1 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a reference needs exactly one of 'y', 'x' or 'column', found \(given)"))
        }
    }
}

/// A text note at a point of the chart, e.g. `{x: 0.001, y: 2.5, text: breaks here}`.
public struct Annotation: Codable, Hashable, Sendable {
    /// The horizontal position, in data units.
    public var x: Double
    /// The vertical position, in data units of the primary axis.
    public var y: Double
    /// The note.
    public var text: String

    enum CodingKeys: String, CodingKey, CaseIterable { case x, y, text }

    /// Creates a value from its parts.
    public init(x: Double, y: Double, text: String) {
        self.x = x; self.y = y; self.text = text
    }
}

/// An expression as written in YAML, which may be a bare number (`y: 0.5`) rather than a string.
struct ExpressionText: Codable, Hashable, Sendable {
    var text: String

    init(from decoder: any Decoder) throws {
        if let s = try? String(from: decoder) {
            text = s
        } else {
            let x = try Double(from: decoder)
            text = x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
        }
    }

    func encode(to encoder: any Encoder) throws { try text.encode(to: encoder) }
}

extension PlotSpec {
    /// The name of the column holding each row's step id when a plot reads several steps.
    public static let sourceColumn = "source"

    /// Whether the plot stacks several steps' rows (and so has a `source` column).
    public var stacksSources: Bool { of.count > 1 }
}

extension PlotSpec: StepBody, PresentsTable {
    public var sources: [String] { of }
    public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }
    public var spec: StepSpec { .plot(self) }
}
