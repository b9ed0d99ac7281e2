import MinimaTestSupport
import Notebook
import Testing
@testable import Report

@Suite("Step fragments")
struct StepRendererTests {
    static func render(_ block: StepBlock, label: FigureLabel? = nil) -> RenderedStep {
        StepRenderer.render(block, label: label, assetDirectory: "nb")
    }

    @Test("a train summary shows notes, a default chart, final rows and file links")
    func computeSummary() {
        let block = StepBlock(kind: "train", id: "base", source: "lr: 0.1\n", position: "nb.md:3:1",
                              content: .compute(SampleResults.completed(SampleResults.history, notes: ["1 run diverged"])))
        let out = Self.render(block)
        expectSnapshot(out.html + "\n", named: "step-train.html")
        #expect(out.files.map(\.path) == ["base.csv", "base.json"])
        #expect(out.files[0].bytes == Array(SampleResults.history.csv().utf8))
    }

    @Test("a table step shows mean ± std per configuration")
    func table() {
        let spec = TableSpec(of: "s", columns: [TableColumn("lr"), TableColumn("batch"), TableColumn(label: "acc", expression: "test_acc")],
                             where: RowFilter(["optimizer": [.text("sgd")]]), sort: [SortKey("acc", descending: true)], digits: 3,
                             caption: "Accuracy")
        let block = StepBlock(kind: "table", id: nil, source: "of: s\n", position: "nb.md:9:1", sourceDisplay: .shown,
                              content: .table(spec, upstream: SampleResults.completed(SampleResults.sweep)))
        let out = Self.render(block, label: FigureLabel(kind: .table, number: 2))
        expectSnapshot(out.html + "\n", named: "step-table.html")
        #expect(out.files.map(\.path) == ["table-2.csv"])
    }

    @Test("a table over one seed per row says there is no spread instead of calling its values mean ± std")
    func tableOverOneSeed() {
        let spec = TableSpec(of: "s", columns: [TableColumn("lr"), TableColumn("batch"), TableColumn(label: "acc", expression: "test_acc")],
                             where: RowFilter(["seed": [.number(1)]]))
        let block = StepBlock(kind: "table", id: nil, source: "of: s\n", position: "nb.md:9:1", sourceDisplay: .hidden,
                              content: .table(spec, upstream: SampleResults.completed(SampleResults.sweep)))
        let html = Self.render(block, label: FigureLabel(kind: .table, number: 1)).html
        #expect(html.contains("One seed per row (n = 1): no spread."))
        #expect(!html.contains("Mean ± std"))
        #expect(!html.contains(" ± "))
    }

    @Test("a where: that keeps no row is said on the page and as a warning, not a silent empty chart")
    func emptyWhere() {
        let spec = TableSpec(of: "s", where: RowFilter(["optimizer": [.text("adam")]]))
        let block = StepBlock(kind: "table", id: nil, source: "of: s\n", position: "nb.md:9:1", sourceDisplay: .hidden,
                              content: .table(spec, upstream: SampleResults.completed(SampleResults.sweep)))
        let out = Self.render(block, label: FigureLabel(kind: .table, number: 1))
        let message = "No row of 's' matches where: optimizer: adam (\(SampleResults.sweep.rows.count) rows before the filter)."
        #expect(out.warnings.contains(message))
        #expect(out.html.contains("No row of &#39;s&#39; matches where: optimizer: adam") || out.html.contains("No row of 's' matches where: optimizer: adam"))
        // A filter that keeps rows says nothing.
        let kept = TableSpec(of: "s", where: RowFilter(["optimizer": [.text("sgd")]]))
        let fine = Self.render(StepBlock(kind: "table", id: nil, source: "", position: "nb.md:9:1", sourceDisplay: .hidden,
                                         content: .table(kept, upstream: SampleResults.completed(SampleResults.sweep))),
                               label: FigureLabel(kind: .table, number: 1))
        #expect(fine.warnings.isEmpty)
    }

    @Test("a failed step is an error box with its position and log; dependants are noted as not drawn")
    func failureAndSkip() {
        let failed = StepBlock(kind: "measure", id: "m", source: "of: s\n", position: "nb.md:12:1",
                               content: .compute(.failed(StepFailure(message: "boom <b>", logTail: "line 1\nline 2"))))
        let skipped = StepBlock(kind: "plot", id: nil, source: "of: m\n", position: "nb.md:15:1", sourceDisplay: .hidden,
                                content: .plot(PlotSpec(of: ["m"], x: "a", y: ["b"]), upstream: [.failed(StepFailure(message: "boom"))]))
        let notRun = StepBlock(kind: "train", id: "t", source: "", position: "nb.md:20:1", sourceDisplay: .hidden,
                               content: .compute(.skipped(reason: "step 'm' failed")))
        let html = [failed, skipped, notRun].map { Self.render($0).html }.joined(separator: "\n") + "\n"
        expectSnapshot(html, named: "step-failures.html")
    }

    @Test("a plot over a missing column becomes an error box and a warning, not a crash")
    func plotError() {
        let block = StepBlock(kind: "plot", id: nil, source: "of: s\n", position: "nb.md:30:1", sourceDisplay: .hidden,
                              content: .plot(PlotSpec(of: ["s"], x: "lr", y: ["lamda_max"]), upstream: [SampleResults.completed(SampleResults.sweep)]))
        let out = Self.render(block, label: FigureLabel(kind: .figure, number: 4))
        #expect(out.html.contains("class=\"error-box\""))
        #expect(out.html.contains("did you mean &#39;lambda_max&#39;?") || out.html.contains("did you mean 'lambda_max'?"))
        #expect(out.warnings == ["'y': unknown column 'lamda_max' (the table has 'lr', 'batch', 'seed', 'lambda_max', 'test_acc', 'optimizer', 'diverged'); did you mean 'lambda_max'?"])
        #expect(out.files.isEmpty)
    }

    @Test("a plot fragment is a numbered figure with caption, data table and standalone SVG")
    func plotFigure() {
        let block = StepBlock(kind: "plot", id: "acc", source: "of: s\n", position: "nb.md:40:1",
                              content: .plot(PlotSpec(of: ["s"], x: "batch", y: ["test_acc"], kind: .line, color: "lr",
                                                      scale: AxisScales(x: .log), caption: "Accuracy vs $S$"),
                                             upstream: [SampleResults.completed(SampleResults.sweep)]))
        let out = Self.render(block, label: FigureLabel(kind: .figure, number: 3))
        expectSnapshot(out.html + "\n", named: "step-plot.html")
        #expect(out.files.map(\.path) == ["acc.svg"])
        let svg = String(decoding: out.files[0].bytes, as: UTF8.self)
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("<style>"))
        #expect(out.html.contains("<figure class=\"figure\" id=\"figure-3\">"))
        #expect(out.html.contains("role=\"img\""))
        #expect(out.html.contains("<details class=\"figure-data\">"))
        #expect(out.html.contains("<a href=\"nb/acc.svg\">SVG</a>"))
        #expect(!out.html.contains(">PDF</a>"))
        let withPDF = StepRenderer.render(block, label: FigureLabel(kind: .figure, number: 3), assetDirectory: "nb",
                                          figurePDF: true)
        #expect(withPDF.html.contains("<a href=\"nb/acc.svg\">SVG</a> <a href=\"nb/acc.pdf\">PDF</a>"))
    }
}

@Suite("Report size")
struct ReportSizeTests {
    @Test("a long history stays small: lines decimated, data table thinned, extremes kept")
    func longHistory() {
        // 25 runs × 2000 steps; loss = 1/(1 + step/100) with one spike per run at step 777.
        var t = ResultTable(columns: ["run", "step", "train_loss"])
        for run in 0..<25 {
            for step in 0..<2000 {
                let spike = step == 777 ? 5.0 : 0
                t.append(["run": .text("r\(run)"), "step": .number(Double(step)),
                          "train_loss": .number(1 / (1 + Double(step) / 100) + spike + Double(run) * 0.01)])
            }
        }
        let block = StepBlock(kind: "plot", id: nil, source: "", position: "nb.md:1:1",
                              content: .plot(PlotSpec(of: ["h"], x: "step", y: ["train_loss"], color: "run"),
                                             upstream: [SampleResults.completed(t)]))
        let out = StepRenderer.render(block, label: FigureLabel(kind: .figure, number: 1), assetDirectory: "a")
        #expect(out.html.utf8.count < 400_000, "figure is \(out.html.utf8.count) bytes")
        #expect(out.html.contains("(1 point in "))
        let dataRows = out.html.components(separatedBy: "<details class=\"figure-data\">")[1].components(separatedBy: "<tr>").count - 2
        #expect(dataRows <= FigureRenderer.maximumDataRows + 25)   // + each series' last point
        // The spike (5 + 1/8.77 + …) survives decimation: the y axis reaches at least 5.
        let model = try? ChartBuilder.build(PlotSpec(of: ["h"], x: "step", y: ["train_loss"], color: "run"), table: t)
        #expect(model?.panels[0].series.allSatisfy { s in s.points.contains { $0.x == 777 } } == true)
    }
}
