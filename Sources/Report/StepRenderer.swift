import Foundation
import Notebook

/// Renders one step block as an HTML fragment plus the files it adds beside the report.
///
/// A plot becomes a numbered `<figure>` with its SVG, caption and a `<details>` table of the
/// plotted data (and `ID.svg`, or `fig-N.svg` without an id); a table becomes a numbered table (and `table-N.csv`); a
/// computing step a compact summary (notes, a default chart for histories, the final rows)
/// plus `ID.csv` and `ID.json`. A failed outcome becomes an error box with message, position
/// and log tail; a skipped one a note. Pure: the same block gives the same bytes.
public enum StepRenderer {
    /// Renders `block`.
    ///
    /// - Parameters:
    ///   - label: The block's figure or table number (from `FigureNumbering`); nil for others.
    ///   - assetDirectory: The directory, relative to the page, that will hold `files`
    ///     (e.g. `three-factors` for `Output/three-factors/`), used in links.
    ///   - numbering: When given, `@id` in captions links to that figure or table.
    ///   - figurePDF: Whether each figure's PDF is written beside its SVG (its caption links both).
    public static func render(_ block: StepBlock, label: FigureLabel?, assetDirectory: String,
                              numbering: FigureNumbering? = nil, figurePDF: Bool = false) -> RenderedStep {
        RenderMemo.shared.rendered(.init(block: block, label: label, assetDirectory: assetDirectory,
                                         numbering: numbering, figurePDF: figurePDF)) {
            renderAnew(block, label: label, assetDirectory: assetDirectory, numbering: numbering, figurePDF: figurePDF)
        }
    }

    static func renderAnew(_ block: StepBlock, label: FigureLabel?, assetDirectory: String,
                           numbering: FigureNumbering?, figurePDF: Bool) -> RenderedStep {
        var files: [OutputFile] = []
        var warnings: [String] = []
        var body: [HTML] = []
        let stepName = block.id.map { "'\($0)'" } ?? "at \(block.position)"
        switch block.content {
        case .compute(let outcome):
            switch outcome {
            case nil:
                body.append(note("Step \(stepName) has not been run."))
            case .failed(let failure)?:
                body.append(errorBox(title: "Step \(stepName) failed", message: failure.message,
                                     position: block.position, logTail: failure.logTail))
            case .skipped(let reason)?:
                body.append(note("Step \(stepName) was skipped: \(reason)"))
            case .completed(let result)?:
                let summary = ComputeSummary.render(block, result: result, assetDirectory: assetDirectory, numbering: numbering)
                body.append(summary.html)
                files += summary.files
            }
        case .plot(let spec, let upstream):
            if let table = plotTable(spec, upstream: upstream, into: &body) {
                if let empty = emptyFilter(spec.where, table: table, of: spec.of.joined(separator: "', '")) {
                    body.append(note(empty))
                    warnings.append(empty)
                }
                do {
                    let model = try ChartBuilder.build(spec, table: table)
                    let figure = FigureRenderer.figure(model, spec: spec, label: label ?? FigureLabel(kind: .figure, number: 0),
                                                       assetDirectory: assetDirectory, numbering: numbering,
                                                       id: block.id, pdf: figurePDF)
                    body.append(figure.html)
                    files.append(figure.file)
                } catch {
                    body.append(errorBox(title: "\(label?.text ?? "Plot") could not be drawn", message: error.description,
                                         position: block.position, logTail: nil))
                    warnings.append(error.description)
                }
            }
        case .table(let spec, let upstream):
            if let table = upstreamTable(upstream, of: spec.of, into: &body) {
                if let empty = emptyFilter(spec.where, table: table, of: spec.of) {
                    body.append(note(empty))
                    warnings.append(empty)
                }
                do {
                    let out = try TableBuilder.build(spec, table: table)
                    let label = label ?? FigureLabel(kind: .table, number: 0)
                    let csvName = OutputNames.table(label.number)
                    var caption: [HTML] = [.element("a", ["class": "label", "href": "#\(label.anchor)"], text: label.text + ".")]
                    if let text = spec.caption { caption += [.text(" "), MathText.inline(text, references: numbering)] }
                    caption.append(.element("span", ["class": "files"], [
                        .text(" "), .element("a", ["href": OutputNames.href(directory: assetDirectory, file: csvName)], text: "CSV"),
                    ]))
                    var parts: [HTML] = [
                        .element("figcaption", [:], caption),
                        .element("div", ["class": "table-scroll"], [out.table]),
                    ]
                    parts += out.notes.map { .element("p", ["class": "note"], text: $0) }
                    body.append(.element("figure", ["class": "table-figure", "id": label.anchor], parts))
                    files.append(OutputFile(path: csvName, contents: out.data.csv()))
                } catch {
                    body.append(errorBox(title: "\(label?.text ?? "Table") could not be made", message: error.description,
                                         position: block.position, logTail: nil))
                    warnings.append(error.description)
                }
            }
        }
        let section = HTML.element("section", [
            "class": "step step-\(block.kind)", "id": block.anchor, "data-position": block.position,
        ], [source(block)] + body)
        return RenderedStep(html: section.render(), files: files, warnings: warnings)
    }

    /// Why a `where:` leaves nothing of a non-empty table (a chart would be silently empty), or nil.
    static func emptyFilter(_ filter: RowFilter, table: ResultTable, of id: String) -> String? {
        guard !filter.isEmpty, !table.rows.isEmpty, let kept = try? table.filtered(by: filter), kept.rows.isEmpty else { return nil }
        var parts = filter.conditions.keys.sorted().map { key in
            "\(key): " + (filter.conditions[key] ?? []).map(\.description).joined(separator: " or ")
        }
        if let expression = filter.expression { parts.append(expression) }
        return "No row of '\(id)' matches where: \(parts.joined(separator: ", ")) (\(table.rows.count) rows before the filter)."
    }

    /// The table a plot draws: its one source's, or its sources' rows stacked with a `source`
    /// column; nil after appending a note for each source that has none.
    private static func plotTable(_ spec: PlotSpec, upstream: [StepOutcome?], into body: inout [HTML]) -> ResultTable? {
        let outcomes = spec.of.indices.map { $0 < upstream.count ? upstream[$0] : nil }
        let tables = zip(spec.of, outcomes).compactMap { id, outcome in upstreamTable(outcome, of: id, into: &body).map { (source: id, table: $0) } }
        guard tables.count == spec.of.count else { return nil }
        return spec.stacksSources ? ResultTable.stacked(tables, sourceColumn: PlotSpec.sourceColumn) : tables[0].table
    }

    /// The upstream table, or nil after appending a note saying why there is none.
    private static func upstreamTable(_ upstream: StepOutcome?, of id: String, into body: inout [HTML]) -> ResultTable? {
        switch upstream {
        case .completed(let result)?: return result.table
        case .failed?: body.append(note("Not drawn: step '\(id)' failed.")); return nil
        case .skipped?: body.append(note("Not drawn: step '\(id)' was skipped.")); return nil
        case nil: body.append(note("Not drawn: step '\(id)' has not been run.")); return nil
        }
    }

    private static func source(_ block: StepBlock) -> HTML {
        let summary: [HTML] = [
            .element("span", ["class": "step-kind"], text: block.kind),
            .text(" "),
            .element("span", ["class": "step-id"], text: block.id ?? ""),
            .text(" "),
            .element("span", ["class": "step-position"], text: block.position),
        ]
        var code = HTML.element("pre", [:], [.element("code", ["class": "language-yaml"], text: block.expandedSource ?? block.source)])
        if let expanded = block.expandedSource, expanded != block.source {
            // The values this render used first, then the block as written.
            code = .fragment([
                code,
                .element("p", ["class": "step-note"], text: "As written, with params as ${…}:"),
                .element("pre", [:], [.element("code", ["class": "language-yaml"], text: block.source)]),
            ])
        }
        switch block.sourceDisplay {
        case .hidden: return .empty
        case .shown: return .element("div", ["class": "step-source"], [.element("div", ["class": "step-head"], summary), code])
        case .collapsed: return .element("details", ["class": "step-source"], [.element("summary", [:], summary), code])
        }
    }

    static func note(_ text: String) -> HTML { .element("p", ["class": "step-note"], text: text) }

    /// A box for a failure, with its position and, if any, the end of the log.
    static func errorBox(title: String, message: String, position: String, logTail: String?) -> HTML {
        var parts: [HTML] = [
            .element("p", ["class": "error-title"], [
                .element("strong", [:], text: title), .text(" at "), .element("code", [:], text: position),
            ]),
            .element("pre", ["class": "error-message"], text: message),
        ]
        if let logTail, !logTail.isEmpty {
            parts.append(.element("details", ["class": "error-log"], [
                .element("summary", [:], text: "Log (last lines)"),
                .element("pre", [:], text: logTail),
            ]))
        }
        return .element("div", ["class": "error-box", "role": "alert"], parts)
    }
}
