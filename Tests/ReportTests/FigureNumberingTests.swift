import Testing
@testable import Report

@Suite("Figure and table numbering")
struct FigureNumberingTests {
    @Test("plots and tables are numbered separately in document order and found by id")
    func numbering() {
        let n = FigureNumbering(steps: [("train", "base"), ("plot", "loss"), ("table", nil), ("plot", nil), ("table", "final")])
        #expect(n.label(at: 0) == nil)
        #expect(n.label(at: 1) == FigureLabel(kind: .figure, number: 1))
        #expect(n.label(at: 3)?.text == "Figure 2")
        #expect(n.label(forID: "final")?.text == "Table 2")
        #expect(n.label(forID: "final")?.anchor == "table-2")
        #expect(n.label(forID: "base") == nil)
        #expect(n.label(at: 99) == nil)
    }
}
