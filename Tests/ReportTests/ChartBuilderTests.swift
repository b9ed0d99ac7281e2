import Foundation
import Notebook
import Testing
@testable import Report

@Suite("Chart building from specs")
struct ChartBuilderTests {
    @Test("a line chart averages seeds: one series per lr with hand-computed means and stds")
    func seedsAveraged() throws {
        let model = try ChartBuilder.build(PlotSpec(of: ["h"], x: "epoch", y: ["train_loss"], color: "lr"),
                                           table: SampleResults.history)
        let series = model.panels[0].series
        // One varying column: bare values in the labels, the column as the legend's title.
        #expect(series.map(\.label) == ["0.05", "0.1", "0.8"])
        #expect(model.legendTitle == "lr")
        // lr = 0.1, epoch 1: 2e^{-0.3} + 0.02·{1,2,3} → mean 2e^{-0.3} + 0.04, std 0.02 (sample)
        let p = series[1].points[0]
        #expect(p.x == 1)
        #expect(abs(p.y - (2 * exp(-0.3) + 0.04)) < 1e-12)
        #expect(abs(p.spread! - 0.02) < 1e-12)
        #expect(series[2].points.contains { $0.diverged })
        #expect(!series[0].points.contains { $0.diverged })
        #expect(model.legend.contains { $0.label == "diverged: 0.8" })
        #expect(model.legend.contains { $0.label == "mean ± 1 std, n = 3 seeds" })
    }

    @Test("a derived x, a filter and a numeric colour with few values give a legend per value")
    func derivedAndFiltered() throws {
        let spec = PlotSpec(of: ["s"], x: "lr/batch", y: ["lambda_max"], color: "batch",
                            where: RowFilter(["optimizer": [.text("sgd")]]), scale: AxisScales(x: .log, y: .log))
        let model = try ChartBuilder.build(spec, table: SampleResults.sweep)
        let points = model.panels[0].series.flatMap(\.points)
        #expect(points.count == 6)   // 3 lr × 2 sgd batches, seeds averaged
        let ratios: [Double] = [0.01 / 32, 0.03 / 32, 0.1 / 32, 0.01 / 128, 0.03 / 128, 0.1 / 128]
        #expect(Set(points.map(\.x)) == Set(ratios))
        #expect(model.colorBar == nil)   // 2 distinct batches ≤ 8: qualitative colours and a legend
        #expect(model.legend.map(\.label).prefix(2) == ["32", "128"])
        #expect(model.legendTitle == "batch")
        #expect(model.panels[0].series.map(\.color) == [.category(0), .category(1)])
    }

    @Test("a numeric colour with many values gets a log colour bar when it spans decades")
    func colorBar() throws {
        let spec = PlotSpec(of: ["s"], x: "lr", y: ["lambda_max"], color: "lr/batch")
        let model = try ChartBuilder.build(spec, table: SampleResults.sweep)
        #expect(model.colorBar?.label == "lr/batch")
        #expect(model.colorBar?.ticks.isLog == true)   // (0.1/32) / (0.01/512) = 160 ≥ 20
        #expect(!model.legend.contains { $0.label.hasPrefix("lr/batch=") })
    }

    @Test("unknown columns and bad expressions name the key and suggest")
    func errors() {
        let table = SampleResults.sweep
        let unknown = #expect(throws: FigureError.self) {
            _ = try ChartBuilder.build(PlotSpec(of: ["s"], x: "lr/bach", y: ["lambda_max"]), table: table)
        }
        #expect(unknown?.key == "x")
        #expect(unknown?.message.contains("did you mean 'batch'?") == true)
        let syntax = #expect(throws: FigureError.self) {
            _ = try ChartBuilder.build(PlotSpec(of: ["s"], x: "lr", y: ["lambda_max *"]), table: table)
        }
        #expect(syntax?.key == "y" && syntax?.offset == 12)
        let reference = #expect(throws: FigureError.self) {
            _ = try ChartBuilder.build(PlotSpec(of: ["s"], x: "lr", y: ["lambda_max"], reference: [ReferenceLine(y: "lr*2")]), table: table)
        }
        #expect(reference?.key == "reference")
    }

    @Test("decimation keeps each bucket's extremes and the ends")
    func decimation() {
        let points = (0..<3000).map { ChartPoint(x: Double($0), y: sin(Double($0) / 50) + ($0 == 1234 ? 10 : 0)) }
        let kept = ChartBuilder.decimate(points, limit: 600)
        #expect(kept.count <= 600)
        #expect(kept.first?.x == 0 && kept.last?.x == 2999)
        #expect(kept.contains { $0.x == 1234 })   // the spike survives
        #expect(kept.map(\.y).min() == points.map(\.y).min())
    }
}
