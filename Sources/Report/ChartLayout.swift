import Foundation

/// Where the parts of a chart go, in CSS pixels: the panel grid, margins, legend column.
struct ChartLayout {
    var width: Double
    var height: Double
    /// Top-left corner of each panel's plotting area, in panel order.
    var panelOrigins: [(x: Double, y: Double)]
    var panelWidth: Double
    var panelHeight: Double
    var columns: Int
    var rows: Int
    /// The plotting region spanned by all panels.
    var plotLeft: Double
    var plotTop: Double
    var plotRight: Double
    var plotBottom: Double
    /// Left edge of the legend column (if any).
    var legendX: Double

    static let fontSize = 12.0
    /// A rough width of one character of the chart font at 12px; text is never measured.
    static let charWidth = 6.6

    init(model: ChartModel, xTicks: AxisTicks, yTicks: AxisTicks, y2Ticks: AxisTicks?) {
        let hasLegend = !model.legend.isEmpty || model.colorBar != nil
        let longest = model.legend.map { $0.label.count }.max() ?? 0
        let legendWidth = hasLegend ? min(230, max(120, 34 + Double(longest) * Self.charWidth)) : 0
        let yLabelWidth = Double(yTicks.labels.map(\.count).max() ?? 1) * Self.charWidth
        let left = 10 + 18 + yLabelWidth + 8
        let y2LabelWidth = y2Ticks.map { Double($0.labels.map(\.count).max() ?? 1) * Self.charWidth + 36 } ?? 0
        let right = 12 + y2LabelWidth + legendWidth
        let titleSpace: Double = model.title == nil ? 0 : 22
        let facetSpace: Double = model.panels.count > 1 ? 18 : 4
        let top: Double = 10 + titleSpace + facetSpace
        let bottom = 46.0
        width = model.width
        let available = max(120, width - left - right)
        let count = max(1, model.panels.count)
        columns = count == 1 ? 1 : min(count, max(1, min(3, Int(available / 170))))
        rows = (count + columns - 1) / columns
        let gapX = 26.0
        let gapY: Double = model.panels.count > 1 ? 40 : 0
        let cols = Double(columns), rowCount = Double(rows)
        let pw: Double = (available - gapX * (cols - 1)) / cols
        let ph: Double = max(80, model.panelHeight - 70)
        panelWidth = pw
        panelHeight = ph
        let gridHeight: Double = rowCount * ph + (rowCount - 1) * gapY
        height = top + gridHeight + bottom
        let perRow = columns
        panelOrigins = (0..<count).map { i -> (x: Double, y: Double) in
            let cx: Double = left + Double(i % perRow) * (pw + gapX)
            let cy: Double = top + Double(i / perRow) * (ph + gapY)
            return (cx, cy)
        }
        plotLeft = left
        plotTop = top
        plotRight = left + available
        plotBottom = top + gridHeight
        legendX = width - legendWidth + 8
    }
}
