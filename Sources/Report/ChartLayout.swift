import Foundation

/// Where the parts of a chart go, in CSS pixels: the panel grid, margins, wrapped titles and
/// the legend, all sized from measured text (`TextMetrics`) so nothing is cut.
///
/// The legend sits right of the panels when its widest row fits in `maximumSideLegend` pixels;
/// otherwise it moves below the plot, in as many columns as fit, with long labels wrapped.
/// A colour bar always stays on the right.
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
    /// The baseline of the secondary axis title (drawn turned by 90°).
    var y2TitleX: Double
    /// Left edge of the right-hand column (legend or colour bar), if any.
    var legendX: Double
    /// The chart title, x-axis title and y-axis title, wrapped to fit.
    var titleLines: [String]
    var xTitleLines: [String]
    var yTitleLines: [String]
    /// Each panel's title, wrapped to the panel's width.
    var panelTitleLines: [[String]]
    /// Legend rows: top-left of the symbol and the label's lines, in `model.legend` order.
    var legendItems: [LegendItem]
    /// The legend heading's baseline origin, when there is one.
    var legendTitleOrigin: (x: Double, y: Double)?
    /// Where the colour bar's label starts and how tall the bar is.
    var colorBarOrigin: (x: Double, y: Double)
    var colorBarHeight: Double
    var colorBarLabelLines: [String]

    struct LegendItem {
        var x: Double
        var y: Double
        var lines: [String]
    }

    static let fontSize = 12.0
    static let lineHeight = 15.0
    /// The widest legend that may sit beside the plot.
    static let maximumSideLegend = 230.0
    /// Space for a legend symbol and the gap before its text.
    static let symbolWidth = 28.0
    /// Gap between facet panels beyond the widest x tick label.
    static let panelGap = 14.0

    private static func w(_ s: String, bold: Bool = false) -> Double { TextMetrics.width(s, size: fontSize, bold: bold) }

    init(model: ChartModel, xTicks: AxisTicks, yTicks: AxisTicks, y2Ticks: AxisTicks?) {
        let size = Self.fontSize
        width = model.width
        let labels = model.legend.map(\.label)
        let widest = labels.map { Self.symbolWidth + Self.w($0) }.max() ?? 0
        let titleWidth = model.legendTitle.map { Self.w($0, bold: true) } ?? 0
        let sideLegend = !labels.isEmpty && max(widest, titleWidth) <= Self.maximumSideLegend
        var barWidth = 0.0
        if let bar = model.colorBar {
            barWidth = 19 + (bar.ticks.labels.map { Self.w($0) }.max() ?? 0)
            barWidth = max(barWidth, min(Self.w(bar.label), 140))
        }
        let rightColumn = max(sideLegend ? max(widest, titleWidth) : 0, barWidth)
        let rightWidth = rightColumn > 0 ? rightColumn + 16 : 0

        let yLabelWidth = yTicks.labels.map { Self.w($0) }.max() ?? Self.w("0")
        let y2LabelWidth = y2Ticks.map { t in (t.labels.map { Self.w($0) }.max() ?? 0) + 8 } ?? 0
        let panelCount = max(1, model.panels.count)
        // Titles first: their line counts set the margins.
        titleLines = model.title.map { TextMetrics.wrap($0, maxWidth: model.width - 20, size: size, bold: true) } ?? []
        let xLabelWidest = xTicks.labels.map { Self.w($0) }.max() ?? 0
        let gapX = model.panels.count > 1 ? max(26, xLabelWidest + Self.panelGap) : 0
        // The y title is wrapped to the height of one panel row (a lower bound of the grid's).
        yTitleLines = TextMetrics.wrap(model.yLabel, maxWidth: max(80, model.panelHeight - 70), size: size)
        let yTitleSpace = Double(yTitleLines.count) * Self.lineHeight
        let left = max(6 + yTitleSpace + 6 + yLabelWidth + 8, (xTicks.labels.first.map { Self.w($0) } ?? 0) / 2 + 4)
        let y2TitleSpace = y2Ticks != nil && model.y2Label != nil ? Self.lineHeight + 8 : 0
        // The last x tick label is centred on its tick and may hang past the plot's right edge.
        let overhang = max(12, (xTicks.labels.last.map { Self.w($0) } ?? 0) / 2 + 4)
        let right = (y2Ticks == nil ? overhang : 12 + 8 + y2LabelWidth + y2TitleSpace) + rightWidth
        let available = max(120, width - left - right)
        columns = panelCount == 1 ? 1 : min(panelCount, max(1, min(3, Int((available + gapX) / (150 + gapX)))))
        rows = (panelCount + columns - 1) / columns
        let cols = Double(columns), rowCount = Double(rows)
        let pw = (available - gapX * (cols - 1)) / cols
        panelWidth = pw
        panelTitleLines = model.panels.map { p in
            p.title.map { TextMetrics.wrap($0, maxWidth: pw + gapX - 8, size: size) } ?? []
        }
        let panelTitleSpace = (panelTitleLines.map(\.count).max() ?? 0) > 0
            ? Double(panelTitleLines.map(\.count).max()!) * Self.lineHeight + 4 : 4
        let titleSpace = titleLines.isEmpty ? 0 : Double(titleLines.count) * 18 + 6
        let top = 10 + titleSpace + panelTitleSpace
        let ph = max(80, model.panelHeight - 70)
        panelHeight = ph
        let gapY = model.panels.count > 1 ? 34 + panelTitleSpace : 0
        let gridHeight = rowCount * ph + (rowCount - 1) * gapY
        xTitleLines = TextMetrics.wrap(model.xLabel, maxWidth: available, size: size)
        let perRow = columns
        panelOrigins = (0..<panelCount).map { i in
            (left + Double(i % perRow) * (pw + gapX), top + Double(i / perRow) * (ph + gapY))
        }
        plotLeft = left
        plotTop = top
        plotRight = left + available
        plotBottom = top + gridHeight
        legendX = width - rightWidth + 8
        y2TitleX = plotRight + 8 + y2LabelWidth + 4
        var bottom = plotBottom + 30 + Double(xTitleLines.count) * Self.lineHeight

        // Legend rows.
        legendItems = []
        legendTitleOrigin = nil
        if sideLegend {
            var y = plotTop + 6
            if model.legendTitle != nil {
                legendTitleOrigin = (legendX, y + 4)
                y += 18
            }
            for label in labels {
                legendItems.append(LegendItem(x: legendX, y: y, lines: [label]))
                y += 18
            }
        } else if !labels.isEmpty {
            let full = width - 20
            let textLimit = full - Self.symbolWidth
            let wrapped = labels.map { TextMetrics.wrap($0, maxWidth: textLimit, size: size) }
            let itemWidth = wrapped.map { lines in Self.symbolWidth + (lines.map { Self.w($0) }.max() ?? 0) }.max() ?? 0
            let gap = 18.0
            let perRow = max(1, Int((full + gap) / (itemWidth + gap)))
            var y = bottom + 8
            if model.legendTitle != nil {
                legendTitleOrigin = (10, y + 4)
                y += 18
            }
            var k = 0
            while k < wrapped.count {
                let row = wrapped[k..<min(wrapped.count, k + perRow)]
                for (j, lines) in row.enumerated() {
                    legendItems.append(LegendItem(x: 10 + Double(j) * (itemWidth + gap), y: y, lines: lines))
                }
                y += Double(row.map(\.count).max()!) * Self.lineHeight + 4
                k += perRow
            }
            bottom = y
        }
        // The colour bar goes on the right, below a side legend.
        let barTop = sideLegend ? (legendItems.last?.y ?? top) + 18 + 12 : top + 6
        colorBarLabelLines = model.colorBar.map { TextMetrics.wrap($0.label, maxWidth: max(rightColumn, 40), size: size) } ?? []
        colorBarOrigin = (legendX, barTop + 4)
        let labelSpace = Double(max(0, colorBarLabelLines.count - 1)) * Self.lineHeight
        colorBarHeight = min(160, max(80, plotBottom - barTop - 24 - labelSpace))
        let barBottom = model.colorBar == nil ? 0 : barTop + 4 + labelSpace + 14 + colorBarHeight + 10
        let sideBottom = sideLegend ? (legendItems.last?.y ?? 0) + 12 : 0
        height = max(bottom + 8, barBottom, sideBottom)
    }
}
