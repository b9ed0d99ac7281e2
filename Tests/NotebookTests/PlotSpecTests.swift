import Foundation
import Testing
import Yams
@testable import Notebook

@Suite("Plot specs")
struct PlotSpecTests {
    @Test("a minimal plot spec takes the documented defaults")
    func defaults() throws {
        let spec = try JSONDecoder().decode(PlotSpec.self, from: Data(#"{"of": "s", "x": "epoch", "y": "loss"}"#.utf8))
        #expect(spec == PlotSpec(of: ["s"], x: "epoch", y: ["loss"]))
        #expect(spec.over == "seed")
        #expect(spec.scale == AxisScales(x: .linear, y: .linear))
        #expect(spec.width == 640)
        #expect(spec.resolvedKind == .line)
        #expect(PlotSpec(of: ["s"], x: "lr/batch", y: ["l"]).resolvedKind == .scatter)
        #expect(PlotSpec(of: ["s"], x: "epoch", y: ["l"], kind: .scatter).resolvedKind == .scatter)
    }

    @Test("every key decodes from YAML, with one-or-many values and numeric expressions")
    func fullYAML() throws {
        let yaml = """
            of: sharp
            x: lr/batch
            y: [lambda_max, trace]
            kind: scatter
            color: batch
            marker: optimizer
            facet: dataset
            over: run
            group_by: [lr, batch]
            where: {batch: [32, 64], optimizer: sgd}
            scale: {x: log, y: log}
            y2: test_acc
            reference:
              - {y: x, label: y = x}
              - {y: 0.5}
              - {x: 0.01, label: break}
              - {column: theory}
            annotate: [{x: 1, y: 2, text: here}]
            x_label: η/S
            y_label: λ
            y2_label: accuracy
            title: T
            caption: C
            width: 500
            height: 300
            """
        let spec = try YAMLDecoder().decode(PlotSpec.self, from: yaml)
        #expect(spec.y == ["lambda_max", "trace"])
        #expect(spec.groupBy == ["lr", "batch"])
        #expect(spec.where.conditions == ["batch": [.number(32), .number(64)], "optimizer": [.text("sgd")]])
        #expect(spec.scale == AxisScales(x: .log, y: .log))
        #expect(spec.reference == [ReferenceLine(y: "x", label: "y = x"), ReferenceLine(y: "0.5"),
                                   ReferenceLine(x: 0.01, label: "break"), ReferenceLine(column: "theory")])
        #expect(spec.annotate == [Annotation(x: 1, y: 2, text: "here")])
        #expect(spec.xLabel == "η/S" && spec.yLabel == "λ" && spec.y2Label == "accuracy")
        #expect(spec.width == 500 && spec.height == 300 && spec.over == "run" && spec.facet == "dataset")
        #expect(spec.kind == .scatter && spec.color == "batch" && spec.marker == "optimizer" && spec.y2 == "test_acc")
    }

    @Test("a reference with none or two of y, x, column is rejected")
    func referenceNeedsOneForm() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReferenceLine.self, from: Data(#"{"label": "l"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReferenceLine.self, from: Data(#"{"x": 1, "y": "x"}"#.utf8)) }
    }

    @Test("band, label and limits decode; a label template's placeholders are checked expressions")
    func presentationKeys() throws {
        let spec = try JSONDecoder().decode(PlotSpec.self, from: Data(#"{"of": "s", "x": "lr", "y": "acc", "band": "ci95", "label": "η={lr}, S={batch*2}", "limits": {"y": [0.7, 0.9]}}"#.utf8))
        #expect(spec.band == .ci95)
        #expect(spec.limits == AxisLimits(y: [0.7, 0.9]))
        #expect(spec.expressionKeys.filter { $0.key == "label" }.map(\.text) == ["lr", "batch*2"])
        #expect(LabelTemplate.pieces(of: "η={lr}!") == [.text("η="), .placeholder("lr"), .text("!")])
        #expect(LabelTemplate.problem(in: "S={}") != nil && LabelTemplate.problem(in: "S=}") != nil)
        #expect(PlotSpec(of: ["s"], x: "a", y: ["b"], label: "{a", limits: AxisLimits(y: [0, 1]), scale: AxisScales(y: .log))
                    .presentationProblems.map(\.key) == ["label", "limits"])
    }

    @Test("the coding keys are the documented snake_case names")
    func keyNames() {
        #expect(PlotSpec.CodingKeys.allCases.map(\.stringValue).sorted() == [
            "annotate", "band", "caption", "color", "facet", "group_by", "height", "kind", "label", "limits",
            "marker", "of", "over", "reference", "scale", "title", "where", "width", "x", "x_label", "y", "y2",
            "y2_label", "y_label",
        ])
    }

    @Test("expression keys list every expression with its key, for checking before a run")
    func expressionKeys() {
        let spec = PlotSpec(of: ["s"], x: "lr/batch", y: ["a", "b*2"], color: "batch", y2: "c",
                            reference: [ReferenceLine(y: "x"), ReferenceLine(x: 1), ReferenceLine(column: "theory")])
        #expect(spec.expressionKeys.map { "\($0.key)=\($0.text)" } == [
            "x=lr/batch", "y=a", "y=b*2", "y2=c", "color=batch", "reference=x", "reference=theory",
        ])
        let table = TableSpec(of: "s", columns: [TableColumn("lr"), TableColumn(label: "r", expression: "lr/batch")])
        #expect(table.expressionKeys.map(\.text) == ["lr", "lr/batch"])
    }

    @Test("a spec survives an encode/decode round trip")
    func roundTrip() throws {
        let spec = PlotSpec(of: ["a"], x: "epoch", y: ["l1", "l2"], color: "lr",
                            where: RowFilter(["batch": [.number(32)]]), scale: AxisScales(y: .log),
                            reference: [ReferenceLine(y: "x")], caption: "c")
        let data = try JSONEncoder().encode(spec)
        #expect(try JSONDecoder().decode(PlotSpec.self, from: data) == spec)
    }
}
