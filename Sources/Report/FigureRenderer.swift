import Notebook

/// A plot's `<figure>`: inline SVG, numbered caption, notes and the plotted data as a table.
enum FigureRenderer {
    struct Output {
        var html: HTML
        /// The standalone `ID.svg` (or `fig-N.svg`).
        var file: OutputFile
    }

    /// - Parameters:
    ///   - id: The plot step's id, which names its files (`ID.svg`); nil names them `fig-N`.
    ///   - pdf: Whether `ID.pdf` is written beside the SVG (the caption then links it).
    static func figure(_ model: ChartModel, spec: PlotSpec, label: FigureLabel, assetDirectory: String,
                       numbering: FigureNumbering? = nil, id: String? = nil, pdf: Bool = false) -> Output {
        let files = OutputNames.figureFiles(number: label.number, id: id)
        let svgName = files[0]
        let accessibleTitle = label.text + ". "
            + (spec.caption.map { MathText.plain($0, references: numbering) } ?? spec.title ?? "\(model.yLabel) against \(model.xLabel)")
        let inline = ChartRenderer.svg(model, idPrefix: label.anchor, title: accessibleTitle, standalone: false)
        let standalone = ChartRenderer.svg(model, idPrefix: label.anchor, title: accessibleTitle, standalone: true)
        var caption: [HTML] = [.element("a", ["class": "label", "href": "#\(label.anchor)"], text: label.text + ".")]
        if let text = spec.caption { caption += [.text(" "), MathText.inline(text, references: numbering)] }
        caption.append(.element("span", ["class": "files"], [
            .text(" "), .element("a", ["href": OutputNames.href(directory: assetDirectory, file: svgName)], text: "SVG"),
        ] + (pdf ? [.text(" "), .element("a", ["href": OutputNames.href(directory: assetDirectory, file: files[1])], text: "PDF")] : [])))
        var parts: [HTML] = [ChartRenderer.scrollable(inline, width: model.width), .element("figcaption", [:], caption)]
        parts += model.notes.map { .element("p", ["class": "note"], text: $0) }
        parts.append(dataTable(model, label: label))
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + standalone.render() + "\n"
        return Output(html: .element("figure", ["class": "figure", "id": label.anchor], parts),
                      file: OutputFile(path: svgName, contents: xml))
    }

    /// At most this many rows in a figure's data table; longer series are thinned evenly
    /// (every n-th point, keeping the last) and the table says so.
    static let maximumDataRows = 400

    /// The plotted points as a table inside a closed `<details>`, for screen readers and copying.
    static func dataTable(_ model: ChartModel, label: FigureLabel) -> HTML {
        let facets = model.panels.count > 1
        let series = model.panels.flatMap { p in p.series.map { (p.title, $0) } }
        let hasStd = series.contains { $0.1.points.contains { $0.spread != nil } }
        let hasDiverged = series.contains { $0.1.points.contains(where: \.diverged) }
        var header: [HTML] = []
        if facets { header.append(.element("th", ["scope": "col"], text: "panel")) }
        header.append(.element("th", ["scope": "col"], text: "series"))
        header.append(.element("th", ["scope": "col", "class": "num"], text: model.xLabel))
        header.append(.element("th", ["scope": "col", "class": "num"], text: "y"))
        if hasStd { header.append(.element("th", ["scope": "col", "class": "num"], text: "± " + model.spreadName)) }
        if hasDiverged { header.append(.element("th", ["scope": "col"], text: "diverged")) }
        var rows: [HTML] = []
        let total = series.reduce(0) { $0 + $1.1.points.count }
        let stride = max(1, Int((Double(total) / Double(maximumDataRows)).rounded(.up)))
        for (panel, s) in series {
            let shown = s.points.indices.filter { $0 % stride == 0 || $0 == s.points.count - 1 }.map { s.points[$0] }
            for p in shown {
                var cells: [HTML] = []
                if facets { cells.append(.element("td", [:], text: panel ?? "")) }
                cells.append(.element("td", [:], text: s.label))
                cells.append(.element("td", ["class": "num"], text: NumberText.significant(p.x, digits: 4, trimmed: true)))
                cells.append(.element("td", ["class": "num"], text: NumberText.significant(p.y, digits: 4, trimmed: true)))
                if hasStd { cells.append(.element("td", ["class": "num"], text: p.spread.map { NumberText.significant($0, digits: 2, trimmed: true) } ?? "")) }
                if hasDiverged { cells.append(.element("td", [:], text: p.diverged ? "yes" : "")) }
                rows.append(.element("tr", [:], cells))
            }
        }
        let summary = stride == 1 ? "Data plotted in \(label.text)"
            : "Data plotted in \(label.text) (1 point in \(stride) of \(total); the step’s CSV file has all)"
        return .element("details", ["class": "figure-data"], [
            .element("summary", [:], text: summary),
            .element("div", ["class": "table-scroll"], [
                .element("table", ["class": "results compact"], [
                    .element("thead", [:], [.element("tr", [:], header)]),
                    .element("tbody", [:], rows),
                ])
            ]),
        ])
    }
}
