import Notebook
import Testing
@testable import Report

@Suite("Rendered blocks kept by a long-lived process")
struct RenderMemoTests {
    static func block(_ value: Double) -> StepBlock {
        var table = ResultTable(columns: ["x", "loss", "seed"])
        table.append(["x": .number(1), "loss": .number(value), "seed": .number(1)])
        return StepBlock(kind: "train", id: "t", source: "lr: 0.1", position: "nb.md:3:1", caption: nil,
                         content: .compute(SampleResults.completed(table, key: "t")))
    }

    static func key(_ block: StepBlock) -> RenderMemo.Key {
        RenderMemo.Key(block: block, label: nil, assetDirectory: "nb", numbering: nil, figurePDF: false)
    }

    @Test("a remembered block is the bytes a fresh render gives; a changed block is drawn anew; off, nothing is kept")
    func remembers() {
        let memo = RenderMemo()
        memo.setEnabled(true)
        var draws = 0
        func render(_ block: StepBlock) -> RenderedStep {
            memo.rendered(Self.key(block)) {
                draws += 1
                return StepRenderer.renderAnew(block, label: nil, assetDirectory: "nb", numbering: nil, figurePDF: false)
            }
        }
        let first = render(Self.block(0.5))
        let again = render(Self.block(0.5))
        #expect(draws == 1)
        #expect(again == first)
        #expect(first == StepRenderer.renderAnew(Self.block(0.5), label: nil, assetDirectory: "nb", numbering: nil, figurePDF: false))
        let changed = render(Self.block(0.25))
        #expect(draws == 2)
        #expect(changed != first)
        memo.setEnabled(false)
        _ = render(Self.block(0.5))
        #expect(draws == 3)
    }
}
