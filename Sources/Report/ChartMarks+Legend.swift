import Foundation
import Notebook

extension ChartMarks {
    /// The legend rows (beside or below the plot, as the layout placed them) and the colour bar.
    static func legend(_ model: ChartModel, layout: ChartLayout, gradientID: String) -> [HTML] {
        guard !model.legend.isEmpty || model.colorBar != nil else { return [] }
        var rows: [HTML] = []
        if let title = model.legendTitle, let origin = layout.legendTitleOrigin {
            rows.append(.element("text", ["class": "legend-title", "x": svgNumber(origin.x), "y": svgNumber(origin.y)],
                                 text: title))
        }
        for (entry, item) in zip(model.legend, layout.legendItems) {
            rows.append(.element("g", ["class": "legend-entry", "transform": "translate(\(svgNumber(item.x)),\(svgNumber(item.y)))"], [
                symbol(entry.symbol),
                multiline(item.lines, x: 28, y: 0, dy: "0.32em"),
            ]))
        }
        if let bar = model.colorBar {
            rows.append(colorBar(bar, layout: layout, gradientID: gradientID))
        }
        return [.element("g", ["class": "legend"], rows)]
    }

    /// A `<text>` of one or more lines (`<tspan>`s), the first with its baseline at `y`.
    static func multiline(_ lines: [String], x: Double, y: Double, dy: String? = nil, cls: String? = nil,
                          anchor: String? = nil, transform: String? = nil) -> HTML {
        let attributes: KeyValuePairs<String, String?> = [
            "class": cls, "x": transform == nil ? svgNumber(x) : nil, "y": transform == nil ? svgNumber(y) : nil,
            "dy": dy, "text-anchor": anchor, "transform": transform,
        ]
        guard lines.count > 1 else { return .element("text", attributes, text: lines.first ?? "") }
        let spans = lines.enumerated().map { i, line -> HTML in
            .element("tspan", ["x": transform == nil ? svgNumber(x) : "0", "dy": i == 0 ? nil : svgNumber(ChartLayout.lineHeight)],
                     text: line)
        }
        return .element("text", attributes, spans)
    }

    private static func symbol(_ symbol: LegendEntry.Symbol) -> HTML {
        switch symbol {
        case .line(let color, let strokeClass, let marker):
            var parts: [HTML] = [.void("path", ["class": strokeClass, "style": strokeClass == "reference" ? nil : "stroke:\(color.css)",
                                                "d": "M0,0H22"])]
            if let marker { parts.append(.void("path", ["class": "mark", "style": "fill:\(color.css)", "d": marker.path(x: 11, y: 0, r: 3)])) }
            return .fragment(parts)
        case .marker(let shape, let color):
            return .void("path", ["class": "mark hollow", "style": "fill:\(color.css);stroke:\(color.css)",
                                  "d": shape.path(x: 11, y: 0, r: markerRadius)])
        case .band(let color):
            return .void("rect", ["class": "band", "style": "fill:\(color.css)", "x": "0", "y": "-5", "width": "22", "height": "10"])
        case .errorBar(let color):
            return .void("path", ["class": "errorbar", "style": "stroke:\(color.css)", "d": "M11,-7V7M8,-7H14M8,7H14"])
        case .replicateLine:
            return .fragment([
                .void("path", ["class": "series replicate", "style": "stroke:var(--ref)", "d": "M0,-4H22"]),
                .void("path", ["class": "series replicate", "style": "stroke:var(--ref)", "d": "M0,4H22"]),
                .void("path", ["class": "series", "style": "stroke:var(--ref)", "d": "M0,0H22"]),
            ])
        case .replicatePoint:
            return .fragment([
                .void("path", ["class": "mark", "style": "fill:var(--ref);stroke:var(--ref)", "d": MarkerShape.circle.path(x: 6, y: 0, r: 3.5)]),
                .void("path", ["class": "replicate-mark", "style": "stroke:var(--ref)", "d": MarkerShape.circle.path(x: 17, y: 0, r: 2.5)]),
            ])
        case .diverged:
            return .void("path", ["class": "diverged", "style": "stroke:var(--fg)", "d": MarkerShape.cross(x: 11, y: 0, r: 5)])
        }
    }

    /// A vertical gradient bar, high values at the top, with tick labels on its right.
    private static func colorBar(_ bar: ColorBar, layout: ChartLayout, gradientID: String) -> HTML {
        let x = layout.colorBarOrigin.x, y = layout.colorBarOrigin.y
        let top = y + Double(layout.colorBarLabelLines.count - 1) * ChartLayout.lineHeight + 10
        let height = layout.colorBarHeight
        let axis = AxisMapping(ticks: bar.ticks, start: top + height, end: top)
        var parts: [HTML] = [
            multiline(layout.colorBarLabelLines, x: x, y: y, cls: "axis-title"),
            .void("rect", ["class": "colorbar", "x": svgNumber(x), "y": svgNumber(top), "width": "12",
                           "height": svgNumber(height), "fill": "url(#\(gradientID))"]),
        ]
        var lastLabel = -Double.infinity
        for (t, label) in zip(bar.ticks.major, bar.ticks.labels) {
            guard let p = axis.pixel(t) else { continue }
            parts.append(.void("line", ["class": "colorbar-tick", "x1": svgNumber(x + 12), "x2": svgNumber(x + 16),
                                        "y1": svgNumber(p), "y2": svgNumber(p)]))
            // Labels closer than a line apart would overlap: keep every one that has room.
            guard abs(p - lastLabel) >= ChartLayout.fontSize + 1 else { continue }
            lastLabel = p
            parts.append(.element("text", ["class": "tick", "x": svgNumber(x + 19), "y": svgNumber(p), "dy": "0.32em"], text: label))
        }
        return .element("g", ["class": "colorbar"], parts)
    }

    /// The colour bar's gradient: viridis stops from the bottom (low) to the top (high).
    static func gradient(_ bar: ColorBar, id: String) -> HTML {
        let stops = (0...10).map { k -> HTML in
            let t = Double(k) / 10
            return .void("stop", ["offset": svgNumber(t), "style": "stop-color:\(Palette.ramp(t).css)"])
        }
        return .element("linearGradient", ["id": id, "x1": "0", "y1": "1", "x2": "0", "y2": "0"], stops)
    }
}
