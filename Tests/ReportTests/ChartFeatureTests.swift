import Foundation
import Notebook
import Testing
@testable import Report

/// Labels, legends, colours, bands and sweep summaries (issue 12).
@Suite("Chart features")
struct ChartFeatureTests {
    @Test("a label template fills each series' values")
    func labelTemplate() throws {
        let spec = PlotSpec(of: ["h"], x: "epoch", y: ["train_loss"], color: "lr", label: "η = {lr}, {lr*10} × ten")
        let model = try ChartBuilder.build(spec, table: SampleResults.history)
        #expect(model.panels[0].series.map(\.label) == ["η = 0.05, 0.5 × ten", "η = 0.1, 1 × ten", "η = 0.8, 8 × ten"])
        #expect(model.legendTitle == nil)   // the template says what the values are
    }

    @Test("automatic labels name only the columns that vary; text values go bare")
    func automaticLabels() throws {
        let spec = PlotSpec(of: ["s"], x: "lr", y: ["lambda_max"], kind: .line, color: "batch", marker: "optimizer")
        let model = try ChartBuilder.build(spec, table: SampleResults.sweep)
        #expect(model.panels[0].series.map(\.label) == ["batch=32, sgd", "batch=128, sgd", "batch=512, momentum"])
        #expect(model.legendTitle == nil)
        // Filtered to one batch, nothing tells series apart: the label is the y column.
        let one = PlotSpec(of: ["s"], x: "lr", y: ["lambda_max"], kind: .line, color: "batch",
                           where: RowFilter(["batch": [.number(32)]]))
        #expect(try ChartBuilder.build(one, table: SampleResults.sweep).panels[0].series.map(\.label) == ["lambda_max"])
        // A colour column that alone tells the series apart is the only one named.
        // (batch also decides the optimizer here, so the optimizer adds nothing.)
        let byBatch = try ChartBuilder.build(PlotSpec(of: ["s"], x: "lr", y: ["lambda_max"], kind: .line, color: "batch"),
                                             table: SampleResults.sweep)
        #expect(byBatch.panels[0].series.map(\.label) == ["32", "128", "512"])
        #expect(byBatch.legendTitle == "batch")
    }

    @Test("band: std, sem and ci95 set the half-width from std and n; none draws no band",
          arguments: [(BandKind.std, 0.02), (.sem, 0.02 / 3.0.squareRoot()), (.ci95, 4.303 * 0.02 / 3.0.squareRoot())])
    func bands(_ band: BandKind, _ expected: Double) throws {
        let spec = PlotSpec(of: ["h"], x: "epoch", y: ["train_loss"], color: "lr", band: band)
        let model = try ChartBuilder.build(spec, table: SampleResults.history)
        // lr = 0.1, epoch 1: three seeds 0.02 apart → sample std 0.02, n = 3
        #expect(abs(model.panels[0].series[1].points[0].spread! - expected) < 1e-12)
        let name = Uncertainty.name(band)
        #expect(model.legend.contains { $0.label == "\(name), n = 3 seeds" })
    }

    @Test("band: none draws neither a band nor replicates")
    func noBand() throws {
        let spec = PlotSpec(of: ["h"], x: "epoch", y: ["train_loss"], color: "lr", band: BandKind.none)
        let model = try ChartBuilder.build(spec, table: SampleResults.history)
        #expect(model.panels[0].series.allSatisfy { s in s.points.allSatisfy { $0.spread == nil } && s.replicates.isEmpty })
        #expect(!model.legend.contains { $0.label.hasPrefix("mean") })
    }

    @Test("with two replicates each seed is drawn instead of a band, and the legend says so")
    func twoReplicates() throws {
        let spec = PlotSpec(of: ["s"], x: "lr/batch", y: ["test_acc"], color: "batch", scale: AxisScales(x: .log))
        let model = try ChartBuilder.build(spec, table: SampleResults.sweep)
        let series = model.panels[0].series
        #expect(series.allSatisfy { $0.points.allSatisfy { $0.spread == nil } })
        // batch 128: three lr values × two seeds, each seed its own set of points
        #expect(series[1].replicates.count == 2 && series[1].replicates.allSatisfy { $0.count == 3 })
        #expect(model.legend.contains { $0.label == "small marks: each seed, n = 2" })
        let svg = ChartRenderer.svg(model, idPrefix: "f", title: "t", standalone: false).render()
        // 17 finite runs (one diverged) plus the legend's symbol
        #expect(svg.components(separatedBy: "class=\"replicate-mark\"").count - 1 == 18)
    }

    @Test("t quantiles match the standard table and interpolate in 1/df",
          arguments: [(1, 12.706), (2, 4.303), (9, 2.262), (30, 2.042), (35, 2.030), (50, 2.009), (100, 1.984), (1000, 1.962)])
    func tQuantiles(_ df: Int, _ expected: Double) {
        // Reference values: scipy.stats.t.ppf(0.975, df), rounded to 3 decimals.
        #expect(abs(Uncertainty.t975(df: df) - expected) <= 0.0015)
    }

    @Test("few numeric colour values get qualitative colours; many get a colour bar and no series legend")
    func colourModes() throws {
        var t = ResultTable(columns: ["lr", "seed", "epoch", "train_loss"])
        for k in 0..<10 {
            for epoch in 1...3 {
                t.append(["lr": .number(0.01 * Double(k + 1)), "seed": .number(1), "epoch": .number(Double(epoch)),
                          "train_loss": .number(1 / Double(epoch + k))])
            }
        }
        let many = try ChartBuilder.build(PlotSpec(of: ["h"], x: "epoch", y: ["train_loss"], color: "lr"), table: t)
        #expect(many.colorBar != nil)
        #expect(many.legend.isEmpty)
        #expect(many.legendTitle == nil)
        let few = try ChartBuilder.build(PlotSpec(of: ["h"], x: "epoch", y: ["train_loss"], color: "lr",
                                                  where: RowFilter(expression: "lr < 0.055")), table: t)
        #expect(few.colorBar == nil)
        #expect(few.panels[0].series.map(\.color) == (0..<5).map { MarkColor.category($0) })
    }

    @Test("a continuous colour with marker shapes: the colour bar explains colour, the legend only the shapes")
    func colourBarAndMarkers() throws {
        let spec = PlotSpec(of: ["s"], x: "lr/batch", y: ["lambda_max"], color: "lr/batch", marker: "optimizer",
                            scale: AxisScales(x: .log, y: .log))
        let model = try ChartBuilder.build(spec, table: SampleResults.sweep)
        #expect(model.colorBar != nil)
        let series = model.legend.filter { if case .marker = $0.symbol { return true } else { return false } }
        #expect(series.map(\.label) == ["sgd", "momentum"])
        #expect(series.allSatisfy { if case .marker(_, .reference) = $0.symbol { return true } else { return false } })
    }

    @Test("explicit limits set the axis domain")
    func limits() throws {
        let spec = PlotSpec(of: ["h"], x: "epoch", y: ["test_acc"], color: "lr", limits: AxisLimits(y: [0.7, 0.9]))
        let model = try ChartBuilder.build(spec, table: SampleResults.history)
        let svg = ChartRenderer.svg(model, idPrefix: "f", title: "t", standalone: false).render()
        #expect(svg.contains(">0.7<") && svg.contains(">0.9<"))
        #expect(!svg.contains(">0.5<"))
    }

    @Test("a spike far above the rest is cut by the robust range; ordinary data keep theirs")
    func robustLimits() {
        let ordinary = (0..<50).map { 2.3 * exp(-Double($0) / 10) }
        #expect(ComputeSummary.robustLimits(ordinary) == nil)
        let limits = ComputeSummary.robustLimits(ordinary + [100])
        #expect(limits != nil && limits![1] < 3 && limits![0] < 0.1)
    }

    @Test("a large sweep's automatic chart shows final values against the swept setting")
    func largeSweepSummary() throws {
        var t = ResultTable(columns: ["lr", "batch", "seed", "epoch", "train_loss"])
        for lr in [0.001, 0.003, 0.01, 0.03, 0.1, 0.3] {
            for batch in [16.0, 64] {
                for seed in 1...2 {
                    for epoch in 1...5 {
                        let spike = lr == 0.3 && batch == 16 && epoch == 5 ? 500.0 : 0
                        t.append(["lr": .number(lr), "batch": .number(batch), "seed": .number(Double(seed)),
                                  "epoch": .number(Double(epoch)),
                                  "train_loss": .number(1 / (lr * Double(epoch) * 10 + 1) + 0.01 * Double(seed) + spike)])
                    }
                }
            }
        }
        let html = try #require(ComputeSummary.defaultChart(t, id: "sweep")).render()
        #expect(html.contains("final train_loss against lr for 12 configurations"))
        #expect(html.contains("off the top of the chart"))
        // Two series (one per batch) instead of twelve curves.
        #expect(html.components(separatedBy: "<path class=\"series\" data-series").count - 1 == 2)
        let small = ResultTable(columns: t.columns, rows: t.rows.filter { $0[0] == .number(0.01) })
        #expect(try #require(ComputeSummary.defaultChart(small, id: "s")).render().contains("train_loss against epoch"))
    }
}

/// Text measured from font metrics, wrapping, and legend placement.
@Suite("Chart text metrics")
struct TextMetricsTests {
    @Test("widths are the widest advance of the named fonts")
    func widths() {
        // 'm': DejaVu Sans 974/1000 em is wider than Liberation Sans 833/1000.
        #expect(abs(TextMetrics.width("mmmm", size: 12) - 4 * 0.974 * 12) < 0.05)
        #expect(TextMetrics.width("W", size: 12) > TextMetrics.width("i", size: 12))
        #expect(TextMetrics.width("W", size: 12, bold: true) > TextMetrics.width("W", size: 12))
        // Characters neither font has (CJK) count as 1.3 em.
        #expect(TextMetrics.width("漢字", size: 10) == 26)
        #expect(TextMetrics.width("η/S", size: 12) > 0)
    }

    @Test("wrapping never yields a line wider than the limit", arguments: [40.0, 90, 200])
    func wrap(_ limit: Double) {
        let text = "a rather long legend label: constant η 0.1, S 16 (reshuffled) Überlänge_ohne_Leerzeichen_und_so_weiter"
        let lines = TextMetrics.wrap(text, maxWidth: limit, size: 12)
        #expect(lines.allSatisfy { TextMetrics.width($0, size: 12) <= limit })
        #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " })
    }

    @Test("a legend too wide for the side moves below the plot and stays inside the figure")
    func legendBelow() throws {
        var t = ResultTable(columns: ["name", "epoch", "loss"])
        let names = ["N = 10k, 20 epochs, constant schedule with warm-up and a very long description",
                     "N = 2.5k, 20 epochs, cyclic schedule", "short"]
        for n in names { for e in 1...3 { t.append(["name": .text(n), "epoch": .number(Double(e)), "loss": .number(1 / Double(e))]) } }
        let model = try ChartBuilder.build(PlotSpec(of: ["t"], x: "epoch", y: ["loss"], color: "name"), table: t)
        let svg = ChartRenderer.svg(model, idPrefix: "f", title: "t", standalone: false)
        let ticks = AxisTicks(covering: [1, 3], log: false)
        let layout = ChartLayout(model: model, xTicks: ticks, yTicks: ticks, y2Ticks: nil)
        #expect(layout.legendItems.count == 3)
        #expect(layout.legendItems.allSatisfy { $0.y > layout.plotBottom })
        for item in layout.legendItems {
            let widest = item.lines.map { TextMetrics.width($0, size: 12) }.max()!
            #expect(item.x + ChartLayout.symbolWidth + widest <= layout.width)
        }
        #expect(layout.plotRight > layout.width - 30)   // the plot keeps the width
        #expect(svg.render().contains(names[0].prefix(20)))
    }
}
