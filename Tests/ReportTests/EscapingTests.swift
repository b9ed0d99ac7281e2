import Notebook
import Testing
@testable import Report

@Suite("Hostile notebook strings")
struct EscapingTests {
    static let evil = "\"><script>alert(1)</script><img src=x onerror=alert(2)>'"

    @Test("ids, captions, info strings, cell values, labels and errors never become markup")
    func hostileEverywhere() {
        var table = ResultTable(columns: ["x", Self.evil, "seed"])
        table.append(["x": .number(1), Self.evil: .number(2), "seed": .number(1)])
        table.append(["x": .number(2), Self.evil: .text(Self.evil), "seed": .number(1)])
        let outcome = SampleResults.completed(table, key: Self.evil, notes: [Self.evil])
        let blocks = [
            StepBlock(kind: "train", id: Self.evil, source: Self.evil, position: Self.evil, caption: Self.evil, content: .compute(outcome)),
            StepBlock(kind: "plot", id: Self.evil, source: Self.evil, position: Self.evil,
                      content: .plot(PlotSpec(of: [Self.evil], x: "x", y: ["x"], color: Self.evil,
                                              reference: [ReferenceLine(x: 1, label: Self.evil)], annotate: [Annotation(x: 1, y: 1, text: Self.evil)],
                                              xLabel: Self.evil, yLabel: Self.evil, title: Self.evil, caption: Self.evil),
                                     upstream: [outcome])),
            StepBlock(kind: "table", id: Self.evil, source: Self.evil, position: Self.evil,
                      content: .table(TableSpec(of: Self.evil, caption: Self.evil), upstream: outcome)),
            StepBlock(kind: "plot", id: nil, source: "", position: Self.evil,
                      content: .plot(PlotSpec(of: ["a"], x: Self.evil, y: ["x"]), upstream: [outcome])),
            StepBlock(kind: "measure", id: Self.evil, source: "", position: Self.evil,
                      content: .compute(.failed(StepFailure(message: Self.evil, logTail: Self.evil)))),
        ]
        var html = ""
        for (i, block) in blocks.enumerated() {
            html += StepRenderer.render(block, label: FigureLabel(kind: .figure, number: i + 1), assetDirectory: Self.evil).html
        }
        let page = ReportPage(metadata: .init(title: Self.evil, author: Self.evil, date: Self.evil),
                              toc: [.init(level: 2, text: Self.evil, anchor: Self.evil)], body: html,
                              provenance: PageProvenance(minimaVersion: Self.evil, notebookDigest: Self.evil, dataDigests: [Self.evil: Self.evil],
                                                         steps: [.init(id: Self.evil, kind: Self.evil, provenance: SampleResults.provenance(Self.evil, seconds: 1))]))
            .render()
        #expect(!page.contains("<script>"))
        #expect(!page.contains("<img"))
        #expect(!page.contains("onerror=alert(2)>"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }
}
