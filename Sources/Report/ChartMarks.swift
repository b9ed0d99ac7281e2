import Foundation
import Notebook

/// The marks of one panel (grid, axes, bands, lines, markers, references, crosses), the legend
/// and the colour bar, each as SVG elements in panel-local or figure coordinates.
enum ChartMarks {
    static let markerRadius = 3.5

    static func panel(_ panel: ChartPanel, model: ChartModel, x: AxisMapping, y: AxisMapping, y2: AxisMapping?,
                      width: Double, height: Double, origin: (x: Double, y: Double), clipID: String,
                      titleLines: [String], showXLabels: Bool, showYLabels: Bool, showY2Labels: Bool) -> HTML {
        var grid: [HTML] = [], axes: [HTML] = []
        let w = svgNumber(width), h = svgNumber(height)
        for t in y.ticks.major {
            guard let py = y.pixel(t) else { continue }
            grid.append(.void("line", ["x1": "0", "x2": w, "y1": svgNumber(py), "y2": svgNumber(py)]))
        }
        for t in x.ticks.major {
            guard let px = x.pixel(t) else { continue }
            grid.append(.void("line", ["x1": svgNumber(px), "x2": svgNumber(px), "y1": "0", "y2": h]))
        }
        axes.append(.void("path", ["d": "M0,0V\(h)H\(w)"]))
        axes += ticks(x, horizontal: true, at: height, labels: showXLabels)
        axes += ticks(y, horizontal: false, at: 0, labels: showYLabels)
        if let y2 {
            axes.append(.void("path", ["d": "M\(w),0V\(h)"]))
            axes += ticks(y2, horizontal: false, at: width, labels: showY2Labels, right: true)
        }
        let referenceMarks = references(model.references, x: x, y: y, width: width, height: height)
        var marks: [HTML] = []
        let ordered = panel.series.filter(\.isReference) + panel.series.filter { !$0.isReference }
        for s in ordered where model.kind == .line || s.isReference { marks += band(s, x: x, y: s.secondary ? y2! : y) }
        for s in ordered { marks += replicates(s, kind: model.kind, x: x, y: s.secondary ? y2! : y) }
        // Scatter series are drawn in legend order with hollow markers that shrink from the first
        // series to the last, so points of several series at one spot show as nested rings.
        let scatterCount = ordered.filter { !$0.isReference && !$0.secondary }.count
        var scatterIndex = 0
        for s in ordered {
            let axis = s.secondary ? y2! : y
            if model.kind == .line || s.isReference || s.secondary {
                marks += line(s, x: x, y: axis)
            } else {
                let grow = Double(min(scatterCount - 1 - scatterIndex, 4)) * 1.3
                marks += scatter(s, x: x, y: axis, radius: markerRadius + grow)
                scatterIndex += 1
            }
        }
        for s in ordered where !s.isReference { marks += crosses(s, kind: model.kind, x: x, y: s.secondary ? y2! : y) }
        var children: [HTML] = []
        if !titleLines.isEmpty {
            children.append(multiline(titleLines, x: width / 2, y: -8 - Double(titleLines.count - 1) * ChartLayout.lineHeight,
                                      cls: "panel-title", anchor: "middle"))
        }
        children.append(.element("g", ["class": "grid"], grid))
        if !referenceMarks.isEmpty {
            children.append(.element("g", ["class": "references", "clip-path": "url(#\(clipID))"], referenceMarks))
        }
        children.append(.element("g", ["class": "marks", "clip-path": "url(#\(clipID)-marks)"], marks))
        children += model.annotations.compactMap { a in
            guard let px = x.pixel(a.x), let py = y.pixel(a.y) else { return nil }
            // Text that would run past the panel's right edge is set to the left of its point.
            let flip = px + 5 + TextMetrics.width(a.text, size: ChartLayout.fontSize) > width
            return .element("g", ["class": "annotation"], [
                .void("circle", ["cx": svgNumber(px), "cy": svgNumber(py), "r": "2"]),
                .element("text", ["x": svgNumber(flip ? px - 5 : px + 5), "y": svgNumber(py - 5),
                                  "text-anchor": flip ? "end" : nil], text: a.text),
            ])
        }
        children.append(.element("g", ["class": "axis"], axes))
        return .element("g", ["class": "panel", "transform": "translate(\(svgNumber(origin.x)),\(svgNumber(origin.y)))"],
                        children)
    }

    private static func ticks(_ axis: AxisMapping, horizontal: Bool, at edge: Double, labels: Bool,
                              right: Bool = false) -> [HTML] {
        var out: [HTML] = []
        let e = svgNumber(edge)
        // A label is drawn only where it keeps a gap to the previous drawn one (measured widths
        // across, the line height along a vertical axis); its tick stays either way.
        var lastEnd = -Double.infinity
        for (t, label) in zip(axis.ticks.major, axis.ticks.labels) {
            guard let pixel = axis.pixel(t) else { continue }
            let p = svgNumber(pixel)
            let extent = horizontal ? TextMetrics.width(label, size: ChartLayout.fontSize) : ChartLayout.fontSize
            let position = horizontal ? pixel : -pixel
            let fits = position - extent / 2 >= lastEnd + 4
            if fits { lastEnd = position + extent / 2 }
            if horizontal {
                out.append(.void("line", ["x1": p, "x2": p, "y1": e, "y2": svgNumber(edge + 5)]))
                if labels && fits {
                    out.append(.element("text", ["class": "tick", "x": p, "y": svgNumber(edge + 18), "text-anchor": "middle"],
                                        text: label))
                }
            } else {
                let outward = right ? edge + 5 : edge - 5
                out.append(.void("line", ["x1": svgNumber(outward), "x2": e, "y1": p, "y2": p]))
                if labels && fits {
                    out.append(.element("text", ["class": "tick", "x": svgNumber(right ? edge + 8 : edge - 8),
                                                 "y": p, "dy": "0.32em", "text-anchor": right ? "start" : "end"],
                                        text: label))
                }
            }
        }
        for t in axis.ticks.minor {
            guard let p = axis.pixel(t).map({ svgNumber($0) }) else { continue }
            out.append(horizontal
                ? .void("line", ["class": "minor", "x1": p, "x2": p, "y1": e, "y2": svgNumber(edge + 3)])
                : .void("line", ["class": "minor", "x1": svgNumber(right ? edge + 3 : edge - 3), "x2": e, "y1": p, "y2": p]))
        }
        return out
    }

    private static func references(_ refs: [ChartReference], x: AxisMapping, y: AxisMapping, width: Double,
                                   height: Double) -> [HTML] {
        refs.compactMap { r in
            switch r.shape {
            case .vertical(let v):
                guard let px = x.pixel(v) else { return nil }
                let line = HTML.void("line", ["class": "reference", "x1": svgNumber(px), "x2": svgNumber(px), "y1": "0",
                                              "y2": svgNumber(height), "data-label": r.label])
                guard let label = r.label else { return line }
                // Past the right edge the label goes on the line's left.
                let flip = px + 4 + TextMetrics.width(label, size: 11) > width
                return .fragment([line, .element("text", ["class": "reference-label", "x": svgNumber(flip ? px - 4 : px + 4), "y": "12",
                                                          "text-anchor": flip ? "end" : nil], text: label)])
            case .curve(let e):
                let n = 120
                var d = "", pen = false
                for k in 0...n {
                    let f = Double(k) / Double(n)
                    let xv = x.ticks.isLog
                        ? pow(10, log10(x.ticks.lower) + f * (log10(x.ticks.upper) - log10(x.ticks.lower)))
                        : x.ticks.lower + f * (x.ticks.upper - x.ticks.lower)
                    guard let yv = e.evaluate({ $0 == "x" ? .number(xv) : .missing }), let px = x.pixel(xv),
                          let py = y.pixel(yv), abs(py) < 1e5 else { pen = false; continue }
                    d += (pen ? "L" : "M") + svgNumber(px) + "," + svgNumber(py)
                    pen = true
                }
                return d.isEmpty ? nil : .void("path", ["class": "reference", "d": d, "data-label": r.label])
            }
        }
    }

    private static func band(_ s: ChartSeries, x: AxisMapping, y: AxisMapping) -> [HTML] {
        let pts = s.points.filter { $0.y.isFinite && ($0.spread ?? 0) > 0 && x.pixel($0.x) != nil }
        guard pts.count >= 2 else { return [] }
        let upper = pts.map { svgNumber(x.pixel($0.x)!) + "," + svgNumber(y.clampedPixel($0.y + $0.spread!)) }
        let lower = pts.reversed().map { svgNumber(x.pixel($0.x)!) + "," + svgNumber(y.clampedPixel($0.y - $0.spread!)) }
        return [.void("polygon", ["class": "band", "style": "fill:\(s.color.css)", "points": (upper + lower).joined(separator: " ")])]
    }

    private static func line(_ s: ChartSeries, x: AxisMapping, y: AxisMapping) -> [HTML] {
        var d = "", pen = false
        for p in s.points {
            guard let px = x.pixel(p.x), let py = y.pixel(p.y) else { pen = false; continue }
            d += (pen ? "L" : "M") + svgNumber(px) + "," + svgNumber(py)
            pen = true
        }
        guard !d.isEmpty else { return [] }
        let cls = s.strokeClass
        var out: [HTML] = [.void("path", ["class": cls, "data-series": s.label, "style": "stroke:\(s.color.css)", "d": d])]
        let drawn = s.points.filter { x.pixel($0.x) != nil && y.pixel($0.y) != nil }
        if !s.isReference && drawn.count <= 15 {
            out += drawn.map { p in
                .void("path", ["class": "mark", "style": "fill:\(s.color.css)",
                               "d": s.marker.path(x: x.pixel(p.x)!, y: y.pixel(p.y)!, r: 3)])
            }
        }
        return out
    }

    /// Each replicate thin and faint under its mean: lines on a line chart, small hollow
    /// circles on a scatter.
    private static func replicates(_ s: ChartSeries, kind: PlotKind, x: AxisMapping, y: AxisMapping) -> [HTML] {
        s.replicates.flatMap { points -> [HTML] in
            if kind == .line {
                var d = "", pen = false
                for p in points {
                    guard let px = x.pixel(p.x), let py = y.pixel(p.y) else { pen = false; continue }
                    d += (pen ? "L" : "M") + svgNumber(px) + "," + svgNumber(py)
                    pen = true
                }
                return d.isEmpty ? [] : [.void("path", ["class": "series replicate", "style": "stroke:\(s.color.css)", "d": d])]
            }
            return points.compactMap { p in
                guard let px = x.pixel(p.x), let py = y.pixel(p.y) else { return nil }
                return .void("path", ["class": "replicate-mark", "style": "stroke:\(s.color.css)",
                                      "d": MarkerShape.circle.path(x: px, y: py, r: 2.5)])
            }
        }
    }

    private static func scatter(_ s: ChartSeries, x: AxisMapping, y: AxisMapping, radius: Double) -> [HTML] {
        var out: [HTML] = []
        for p in s.points where !p.diverged {
            guard let px = x.pixel(p.x), let py = y.pixel(p.y) else { continue }
            if let d = p.spread, d > 0 {
                let a = y.clampedPixel(p.y - d), b = y.clampedPixel(p.y + d)
                out.append(.void("path", ["class": "errorbar", "style": "stroke:\((p.color ?? s.color).css)",
                                          "d": "M\(svgNumber(px)),\(svgNumber(a))V\(svgNumber(b))"]))
            }
            let color = (p.color ?? s.color).css
            out.append(.void("path", ["class": "mark hollow", "data-series": s.label, "style": "fill:\(color);stroke:\(color)",
                                      "d": s.marker.path(x: px, y: py, r: radius)]))
        }
        return out
    }

    /// A cross at each diverged run's last finite point (line), or at each diverged point,
    /// pinned to the top edge when its value is not finite (scatter).
    private static func crosses(_ s: ChartSeries, kind: PlotKind, x: AxisMapping, y: AxisMapping) -> [HTML] {
        var spots: [(Double, Double)] = []
        if (kind == .line || s.secondary) && !s.crosses.isEmpty {
            spots = s.crosses.compactMap { p in x.pixel(p.x).flatMap { px in y.pixel(p.y).map { (px, $0) } } }
        } else if kind == .line || s.secondary {
            guard s.points.contains(where: \.diverged),
                  let last = s.points.last(where: { x.pixel($0.x) != nil && y.pixel($0.y) != nil }) else { return [] }
            spots = [(x.pixel(last.x)!, y.pixel(last.y)!)]
        } else {
            for p in s.points where p.diverged {
                guard let px = x.pixel(p.x) else { continue }
                spots.append((px, y.pixel(p.y) ?? 0))   // not finite: on the top edge
            }
        }
        return spots.map { px, py in
            .void("path", ["class": "diverged", "data-series": s.label, "style": "stroke:\(s.color.css)",
                           "d": MarkerShape.cross(x: px, y: py, r: 5)])
        }
    }
}
