import MinimaTestSupport
import Notebook
import Testing
@testable import Report

@Suite("Chart golden files")
struct ChartSnapshotTests {
    static func svg(_ spec: PlotSpec, _ table: ResultTable, standalone: Bool = false) throws -> String {
        let model = try ChartBuilder.build(spec, table: table)
        return ChartRenderer.svg(model, idPrefix: "figure-1", title: "Figure 1. test", standalone: standalone).render() + "\n"
    }

    @Test("a line chart with mean ± std bands over seeds and a diverged run")
    func lineWithBands() throws {
        let spec = PlotSpec(of: ["h"], x: "epoch", y: ["train_loss"], color: "lr", scale: AxisScales(y: .log),
                            y2: nil, caption: "Loss per epoch")
        expectSnapshot(try Self.svg(spec, SampleResults.history), named: "line-bands.svg")
    }

    @Test("a log-log scatter coloured by a numeric column, with marker shapes and a y = x reference")
    func scatterLogLog() throws {
        let spec = PlotSpec(of: ["s"], x: "lr/batch", y: ["lambda_max"], color: "lr/batch", marker: "optimizer",
                            scale: AxisScales(x: .log, y: .log),
                            reference: [ReferenceLine(y: "1e4*x", label: "∝ η/S"), ReferenceLine(x: 1e-3, label: "break")])
        expectSnapshot(try Self.svg(spec, SampleResults.sweep), named: "scatter-loglog.svg")
    }

    @Test("small multiples share axes, with a secondary axis and a theory column")
    func facetsAndSecondary() throws {
        let spec = PlotSpec(of: ["i"], x: "alpha", y: ["train_loss"], facet: "pair", y2: "test_loss",
                            reference: [ReferenceLine(column: "theory", label: "quadratic fit")],
                            annotate: [Annotation(x: 0.5, y: 0.1, text: "minimum")], title: "Interpolation")
        expectSnapshot(try Self.svg(spec, SampleResults.interpolation), named: "facets-y2.svg")
    }

    @Test("several theory columns get their own dash patterns and colours, per facet")
    func theoryColumns() throws {
        // measured = 0.01·β/(2 − 0.2β) per sampling; predictions: flat OU, discrete, discrete × 0.9.
        var t = ResultTable(columns: ["sampling", "beta", "measured", "ou", "discrete", "exact"])
        for sampling in ["iid", "epoch"] {
            for beta in [0.5, 1, 2, 4, 8] {
                let discrete = 0.01 / (2 - 0.2 * beta) * 2
                let factor = sampling == "iid" ? 1.0 : 0.9
                t.append(["sampling": .text(sampling), "beta": .number(beta), "measured": .number(discrete * factor * 1.02),
                          "ou": .number(0.01), "discrete": .number(discrete), "exact": .number(discrete * factor)])
            }
        }
        let spec = PlotSpec(of: ["b"], x: "beta", y: ["measured"], kind: .scatter, facet: "sampling", scale: AxisScales(x: .log),
                            reference: [ReferenceLine(column: "ou", label: "OU"), ReferenceLine(column: "discrete", label: "discrete time"),
                                        ReferenceLine(column: "exact", label: "discrete × finite N")])
        expectSnapshot(try Self.svg(spec, t, standalone: true), named: "theory-columns.svg")
    }

    @Test("a standalone scatter with a colour bar and error bars renders on its own")
    func standaloneColorBar() throws {
        let spec = PlotSpec(of: ["s"], x: "batch", y: ["lambda_max"], color: "lr/batch", scale: AxisScales(x: .log, y: .log),
                            caption: "c")
        expectSnapshot(try Self.svg(spec, SampleResults.sweep, standalone: true), named: "standalone-colorbar.svg")
    }

    @Test("a standalone SVG carries its own themed style sheet")
    func standalone() throws {
        let spec = PlotSpec(of: ["s"], x: "batch", y: ["test_acc"], kind: .scatter, color: "optimizer")
        expectSnapshot(try Self.svg(spec, SampleResults.sweep, standalone: true), named: "standalone-categorical.svg")
    }
}
