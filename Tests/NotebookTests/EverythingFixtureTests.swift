import Foundation
import MinimaTestSupport
import Testing
@testable import Notebook

@Suite("The everything fixture")
struct EverythingFixtureTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/everything.md")

    @Test("every step kind parses without a diagnostic, and its outline matches the golden file")
    func outline() throws {
        let text = try String(contentsOf: Self.fixture, encoding: .utf8)
        let (document, diagnostics) = NotebookParser.parse(text, file: "everything.md")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(Set(document.steps.map(\.kind)) == Set(StepKind.allCases))
        try expectSnapshot(document.outline, named: "everything-outline.txt")
    }

    @Test("the fixture's sweep expands runs × grid × zip × scale × seeds")
    func sweepSize() throws {
        let text = try String(contentsOf: Self.fixture, encoding: .utf8)
        let (document, _) = NotebookParser.parse(text, file: "everything.md")
        guard case .sweep(let sweep) = document.step("grid")?.spec, case .train(let base) = document.step("base")?.spec
        else { Issue.record("missing steps"); return }
        // 2 named runs × 2 learning rates × 2 zipped pairs × 2 β × 1 seed.
        #expect(sweep.expand(base: base, defaultSeeds: [9]).count == 2 * 2 * 2 * 2)
    }
}
