import Foundation
import Notebook

/// Turns a `PlotSpec` and the table it reads into a `ChartModel`: derives expression columns,
/// filters, averages over replicates, splits into facets and series, assigns colours and markers.
///
/// Series identity: on a line chart, rows belong to the same series when they agree on every
/// identifying column except `x` and the facet (the `group_by` list, or the keys found by
/// `ResultTable.replicateKeys`, without sequence columns such as `epoch` and `step`); without
/// replicates, the colour and marker columns identify a series. On a scatter plot only the
/// colour and marker columns split the points into series.
enum ChartBuilder {
    static let sequenceColumns: Set<String> = ["epoch", "step", "alpha", "time", "t", "iteration"]

    /// Builds the chart for `spec` over `table`.
    ///
    /// - Throws: `FigureError` for a bad expression or a column the table lacks.
    static func build(_ spec: PlotSpec, table input: ResultTable) throws(FigureError) -> ChartModel {
        var parsed = ParsedExpressions()
        try parsed.add(spec.x, key: "x")
        for y in spec.y { try parsed.add(y, key: "y") }
        try parsed.add(spec.y2, key: "y2")
        try parsed.add(spec.color, key: "color")
        try parsed.add(spec.marker, key: "marker")
        try parsed.add(spec.facet, key: "facet")
        for r in spec.reference { try parsed.add(r.column, key: "reference") }
        for p in spec.label.map(LabelTemplate.placeholders) ?? [] { try parsed.add(p, key: "label") }
        var referenceCurves: [ChartReference] = []
        for r in spec.reference {
            if let y = r.y {
                do {
                    let e = try ColumnExpression(parsing: y)
                    if let bad = e.columns.first(where: { $0 != "x" }) {
                        throw FigureError(key: "reference", message: "a reference curve 'y' may use only 'x', found '\(bad)'")
                    }
                    referenceCurves.append(ChartReference(shape: .curve(e), label: r.label ?? "y = \(y)"))
                } catch let error as ExpressionError {
                    throw FigureError(key: "reference", expression: y, error)
                } catch {
                    throw error as! FigureError
                }
            } else if let x = r.x {
                referenceCurves.append(ChartReference(shape: .vertical(x), label: r.label))
            }
        }

        var table = try parsed.derive(into: input)
        do { table = try table.filtered(by: spec.where) } catch { throw FigureError(key: "where", error) }

        // A continuous colour varies point by point; it does not split a scatter into series.
        let continuousColor = Coloring(spec: spec, table: table).isContinuous
        let encodings = [continuousColor && spec.resolvedKind == .scatter ? nil : spec.color, spec.marker].compactMap { $0 }
        var identity: [String]
        let aggregated = table.index(of: spec.over) != nil
        var runEnds: [RunEnd] = []
        let raw = table
        if aggregated {
            var keys = spec.groupBy.map { unique($0 + [spec.x, spec.facet].compactMap { $0 } + encodings) }
                ?? parsed.extending(keys: table.replicateKeys(over: spec.over))
            // Rows of different steps are never averaged together.
            if spec.stacksSources && !keys.contains(PlotSpec.sourceColumn) { keys.append(PlotSpec.sourceColumn) }
            identity = (spec.groupBy ?? keys).filter { $0 != spec.x && $0 != spec.facet && !sequenceColumns.contains($0) }
            if spec.resolvedKind == .scatter { identity = unique(encodings) }
            identity = identity.filter { table.index(of: $0) != nil && !spec.y.contains($0) && $0 != spec.y2 }
            if spec.resolvedKind == .line {
                runEnds = divergedRunEnds(table, spec: spec, identity: identity)
            }
            do { table = try table.aggregated(over: spec.over, keys: keys) } catch {
                throw FigureError(key: "group_by", error)
            }
        } else {
            let text = table.columns.filter { c in table.values(of: c)!.contains { $0.text != nil } }
            identity = unique(encodings + (spec.groupBy ?? []) + text.filter { $0 != spec.x && $0 != spec.facet })
            if spec.resolvedKind == .scatter { identity = unique(encodings) }
        }
        identity = identity.filter { table.index(of: $0) != nil && !spec.y.contains($0) && $0 != spec.y2 }
        // A run setting the whole table shares (momentum 0, the same model) tells no series apart:
        // keep it out of the automatic labels unless the spec names it.
        let named = Set(encodings + (spec.groupBy ?? []))
        identity = identity.filter { c in
            named.contains(c) || !ResultColumns.isSetting(c, in: table.columns) || Set(table.values(of: c) ?? []).count > 1
        }
        if spec.stacksSources { identity = sourceIdentity(identity, named: named, spec: spec, table: table) }

        let kind = spec.resolvedKind
        let coloring = Coloring(spec: spec, table: table)
        let markerValues = spec.marker.flatMap { table.values(of: $0) }.map(orderedDistinct) ?? []
        let facetValues = spec.facet.flatMap { table.values(of: $0) }.map(orderedDistinct) ?? []
        let identityValues = orderedDistinct(table.rows.map { row in identity.map { row[table.index(of: $0)!] } })
        let columnOf = { (name: String) in table.index(of: name)! }
        let labels = SeriesLabels(spec: spec, table: table, identity: identity, keys: identityValues,
                                  continuousColor: coloring.isContinuous)
        let replicateCount = aggregated
            ? Int(table.values(of: ResultTable.countColumn)?.compactMap(\.number).max() ?? 1) : 1
        let showReplicates = aggregated && spec.band != .none && replicateCount == 2
        var panels: [ChartPanel] = []
        for facet in (facetValues.isEmpty ? [nil] : facetValues.map(Optional.some)) {
            let rows = table.rows.filter { facet == nil || $0[columnOf(spec.facet!)] == facet }
            var series: [ChartSeries] = []
            for (g, key) in identityValues.enumerated() {
                let members = rows.filter { row in identity.indices.allSatisfy { row[columnOf(identity[$0])] == key[$0] } }
                guard !members.isEmpty else { continue }
                let first = members[0]
                let seriesLabel = labels.label(key: key, row: first)
                let groupColor = coloring.color(of: first, seriesIndex: g)
                let markerIndex = spec.marker.flatMap { m in markerValues.firstIndex(of: first[columnOf(m)]) }
                for (j, y) in spec.y.enumerated() {
                    let label = spec.y.count > 1
                        ? ([y] + (seriesLabel.isEmpty ? [] : [seriesLabel])).joined(separator: ", ")
                        : (seriesLabel.isEmpty ? y : seriesLabel)
                    var color = groupColor
                    if spec.color == nil && identityValues.count <= 1 { color = .category(j) }
                    let shapeIndex = markerIndex ?? (kind == .scatter ? j : 0)
                    var s = ChartSeries(
                        label: label, color: color,
                        marker: MarkerShape.allCases[shapeIndex % MarkerShape.allCases.count],
                        dashed: kind == .line && j > 0 && identityValues.count > 1,
                        points: points(members, table: table, x: spec.x, y: y, aggregated: aggregated, band: spec.band,
                                       colorOf: kind == .scatter && coloring.isContinuous
                                           ? { coloring.color(of: $0, seriesIndex: g) } : nil,
                                       sort: kind == .line))
                    s.crosses = runEnds.filter { $0.key == key && $0.facet == facet && $0.y == y }.map(\.point)
                    if showReplicates {
                        s.points = s.points.map { var p = $0; p.spread = nil; return p }
                        s.replicates = replicatePoints(raw, spec: spec, identity: identity, key: key, facet: facet, y: y,
                                                       sort: kind == .line)
                    }
                    series.append(s)
                }
                if let y2 = spec.y2 {
                    series.append(ChartSeries(
                        label: ([y2 + " (right axis)"] + (seriesLabel.isEmpty ? [] : [seriesLabel])).joined(separator: ", "),
                        color: spec.color == nil && identityValues.count <= 1 ? .category(spec.y.count) : groupColor,
                        marker: .square, dashed: true, secondary: true,
                        points: points(members, table: table, x: spec.x, y: y2, aggregated: aggregated, band: spec.band,
                                       colorOf: nil, sort: kind == .line)))
                }
                for (k, r) in spec.reference.filter({ $0.column != nil }).enumerated() {
                    let column = r.column!
                    let single = spec.color == nil && identityValues.count <= 1
                    series.append(ChartSeries(
                        label: r.label ?? column,
                        color: single ? (k == 0 ? .reference : .category(spec.y.count + (spec.y2 == nil ? 0 : 1) + k - 1))
                            : groupColor,
                        marker: .circle, dashed: true, isReference: true, referenceIndex: k,
                        points: points(members, table: table, x: spec.x, y: column, aggregated: false, band: .none,
                                       colorOf: nil, sort: true)))
                }
            }
            // A text value that states its own settings ("N = 10k, 20 epochs") stands alone; others
            // get their column ("epoch = 10", "sampling = iid").
            let title = facet.map { value in
                value.text.flatMap { $0.contains("=") ? $0 : nil } ?? "\(spec.facet!) = \(NumberText.compact(value))"
            }
            panels.append(ChartPanel(title: title, series: series))
        }

        var model = ChartModel(
            kind: kind, xLabel: spec.xLabel ?? spec.x,
            yLabel: spec.yLabel ?? spec.y.joined(separator: ", "),
            y2Label: spec.y2.map { spec.y2Label ?? $0 }, scales: spec.scale, limits: spec.limits, title: spec.title,
            panels: panels, references: referenceCurves, annotations: spec.annotate,
            width: spec.width, panelHeight: spec.height ?? (facetValues.count > 1 ? 280 : 400))
        model.colorBar = coloring.colorBar
        model.spreadName = spec.band == .sem ? "s.e." : spec.band == .ci95 ? "95% CI" : "std"
        model.legendTitle = spec.y.count == 1 ? labels.title : nil
        let colorOnly = coloring.isContinuous && labels.varying.isEmpty && spec.label == nil
        model.legend = LegendBuilder.entries(
            for: model, spec: spec, aggregated: aggregated, replicates: aggregated ? spec.over : nil,
            replicateCount: replicateCount, seriesExplainedByColorBar: colorOnly)
        if colorOnly { model.legendTitle = nil }
        model.notes = droppedNotes(model)
        return model
    }

    /// The series identity of a plot over several steps: `source` is in it (first) when the spec
    /// names it (`color`, `marker`, `group_by`), when the other identity columns (and the facet)
    /// leave rows of different steps in one series, or when one of them is a column some step
    /// lacks altogether (its values would tell the steps apart only as "–"); otherwise it is
    /// left out, so the legend does not repeat what the other columns already say.
    static func sourceIdentity(_ identity: [String], named: Set<String>, spec: PlotSpec, table: ResultTable) -> [String] {
        let source = PlotSpec.sourceColumn
        guard let s = table.index(of: source) else { return identity }
        if named.contains(source) { return identity }
        let others = identity.filter { $0 != source }
        let columns = (others + [spec.facet].compactMap { $0 }).compactMap { table.index(of: $0) }
        var sourceOf: [[Cell]: Cell] = [:]
        var present: [Cell: Set<Int>] = [:]
        for row in table.rows {
            let key = columns.map { row[$0] }
            if let seen = sourceOf[key], seen != row[s] { return [source] + others }
            sourceOf[key] = row[s]
            for c in columns where row[c] != .missing { present[row[s], default: []].insert(c) }
        }
        let sources = Set(table.rows.map { $0[s] })
        let lacking = others.filter { name in
            let c = table.index(of: name)!
            return sources.contains { !(present[$0]?.contains(c) ?? false) }
        }
        guard !lacking.isEmpty else { return others }
        // A column only one step has, with one value there, says no more than the source does.
        let redundant = lacking.filter { name in
            let c = table.index(of: name)!
            return sources.allSatisfy { src in Set(table.rows.filter { $0[s] == src && $0[c] != .missing }.map { $0[c] }).count <= 1 }
        }
        return [source] + others.filter { !redundant.contains($0) }
    }

    /// Each replicate's own (x, y) points for one series, from the table before averaging.
    static func replicatePoints(_ raw: ResultTable, spec: PlotSpec, identity: [String], key: [Cell], facet: Cell?,
                                y: String, sort: Bool) -> [[ChartPoint]] {
        guard let o = raw.index(of: spec.over), raw.index(of: y) != nil, raw.index(of: spec.x) != nil else { return [] }
        let ids = identity.map { raw.index(of: $0) }
        let fi = spec.facet.flatMap { raw.index(of: $0) }
        let members = raw.rows.filter { row in
            ids.indices.allSatisfy { ids[$0].map { row[$0] } == key[$0] } && (facet == nil || fi.map { row[$0] } == facet)
        }
        let replicates = orderedDistinct(members.map { $0[o] })
        return replicates.map { r in
            points(members.filter { $0[o] == r }, table: raw, x: spec.x, y: y, aggregated: false, band: .none,
                   colorOf: nil, sort: sort)
        }
    }

    /// The last finite point of one diverged run, before averaging.
    struct RunEnd {
        var key: [Cell]
        var facet: Cell?
        var y: String
        var point: ChartPoint
    }

    /// For each run (identity × facet × replicate) that has `diverged > 0`, its last point with
    /// a finite y, per y column.
    static func divergedRunEnds(_ table: ResultTable, spec: PlotSpec, identity: [String]) -> [RunEnd] {
        guard let d = table.index(of: "diverged"), let o = table.index(of: spec.over),
              let xi = table.index(of: spec.x) else { return [] }
        let ids = identity.compactMap { table.index(of: $0) }
        let fi = spec.facet.flatMap { table.index(of: $0) }
        var ends: [RunEnd] = []
        var runs: [[Cell]: [[Cell]]] = [:]
        var order: [[Cell]] = []
        for row in table.rows where (row[d].number ?? 0) > 0 {
            let run = ids.map { row[$0] } + [fi.map { row[$0] } ?? .missing, row[o]]
            if runs[run] == nil { order.append(run) }
            runs[run, default: []].append(row)
        }
        for run in order {
            for y in spec.y {
                guard let yi = table.index(of: y) else { continue }
                let finite = runs[run]!.filter { ($0[xi].number?.isFinite ?? false) && ($0[yi].number?.isFinite ?? false) }
                guard let last = finite.max(by: { $0[xi].number! < $1[xi].number! }) else { continue }
                ends.append(RunEnd(key: Array(run.prefix(ids.count)), facet: fi.map { _ in run[ids.count] }, y: y,
                                   point: ChartPoint(x: last[xi].number!, y: last[yi].number!, diverged: true)))
            }
        }
        return ends
    }

    /// The (x, y ± spread) points of `rows`, sorted by x for lines, long series decimated; the
    /// spread is the half-width `band` chooses, from each row's std and count.
    static func points(_ rows: [[Cell]], table: ResultTable, x: String, y: String, aggregated: Bool, band: BandKind,
                       colorOf: (([Cell]) -> MarkColor)?, sort: Bool) -> [ChartPoint] {
        let xi = table.index(of: x)!, yi = table.index(of: y)!
        let si = aggregated ? table.index(of: ResultTable.stdColumn(y)) : nil
        let ni = aggregated ? table.index(of: ResultTable.countColumn) : nil
        let di = table.index(of: "diverged")
        var out: [ChartPoint] = []
        for row in rows {
            guard let xv = row[xi].number else { continue }
            let yv = row[yi].number ?? .nan
            let diverged = di.flatMap { row[$0].number }.map { $0 > 0 } ?? false
            let spread = si.flatMap { row[$0].number }.flatMap { std in
                Uncertainty.halfWidth(std: std, count: Int(ni.flatMap { row[$0].number } ?? 1), band: band)
            }
            out.append(ChartPoint(x: xv, y: yv, spread: spread, diverged: diverged, color: colorOf?(row)))
        }
        if sort { out = out.enumerated().sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }.map(\.element) }
        return sort ? decimate(out, limit: 400) : out
    }

    /// Keeps at most about `limit` points: per bucket the first, the lowest and the highest y,
    /// so a long curve keeps its extremes (and its first and last point).
    static func decimate(_ points: [ChartPoint], limit: Int) -> [ChartPoint] {
        guard points.count > limit else { return points }
        let buckets = limit / 3
        var keep = Set([0, points.count - 1])
        for b in 0..<buckets {
            let range = (b * points.count / buckets)..<((b + 1) * points.count / buckets)
            guard !range.isEmpty else { continue }
            keep.insert(range.lowerBound)
            let finite = range.filter { points[$0].y.isFinite }
            if let lo = finite.min(by: { points[$0].y < points[$1].y }) { keep.insert(lo) }
            if let hi = finite.max(by: { points[$0].y < points[$1].y }) { keep.insert(hi) }
            if let d = range.first(where: { points[$0].diverged }) { keep.insert(d) }
        }
        return keep.sorted().map { points[$0] }
    }

    /// Distinct values in order: numbers ascending first, then text in order of appearance.
    static func orderedDistinct(_ cells: [Cell]) -> [Cell] {
        var seen = Set<Cell>(), out: [Cell] = []
        for c in cells where seen.insert(c).inserted { out.append(c) }
        return out.enumerated().sorted { a, b in
            switch (a.element, b.element) {
            case (.number(let x), .number(let y)) where x != y: return x < y
            case (.number, .text), (.number, .missing), (.text, .missing): return true
            case (.text, .number), (.missing, .number), (.missing, .text): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// Distinct keys (lists of cells) ordered lexicographically by `orderedDistinct`'s rule.
    static func orderedDistinct(_ keys: [[Cell]]) -> [[Cell]] {
        var seen = Set<[Cell]>(), out: [[Cell]] = []
        for k in keys where seen.insert(k).inserted { out.append(k) }
        let ranks = (0..<(out.first?.count ?? 0)).map { i in orderedDistinct(out.map { $0[i] }) }
        return out.sorted { a, b in
            for i in a.indices {
                let ra = ranks[i].firstIndex(of: a[i])!, rb = ranks[i].firstIndex(of: b[i])!
                if ra != rb { return ra < rb }
            }
            return false
        }
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    private static func droppedNotes(_ model: ChartModel) -> [String] {
        var dropped = 0
        for panel in model.panels {
            for s in panel.series where !s.isReference {
                dropped += s.points.filter { p in
                    !p.x.isFinite || (model.scales.x == .log && p.x <= 0)
                        || (p.y.isFinite && !p.diverged && (s.secondary ? model.scales.y2 : model.scales.y) == .log && p.y <= 0)
                }.count
            }
        }
        return dropped > 0 ? ["\(dropped) point\(dropped == 1 ? "" : "s") with non-positive or non-finite values left out of the log axes"] : []
    }
}
