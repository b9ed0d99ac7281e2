import MinimaTestSupport
import Notebook
import Testing
@testable import Report

/// Charts over several steps (`of: [a, b]`): the rows are stacked with a `source` column that
/// tells the steps apart when nothing else does.
@Suite("Charts over several steps")
struct PlotSourcesChartTests {
    /// A measured step: β ∈ {1, 2, 4, 8} × seeds {1, 2, 3}, value = 0.1·β/(2 − 0.2·β) · (1 + 0.01·seed).
    static var measured: ResultTable {
        var t = ResultTable(columns: ["beta", "seed", "value"])
        for beta in [1.0, 2, 4, 8] {
            for seed in 1...3 {
                t.append(["beta": .number(beta), "seed": .number(Double(seed)),
                          "value": .number(0.1 * beta / (2 - 0.2 * beta) * (1 + 0.01 * Double(seed)))])
            }
        }
        return t
    }

    /// A prediction step over the same β, without seeds: value = 0.05·β, and a `model` column.
    static var predicted: ResultTable {
        var t = ResultTable(columns: ["beta", "value", "model"])
        for beta in [1.0, 2, 4, 8] { t.append(["beta": .number(beta), "value": .number(0.05 * beta), "model": .text("OU")]) }
        return t
    }

    static var stacked: ResultTable {
        ResultTable.stacked([(source: "sim", table: measured), (source: "theory", table: predicted)], sourceColumn: "source")
    }

    @Test("stacking keeps row order, adds the source first and leaves missing cells where a step lacks a column")
    func stacking() {
        let t = Self.stacked
        #expect(t.columns == ["source", "beta", "seed", "value", "model"])
        #expect(t.rows.count == 16)
        #expect(t.rows[0][0] == .text("sim") && t.rows[12][0] == .text("theory"))
        #expect(t.rows[12][2] == .missing && t.rows[0][4] == .missing)
    }

    @Test("two steps in one line chart: the measured mean ± band and the prediction, told apart by source (golden SVG)")
    func twoSourcesGolden() throws {
        let spec = PlotSpec(of: ["sim", "theory"], x: "beta", y: ["value"], kind: .line)
        let model = try ChartBuilder.build(spec, table: Self.stacked)
        let labels = model.panels.flatMap(\.series).filter { !$0.isReference }.map(\.label)
        #expect(labels.count == 2 && labels[0].contains("sim") && labels[1].contains("theory"), "\(labels)")
        expectSnapshot(ChartRenderer.svg(model, idPrefix: "figure-1", title: "Figure 1. test", standalone: false).render() + "\n",
                       named: "two-sources.svg")
    }

    @Test("rows of different steps are never averaged together, even when every other key agrees")
    func neverAveragedTogether() throws {
        var copy = Self.measured
        copy.rows = copy.rows.map { row in [row[0], row[1], .number(row[2].number! * 2)] }
        let table = ResultTable.stacked([(source: "a", table: Self.measured), (source: "b", table: copy)], sourceColumn: "source")
        let model = try ChartBuilder.build(PlotSpec(of: ["a", "b"], x: "beta", y: ["value"], kind: .line), table: table)
        let series = model.panels.flatMap(\.series).filter { !$0.isReference }
        #expect(series.count == 2, "\(series.map(\.label))")
        let ys = series.map { $0.points.first?.y ?? 0 }
        #expect(ys.count == 2 && abs(ys[1] / ys[0] - 2) < 1e-9, "\(ys)")
    }

    @Test("when another column already tells the steps apart, the legend does not repeat the source")
    func otherColumnTellsApart() throws {
        var a = ResultTable(columns: ["beta", "value", "model"]), b = a
        for beta in [1.0, 2] {
            a.append(["beta": .number(beta), "value": .number(beta), "model": .text("measured")])
            b.append(["beta": .number(beta), "value": .number(2 * beta), "model": .text("OU")])
        }
        let table = ResultTable.stacked([(source: "sim", table: a), (source: "theory", table: b)], sourceColumn: "source")
        let model = try ChartBuilder.build(PlotSpec(of: ["sim", "theory"], x: "beta", y: ["value"], kind: .line, color: "model"),
                                           table: table)
        let labels = model.panels.flatMap(\.series).map(\.label)
        #expect(labels.count == 2 && !labels.contains { $0.contains("sim") || $0.contains("theory") }, "\(labels)")
    }

    @Test("a column only one step has, with several values, labels that step's series; the other's label omits it")
    func columnOneStepLacks() throws {
        var a = ResultTable(columns: ["beta", "value", "sampling"]), b = ResultTable(columns: ["beta", "value"])
        for beta in [1.0, 2] {
            for sampling in ["iid", "reshuffle"] { a.append(["beta": .number(beta), "value": .number(beta), "sampling": .text(sampling)]) }
            b.append(["beta": .number(beta), "value": .number(2 * beta)])
        }
        let table = ResultTable.stacked([(source: "sim", table: a), (source: "theory", table: b)], sourceColumn: "source")
        let model = try ChartBuilder.build(PlotSpec(of: ["sim", "theory"], x: "beta", y: ["value"], kind: .line), table: table)
        #expect(model.panels.flatMap(\.series).map(\.label) == ["sim, iid", "sim, reshuffle", "theory"])
    }

    @Test("a scatter over two steps splits by source without a colour column")
    func scatterSplitsBySource() throws {
        let model = try ChartBuilder.build(PlotSpec(of: ["sim", "theory"], x: "beta", y: ["value"], kind: .scatter), table: Self.stacked)
        #expect(model.panels.flatMap(\.series).filter { !$0.isReference }.count == 2)
    }

    @Test("the step fragment stacks its upstream outcomes, and notes a source that has not run")
    func fragment() {
        let spec = PlotSpec(of: ["sim", "theory"], x: "beta", y: ["value"], kind: .line)
        let block = StepBlock(kind: "plot", id: "f0", source: "of: [sim, theory]", position: "nb.md:3:1",
                              content: .plot(spec, upstream: [SampleResults.completed(Self.measured), SampleResults.completed(Self.predicted)]))
        let rendered = StepRenderer.render(block, label: FigureLabel(kind: .figure, number: 1), assetDirectory: "nb")
        #expect(rendered.warnings.isEmpty, "\(rendered.warnings)")
        #expect(rendered.html.contains("<td>sim") && rendered.html.contains("<td>theory"), "the data table names each row's source")
        #expect(rendered.files.map(\.path) == ["f0.svg"])
        let missing = StepBlock(kind: "plot", id: "f0", source: "", position: "nb.md:3:1",
                                content: .plot(spec, upstream: [SampleResults.completed(Self.measured), nil]))
        let html = StepRenderer.render(missing, label: FigureLabel(kind: .figure, number: 1), assetDirectory: "nb").html
        #expect(html.contains("Not drawn: step &#39;theory&#39; has not been run.") || html.contains("Not drawn: step 'theory' has not been run."), "\(html)")
        #expect(!html.contains("<svg"))
    }
}
