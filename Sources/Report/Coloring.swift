import Notebook

/// How a plot's `color` column maps to mark colours: none (one theme colour per series), a
/// numeric column with few distinct values (batch sizes, β: the qualitative, colour-blind-safe
/// theme colours in order of value, explained by the legend), a numeric column with many values
/// (viridis over the column's range, linear or log, explained by a colour bar and no legend), or
/// a text column (one theme colour per distinct value).
struct Coloring {
    private enum Mode {
        case bySeries
        case continuous(column: Int, ticks: AxisTicks)
        /// Few numeric values: one qualitative colour per value, in ascending order.
        case discrete(column: Int, values: [Double])
        case categorical(column: Int, values: [Cell])
    }
    private let mode: Mode
    /// The colour bar to draw, for a numeric colour column.
    let colorBar: ColorBar?

    /// A numeric colour column with at most this many distinct values gets a legend entry per
    /// value (a qualitative colour each) instead of a colour bar.
    static let discreteLimit = Palette.categoryCount

    init(spec: PlotSpec, table: ResultTable) {
        guard let name = spec.color, let i = table.index(of: name) else {
            mode = .bySeries
            colorBar = nil
            return
        }
        let cells = table.rows.map { $0[i] }
        let numbers = cells.compactMap(\.number).filter(\.isFinite)
        let distinct = Array(Set(numbers)).sorted()
        if !numbers.isEmpty && cells.allSatisfy({ $0.text == nil }) && distinct.count <= Self.discreteLimit {
            mode = .discrete(column: i, values: distinct)
            colorBar = nil
        } else if !numbers.isEmpty && cells.allSatisfy({ $0.text == nil }) {
            let positive = numbers.allSatisfy { $0 > 0 }
            let log = positive && numbers.max()! / numbers.min()! >= 20
            let lo = numbers.min()!, hi = numbers.max()!
            let ticks = AxisTicks(covering: numbers, log: log, limits: lo < hi ? [lo, hi] : nil, targetIntervals: 4)
            mode = .continuous(column: i, ticks: ticks)
            colorBar = ColorBar(label: name, ticks: ticks)
        } else {
            mode = .categorical(column: i, values: ChartBuilder.orderedDistinct(cells))
            colorBar = nil
        }
    }

    /// True when colours come from a numeric column.
    var isContinuous: Bool {
        if case .continuous = mode { return true }
        return false
    }

    /// The colour of a mark for `row`, the `seriesIndex`-th series when no column decides.
    func color(of row: [Cell], seriesIndex: Int) -> MarkColor {
        switch mode {
        case .bySeries:
            return .category(seriesIndex)
        case .continuous(let column, let ticks):
            guard let v = row[column].number, v.isFinite else { return .fixed("#888888") }
            return Palette.ramp(Self.position(v, in: ticks))
        case .categorical(let column, let values):
            return .category(values.firstIndex(of: row[column]) ?? 0)
        case .discrete(let column, let values):
            guard let v = row[column].number, let rank = values.firstIndex(of: v) else { return .fixed("#888888") }
            return .category(rank)
        }
    }

    /// Where `v` sits in the colour bar's domain, 0…1.
    static func position(_ v: Double, in ticks: AxisTicks) -> Double {
        let mapping = AxisMapping(ticks: ticks, start: 0, end: 1)
        return min(max(mapping.pixel(v) ?? 0, 0), 1)
    }
}

/// The legend rows of a chart: series, secondary series, references, the ± std band and
/// the diverged runs.
enum LegendBuilder {
    static let maximumEntries = 14

    /// - Parameters:
    ///   - replicates: The column averaged over, when the chart shows means.
    ///   - replicateCount: The most replicates behind one mean.
    ///   - seriesExplainedByColorBar: The series differ only in a continuously coloured column,
    ///     so the colour bar explains them and the legend lists no series.
    static func entries(for model: ChartModel, spec: PlotSpec, aggregated: Bool, replicates: String?,
                        replicateCount: Int = 1, seriesExplainedByColorBar: Bool = false) -> [LegendEntry] {
        var out: [LegendEntry] = []
        var seen = Set<String>()
        func add(_ e: LegendEntry) { if seen.insert(e.label).inserted { out.append(e) } }
        let all = model.panels.flatMap(\.series)
        let primary = all.filter { !$0.secondary && !$0.isReference }
        let continuousScatter = model.kind == .scatter && model.colorBar != nil
        let distinct = Set(primary.map(\.label)).count
        if seriesExplainedByColorBar && spec.y.count == 1 {
            // The colour bar says which series is which; a legend would repeat it.
        } else if !continuousScatter && (distinct > 1 || spec.y.count > 1 || spec.y2 != nil || !spec.reference.isEmpty) {
            for s in primary {
                // With a colour bar the legend explains the other channels, in a neutral colour.
                let color = model.colorBar == nil ? s.color : .reference
                add(LegendEntry(symbol: model.kind == .line
                                    ? .line(color, strokeClass: s.strokeClass, marker: spec.marker == nil ? nil : s.marker)
                                    : .marker(s.marker, color), label: s.label))
            }
        } else if continuousScatter, spec.marker != nil {
            for s in primary { add(LegendEntry(symbol: .marker(s.marker, .reference), label: s.label)) }
        }
        for s in all where s.secondary {
            add(LegendEntry(symbol: .line(s.color, strokeClass: s.strokeClass, marker: nil), label: s.label))
        }
        for s in all where s.isReference {
            add(LegendEntry(symbol: .line(s.color, strokeClass: s.strokeClass, marker: nil), label: s.label))
        }
        for r in model.references {
            // Vertical lines carry their label in the plot; curves are explained here.
            if case .curve = r.shape, let label = r.label {
                add(LegendEntry(symbol: .line(.reference, strokeClass: "reference", marker: nil), label: label))
            }
        }
        if out.count > maximumEntries {
            let extra = out.count - maximumEntries + 1
            out = Array(out.prefix(maximumEntries - 1))
            out.append(LegendEntry(symbol: .marker(.circle, .reference), label: "… and \(extra) more"))
        }
        if let replicates, primary.contains(where: { $0.points.contains { ($0.spread ?? 0) > 0 } }) {
            let text = "\(Uncertainty.name(spec.band)), n = \(replicateCount) \(replicates)s"
            add(model.kind == .line ? LegendEntry(symbol: .band(.reference), label: text)
                                    : LegendEntry(symbol: .errorBar(.reference), label: text))
        }
        if let replicates, primary.contains(where: { !$0.replicates.isEmpty }) {
            add(model.kind == .line
                ? LegendEntry(symbol: .replicateLine, label: "thin lines: each \(replicates), n = \(replicateCount)")
                : LegendEntry(symbol: .replicatePoint, label: "small marks: each \(replicates), n = \(replicateCount)"))
        }
        let diverged = primary.filter { $0.points.contains(where: \.diverged) || !$0.crosses.isEmpty }
        if !diverged.isEmpty {
            if model.kind == .line {
                let names = diverged.map(\.label)
                let shown = names.prefix(4).joined(separator: "; ") + (names.count > 4 ? "; …" : "")
                add(LegendEntry(symbol: .diverged, label: "diverged: \(shown)"))
            } else {
                let n = diverged.reduce(0) { $0 + $1.points.filter(\.diverged).count }
                add(LegendEntry(symbol: .diverged, label: "diverged (\(n) run\(n == 1 ? "" : "s"))"))
            }
        }
        return out
    }
}
