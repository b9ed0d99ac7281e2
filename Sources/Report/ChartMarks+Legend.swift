import Foundation
import Notebook

extension ChartMarks {
    /// The legend column and colour bar, right of the panels.
    static func legend(_ model: ChartModel, layout: ChartLayout, gradientID: String) -> [HTML] {
        guard !model.legend.isEmpty || model.colorBar != nil else { return [] }
        var rows: [HTML] = []
        var y = layout.plotTop + 6
        let x = layout.legendX
        for entry in model.legend {
            rows.append(.element("g", ["class": "legend-entry", "transform": "translate(\(svgNumber(x)),\(svgNumber(y)))"], [
                symbol(entry.symbol),
                .element("text", ["x": "28", "y": "0", "dy": "0.32em"], text: entry.label),
            ]))
            y += 18
        }
        if let bar = model.colorBar {
            y += model.legend.isEmpty ? 0 : 12
            rows.append(colorBar(bar, x: x, y: y, height: min(160, max(80, layout.plotBottom - y - 10)), gradientID: gradientID))
        }
        return [.element("g", ["class": "legend"], rows)]
    }

    private static func symbol(_ symbol: LegendEntry.Symbol) -> HTML {
        switch symbol {
        case .line(let color, let strokeClass, let marker):
            var parts: [HTML] = [.void("path", ["class": strokeClass, "style": strokeClass == "reference" ? nil : "stroke:\(color.css)",
                                                "d": "M0,0H22"])]
            if let marker { parts.append(.void("path", ["class": "mark", "style": "fill:\(color.css)", "d": marker.path(x: 11, y: 0, r: 3)])) }
            return .fragment(parts)
        case .marker(let shape, let color):
            return .void("path", ["class": "mark", "style": "fill:\(color.css)", "d": shape.path(x: 11, y: 0, r: markerRadius)])
        case .band(let color):
            return .void("rect", ["class": "band", "style": "fill:\(color.css)", "x": "0", "y": "-5", "width": "22", "height": "10"])
        case .errorBar(let color):
            return .void("path", ["class": "errorbar", "style": "stroke:\(color.css)", "d": "M11,-7V7M8,-7H14M8,7H14"])
        case .diverged:
            return .void("path", ["class": "diverged", "style": "stroke:var(--fg)", "d": MarkerShape.cross(x: 11, y: 0, r: 5)])
        }
    }

    /// A vertical gradient bar, high values at the top, with tick labels on its right.
    private static func colorBar(_ bar: ColorBar, x: Double, y: Double, height: Double, gradientID: String) -> HTML {
        let top = y + 14
        let axis = AxisMapping(ticks: bar.ticks, start: top + height, end: top)
        var parts: [HTML] = [
            .element("text", ["class": "axis-title", "x": svgNumber(x), "y": svgNumber(y)], text: bar.label),
            .void("rect", ["class": "colorbar", "x": svgNumber(x), "y": svgNumber(top), "width": "12",
                           "height": svgNumber(height), "fill": "url(#\(gradientID))"]),
        ]
        for (t, label) in zip(bar.ticks.major, bar.ticks.labels) {
            guard let p = axis.pixel(t) else { continue }
            parts.append(.void("line", ["class": "colorbar-tick", "x1": svgNumber(x + 12), "x2": svgNumber(x + 16),
                                        "y1": svgNumber(p), "y2": svgNumber(p)]))
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
