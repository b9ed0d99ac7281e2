import Foundation
import Notebook

/// Draws a `ChartModel` as pretty-printed SVG: a pure function of the model, an id prefix
/// (unique on the page; used for clip paths and gradients) and the accessible title.
///
/// Colours and fonts come from CSS variables (`--fg`, `--muted`, `--grid`, `--ref`,
/// `--series-N`, `--font`), so the chart follows the page's light or dark theme; a standalone
/// file embeds `ChartStyle.css` so it does the same on its own.
enum ChartRenderer {
    /// The `<svg>` element for `model`.
    ///
    /// - Parameters:
    ///   - idPrefix: A page-unique prefix for element ids, e.g. `figure-2`.
    ///   - title: The accessible name (`<title>`), e.g. "Figure 2. Sharpness against η/S".
    ///   - standalone: Embed the chart style sheet and the XML namespace declaration's siblings
    ///     needed for a separate `.svg` file.
    static func svg(_ model: ChartModel, idPrefix: String, title: String, standalone: Bool) -> HTML {
        let all = model.panels.flatMap(\.series)
        let primary = all.filter { !$0.secondary }
        let xTicks = AxisTicks(covering: all.flatMap { $0.points.map(\.x) } + model.references.compactMap {
            if case .vertical(let x) = $0.shape { return x } else { return nil }
        } + all.flatMap { $0.replicates.flatMap { $0.map(\.x) } }, log: model.scales.x == .log, limits: model.limits.x)
        var yValues: [Double] = []
        for s in primary {
            for p in s.points where p.y.isFinite {
                yValues.append(p.y)
                if let d = p.spread, d > 0 { yValues += [p.y - d, p.y + d] }
            }
            for r in s.replicates { yValues += r.map(\.y).filter(\.isFinite) }
        }
        yValues += model.annotations.map(\.y)
        let yTicks = AxisTicks(covering: yValues, log: model.scales.y == .log, limits: model.limits.y)
        let secondary = all.filter(\.secondary)
        let y2Ticks = secondary.isEmpty ? nil
            : AxisTicks(covering: secondary.flatMap { $0.points.map(\.y) }, log: model.scales.y2 == .log,
                        limits: model.limits.y2)
        let layout = ChartLayout(model: model, xTicks: xTicks, yTicks: yTicks, y2Ticks: y2Ticks)

        var children: [HTML] = [
            .element("title", ["id": "\(idPrefix)-title"], text: title),
            .element("desc", ["id": "\(idPrefix)-desc"], text: describe(model, xTicks: xTicks, yTicks: yTicks)),
        ]
        if standalone { children.append(.element("style", [:], [.trusted(ChartStyle.css)])) }
        var defs: [HTML] = [
            .element("clipPath", ["id": "\(idPrefix)-clip"], [
                .void("rect", ["x": "0", "y": "0", "width": svgNumber(layout.panelWidth),
                               "height": svgNumber(layout.panelHeight)])
            ]),
            // Padded so a marker on the frame is drawn whole; data lines end at the frame anyway.
            .element("clipPath", ["id": "\(idPrefix)-clip-marks"], [
                .void("rect", ["x": "-7", "y": "-7", "width": svgNumber(layout.panelWidth + 14),
                               "height": svgNumber(layout.panelHeight + 14)])
            ]),
        ]
        if let bar = model.colorBar { defs.append(ChartMarks.gradient(bar, id: "\(idPrefix)-gradient")) }
        children.append(.element("defs", [:], defs))
        if standalone {
            children.append(.void("rect", ["class": "background", "width": "100%", "height": "100%"]))
        }
        if !layout.titleLines.isEmpty {
            children.append(ChartMarks.multiline(layout.titleLines, x: layout.width / 2, y: 20, cls: "chart-title",
                                                 anchor: "middle"))
        }
        for (i, panel) in model.panels.enumerated() {
            let origin = layout.panelOrigins[i]
            let x = AxisMapping(ticks: xTicks, start: 0, end: layout.panelWidth)
            let y = AxisMapping(ticks: yTicks, start: layout.panelHeight, end: 0)
            let y2 = y2Ticks.map { AxisMapping(ticks: $0, start: layout.panelHeight, end: 0) }
            let column = i % layout.columns, row = i / layout.columns
            let lastRow = row == layout.rows - 1 || i + layout.columns >= model.panels.count
            children.append(ChartMarks.panel(
                panel, model: model, x: x, y: y, y2: y2, width: layout.panelWidth, height: layout.panelHeight,
                origin: origin, clipID: "\(idPrefix)-clip", titleLines: layout.panelTitleLines[i],
                showXLabels: lastRow, showYLabels: column == 0,
                showY2Labels: column == layout.columns - 1 || i == model.panels.count - 1))
        }
        children += axisTitles(model, layout: layout, hasY2: y2Ticks != nil)
        children += ChartMarks.legend(model, layout: layout, gradientID: "\(idPrefix)-gradient")
        let w = svgNumber(layout.width), h = svgNumber(layout.height)
        return .element("svg", [
            "xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(w) \(h)", "width": w, "height": h,
            "class": "chart", "role": "img", "aria-labelledby": "\(idPrefix)-title \(idPrefix)-desc",
            "font-family": TextMetrics.fontFamily, "font-size": "12",
        ], children)
    }

    /// The smallest scale a chart is shown at: its 12-unit text stays at least 9 CSS pixels.
    static let minimumScale = 0.75

    /// `svg` (a chart `width` units wide) inside a horizontally scrollable box that never shows it
    /// narrower than `minimumScale` of its width, so on a narrow screen (a phone, 420 px) its
    /// text stays readable and the reader scrolls, cued by shadows at the hidden edge (as tables).
    static func scrollable(_ svg: HTML, width: Double) -> HTML {
        let minimum = (width * minimumScale).rounded(.up)
        return .element("div", ["class": "chart-scroll", "style": "--chart-min-width: \(svgNumber(minimum))px"], [svg])
    }

    private static func axisTitles(_ model: ChartModel, layout: ChartLayout, hasY2: Bool) -> [HTML] {
        let midX = (layout.plotLeft + layout.plotRight) / 2
        let midY = (layout.plotTop + layout.plotBottom) / 2
        // A wrapped y title's first line is the outermost; the next ones step towards the ticks.
        var out: [HTML] = [
            ChartMarks.multiline(layout.xTitleLines, x: midX, y: layout.plotBottom + 38, cls: "axis-title", anchor: "middle"),
            ChartMarks.multiline(layout.yTitleLines, x: 0, y: 0, cls: "axis-title", anchor: "middle",
                                 transform: "translate(16,\(svgNumber(midY))) rotate(-90)"),
        ]
        if hasY2, let label = model.y2Label {
            out.append(.element("text", ["class": "axis-title",
                                         "transform": "translate(\(svgNumber(layout.y2TitleX)),\(svgNumber(midY))) rotate(90)",
                                         "text-anchor": "middle"], text: label))
        }
        return out
    }

    /// A sentence or two for screen readers: kind, axes, ranges, series count, divergences.
    static func describe(_ model: ChartModel, xTicks: AxisTicks, yTicks: AxisTicks) -> String {
        let kind = model.kind == .line ? "Line chart" : "Scatter plot"
        let series = model.panels.flatMap(\.series).filter { !$0.secondary && !$0.isReference }
        let points = series.reduce(0) { $0 + $1.points.count }
        func range(_ t: AxisTicks, _ scale: AxisScale) -> String {
            "from \(NumberText.significant(t.lower, digits: 3, trimmed: true)) to \(NumberText.significant(t.upper, digits: 3, trimmed: true))"
                + (scale == .log ? " (log scale)" : "")
        }
        var s = "\(kind) of \(model.yLabel) against \(model.xLabel): \(series.count) series, \(points) points"
        if model.panels.count > 1 { s += " in \(model.panels.count) panels" }
        s += ". x axis \(range(xTicks, model.scales.x)); y axis \(range(yTicks, model.scales.y))."
        let diverged = series.filter { $0.points.contains(where: \.diverged) }.count
        if diverged > 0 { s += " \(diverged) series include diverged runs, marked with a cross." }
        return s
    }
}
