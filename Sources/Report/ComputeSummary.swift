import Foundation
import Notebook

/// The compact summary of a computing step: notes, a default chart for histories (loss
/// against epoch, step or α), the final row of each run, a provenance line and links to the
/// full results as CSV and JSON.
enum ComputeSummary {
    struct Output {
        var html: HTML
        var files: [OutputFile]
    }

    static let maximumRows = 12

    static func render(_ block: StepBlock, result: StepResult, assetDirectory: String,
                       numbering: FigureNumbering? = nil) -> Output {
        let table = result.table
        var parts: [HTML] = []
        var files: [OutputFile] = []
        if let caption = block.caption { parts.append(.element("p", ["class": "step-caption"], [MathText.inline(caption, references: numbering)])) }
        if !result.notes.isEmpty {
            parts.append(.element("ul", ["class": "step-notes"], result.notes.map { .element("li", [:], text: $0) }))
        }
        if let chart = defaultChart(table, id: block.id ?? "step") { parts.append(chart) }
        let shown = finalRows(table)
        if !shown.rows.isEmpty {
            let spec = TableSpec(of: block.id ?? "", over: "")
            if let out = try? TableBuilder.build(spec, table: ResultTable(columns: shown.columns, rows: Array(shown.rows.prefix(maximumRows)))) {
                parts.append(.element("div", ["class": "table-scroll"], [out.table]))
            }
            let hidden = shown.rows.count - maximumRows
            let history = table.index(of: "epoch") != nil
            if hidden > 0 {
                let what = history ? "runs (final epoch of each)" : "rows"
                parts.append(.element("p", ["class": "note"], text:
                    "Showing \(maximumRows) of \(shown.rows.count) \(what); all \(table.rows.count) rows are in the files below."))
            } else if history {
                parts.append(.element("p", ["class": "note"], text:
                    "The final epoch of each run; all \(table.rows.count) rows are in the files below."))
            }
        }
        var line: [HTML] = [.text(provenanceLine(result.provenance))]
        if let id = block.id {
            let names = OutputNames.stepFiles(id: id)
            files.append(OutputFile(path: names[0], contents: table.csv()))
            files.append(OutputFile(path: names[1], contents: table.json()))
            line += [.text(" · "), .element("a", ["href": OutputNames.href(directory: assetDirectory, file: names[0])], text: "CSV"),
                     .text(" "), .element("a", ["href": OutputNames.href(directory: assetDirectory, file: names[1])], text: "JSON")]
        }
        parts.append(.element("p", ["class": "step-provenance"], line))
        return Output(html: .element("div", ["class": "step-summary"], parts), files: files)
    }

    /// "9 runs · 12.3 s · 2 threads · key 3fa2c19b0e4d".
    static func provenanceLine(_ p: StepProvenance) -> String {
        var items: [String] = []
        if !p.seeds.isEmpty { items.append("seeds " + p.seeds.map(String.init).joined(separator: ", ")) }
        items.append(NumberText.significant(p.wallSeconds, digits: 3, trimmed: true) + " s")
        items.append("\(p.threads) thread\(p.threads == 1 ? "" : "s")")
        items.append("key " + String(p.cacheKey.prefix(12)))
        return items.joined(separator: " · ")
    }

    /// An id as an element-id fragment: characters other than ASCII letters, digits, `-` and `_`
    /// become `_` (file names come from `OutputNames`).
    static func elementIDPart(_ id: String) -> String {
        String(id.unicodeScalars.map { s -> Character in
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_") ? Character(s) : "_"
        })
    }

    /// For a history (rows per epoch), the last row of each run — a run ends where the epoch
    /// stops increasing; otherwise the table as is.
    static func finalRows(_ table: ResultTable) -> ResultTable {
        guard let e = table.index(of: "epoch") else { return table }
        var out = ResultTable(columns: table.columns.filter { $0 != "step" })
        let keep = table.columns.indices.filter { table.columns[$0] != "step" }
        for (r, row) in table.rows.enumerated() {
            let next = r + 1 < table.rows.count ? table.rows[r + 1][e].number : nil
            if next == nil || next! <= (row[e].number ?? .infinity) { out.rows.append(keep.map { row[$0] }) }
        }
        return out
    }

    /// At most this many configurations get one curve each in the automatic chart; a larger
    /// sweep is summarised by its final values instead.
    static let maximumCurves = 8

    /// The automatic chart of a history table, averaged over seeds:
    ///
    /// - up to `maximumCurves` configurations: loss against epoch (or step, α, t), one curve
    ///   per configuration, coloured by the first varying setting and shaped by the second;
    /// - a larger sweep: the final loss of each configuration against the first swept setting
    ///   (log axis when it spans a decade or more), coloured by the second.
    ///
    /// Either way a spike far above the rest (a run blowing up) is cut off by a robust y range
    /// (see `robustLimits`) with a note, so it cannot squash the other curves.
    static func defaultChart(_ table: ResultTable, id: String) -> HTML? {
        guard let x = ["epoch", "alpha", "step", "t"].first(where: { table.index(of: $0) != nil }) else { return nil }
        let candidates = ["train_loss", "loss", "test_loss"] + table.columns.filter { $0.contains("loss") }
        guard let y = candidates.first(where: { table.index(of: $0) != nil }) else { return nil }
        // The settings that differ between runs (per-epoch columns such as `sde_time` and
        // measurements are not settings), text ones (a run's name) first: they colour best.
        let perEpoch = Set(ResultColumns.epochs + ResultColumns.metrics)
        let settings = table.replicateKeys(over: "seed").filter { c in
            c != x && c != "seed" && !ChartBuilder.sequenceColumns.contains(c) && !perEpoch.contains(c)
                && Set(table.values(of: c) ?? []).count >= 2
        }
        let isText = { (c: String) in table.values(of: c)?.contains { $0.text != nil } ?? false }
        let varying = settings.filter(isText) + settings.filter { !isText($0) }
        let configurations = Set(table.rows.map { row in varying.map { row[table.index(of: $0)!] } }).count
        var spec: PlotSpec
        var data = table
        var what: String
        if configurations <= maximumCurves {
            spec = PlotSpec(of: [id], x: x, y: [y], kind: .line, color: varying.first,
                            marker: varying.count > 1 ? varying[1] : nil, groupBy: varying, width: 560, height: 300)
            what = "\(y) against \(x)"
        } else {
            data = finalRows(table)
            let axis = varying.first { c in table.values(of: c)?.allSatisfy { $0.number != nil } ?? false } ?? varying[0]
            let numbers = data.values(of: axis)?.compactMap(\.number) ?? []
            let log = !numbers.isEmpty && numbers.allSatisfy { $0 > 0 } && numbers.max()! / numbers.min()! >= 10
            let colour = varying.first { $0 != axis }
            // When the axis and the colour alone identify each configuration (the other settings
            // follow them, as under a `scale:` sweep), only they group the rows.
            let pair = [axis] + (colour.map { [$0] } ?? [])
            let pairs = Set(table.rows.map { row in pair.map { row[table.index(of: $0)!] } }).count
            spec = PlotSpec(of: [id], x: axis, y: [y], kind: colour == nil ? .scatter : .line, color: colour,
                            groupBy: pairs == configurations ? pair : varying, scale: AxisScales(x: log ? .log : .linear), yLabel: "final \(y)", width: 560, height: 300)
            what = "final \(y) against \(axis) for \(configurations) configurations"
        }
        let values = data.values(of: y)?.compactMap(\.number).filter(\.isFinite) ?? []
        var note: String?
        if let limits = robustLimits(values) {
            spec.limits.y = limits
            let cut = values.filter { $0 > limits[1] }.count
            note = "\(cut) value\(cut == 1 ? "" : "s") of \(y) above \(NumberText.significant(limits[1], digits: 3, trimmed: true)) (up to \(NumberText.significant(values.max()!, digits: 3, trimmed: true))) are off the top of the chart."
        }
        guard let model = try? ChartBuilder.build(spec, table: data),
              model.panels.contains(where: { !$0.series.isEmpty }) else { return nil }
        var parts: [HTML] = [
            ChartRenderer.scrollable(ChartRenderer.svg(model, idPrefix: "step-\(elementIDPart(id))-chart",
                                                       title: "\(what) for step '\(id)'", standalone: false),
                                     width: model.width)
        ]
        if let note { parts.append(.element("p", ["class": "note"], text: note)) }
        return .element("div", ["class": "step-chart"], parts)
    }

    /// A y range that leaves out a spike: when the largest value lies more than ten times the
    /// span from the minimum to the 90th percentile above that percentile, `[min, p90 + 10 % of
    /// the span]` (padded 5 % below); otherwise nil (the data's own range). Up to a tenth of the
    /// values may be spikes.
    ///
    /// - Complexity: O(*n* log *n*).
    static func robustLimits(_ values: [Double]) -> [Double]? {
        let v = values.filter(\.isFinite).sorted()
        guard v.count >= 5 else { return nil }
        let low = v[0], high = v[Int(0.9 * Double(v.count - 1))]
        let span = high - low
        guard span > 0, v.last! > high + 10 * span else { return nil }
        return [low - 0.05 * span, high + 0.1 * span]
    }
}
