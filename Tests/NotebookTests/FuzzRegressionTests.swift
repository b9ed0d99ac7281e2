import Foundation
import Testing
@testable import Notebook

/// Inputs found by the libFuzzer target (Sources/MinimaFuzz, `make fuzz`): each once crashed
/// the front end and must now come back as diagnostics.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// Parses `text`, then does what the fuzzer does with the result: expands every step's
    /// runs or settings and renders the prose.
    static func parseAndPlan(_ text: String) -> (NotebookDocument, [Diagnostic]) {
        let (document, diagnostics) = NotebookParser.parse(text, file: "fuzz.md")
        for step in document.steps {
            switch step.spec {
            case .simulate(let s): _ = s.points
            case .train(let t): _ = t.expand(defaultSeeds: document.frontMatter.seeds)
            case .interpolate(let i): _ = i.alpha.values
            default: break
            }
        }
        let hooks = BodyHooks(fragments: [:], math: { tex, _ in "<math>\(tex.count)</math>" }, reference: { _ in nil })
        _ = document.renderBody(hooks: hooks)
        return (document, diagnostics)
    }

    @Test("a simulate scale whose batch·β overflows an Int is a diagnostic, not a trap in 'points'")
    func simulateScaleOverflow() throws {
        // Found from the seed corpus: Int((1e300 · 1e300).rounded()) trapped in SimulateSpec.points.
        let text = "# T\n\n```simulate d\nscale: {beta: [1e300, -1e300], batch: 1e300}\nn: [10]\n```\n"
        let (document, diagnostics) = Self.parseAndPlan(text)
        #expect(document.step("d") == nil)
        let first = try #require(diagnostics.first)
        #expect(first.severity == .error)
        #expect(first.message.contains("'scale' gives a batch size out of range for β = 1e+300"), "\(first)")
        #expect(first.position.line >= 3 && first.position.line <= 5, "\(first)")
    }

    @Test("an infinite β is rejected the same way (NaN is already refused as a number)")
    func simulateScaleNonFinite() {
        for beta in [".inf", "-.inf"] {
            let text = "```simulate d\nscale: {beta: [\(beta)], batch: 2}\n```\n"
            let (document, diagnostics) = Self.parseAndPlan(text)
            #expect(document.step("d") == nil)
            #expect(diagnostics.contains { $0.message.hasPrefix("'scale' gives a batch size out of range") }, "\(beta): \(diagnostics)")
        }
    }

    @Test("an in-range simulate scale still gives batch = round(batch·β) and lr = lr·β")
    func simulateScaleInRange() throws {
        let text = "```simulate d\nscale: {beta: [1, 2.5, 1e6], lr: 0.01, batch: 2}\n```\n"
        let (document, diagnostics) = Self.parseAndPlan(text)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        guard case .simulate(let spec) = try #require(document.step("d")).spec else { Issue.record("not a simulate step"); return }
        #expect(spec.points.map(\.batch) == [2, 5, 2_000_000])
        for (point, expected) in zip(spec.points, [0.01, 0.025, 10_000]) {
            #expect(abs(point.lr - expected) <= 1e-12 * expected, "\(point.lr)")
        }
    }

    @Test("a train batch too large for an Int is a diagnostic, not a trap when the run starts")
    func trainBatchOverflow() throws {
        // `batch: 1e300` passed validation, then Schedule.integerValue trapped in `minima render`.
        for (batch, accepted) in [("1e300", false), ("{cyclic: [32, 1e19], phase: 1}", false), ("1e9", true)] {
            let text = "```dataset d\nsource: blobs\n```\n\n```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: \(batch)\nepochs: 1\n```\n"
            let (document, diagnostics) = Self.parseAndPlan(text)
            #expect((document.step("t") != nil) == accepted, "\(batch): \(diagnostics)")
            #expect(diagnostics.contains { $0.message.hasPrefix("'batch' must be whole numbers of at least 1") } != accepted,
                    "\(batch): \(diagnostics)")
        }
    }

    @Test("every seed of the fuzz corpus parses and renders; every bad-*.md seed has an error")
    func seedCorpus() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/fuzz-corpus").standardized
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count >= 20)
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            // As in the fuzzer: bytes after the first NUL are -P overrides, not notebook text.
            let text = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
            let (_, diagnostics) = Self.parseAndPlan(text)
            if name.hasPrefix("bad-") { #expect(diagnostics.hasErrors, "\(name)") }
        }
    }
}
