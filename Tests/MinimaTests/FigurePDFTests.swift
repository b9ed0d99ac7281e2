import Foundation
import Notebook
import Runner
import Testing
@testable import MinimaRender

/// Figures as PDF beside their SVG, through the real `rsvg-convert` (`make test` installs it).
@Suite("Figure PDFs")
struct FigurePDFTests {
    static var converter: FigurePDF? { FigurePDF.find() }

    static func outcomes(cache: URL) async -> (NotebookDocument, [String: StepOutcome]) {
        let (document, diagnostics) = NotebookParser.parse(RenderTests.tiny, file: "tiny.md")
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let outcomes = await NotebookRun(document: document, store: ResultStore(directory: cache))
            .run(executor: LocalExecutor(jobs: 1), progress: Progress(quiet: true))
        return (document, outcomes)
    }

    static func write(_ document: NotebookDocument, _ outcomes: [String: StepOutcome], to output: URL,
                      converter: FigurePDF?) throws -> (html: String, warnings: [String], folder: URL) {
        var writer = ReportWriter(document: document, outcomes: outcomes, output: output)
        writer.figurePDF = converter
        let (page, warnings, _) = try writer.write()
        return (try String(contentsOf: page, encoding: .utf8), warnings, page.deletingPathExtension())
    }

    @Test("each figure is also a PDF named by its plot's id, linked beside its SVG; the same SVG gives the same bytes")
    func writesPDF() async throws {
        guard let converter = Self.converter else {
            #expect(ProcessInfo.processInfo.environment["MINIMA_REQUIRE_DATA"] != "1", "rsvg-convert is not installed")
            return
        }
        let cache = RenderTests.temporary("pdf-cache"), a = RenderTests.temporary("pdf-a"), b = RenderTests.temporary("pdf-b")
        defer { for u in [cache, a, b] { try? FileManager.default.removeItem(at: u) } }
        let (document, outcomes) = await Self.outcomes(cache: cache)
        let first = try Self.write(document, outcomes, to: a, converter: converter)
        #expect(first.warnings.isEmpty, "\(first.warnings)")
        let pdf = try Data(contentsOf: first.folder.appendingPathComponent("acc.pdf"))
        #expect(pdf.starts(with: Data("%PDF-".utf8)))
        #expect(FileManager.default.fileExists(atPath: first.folder.appendingPathComponent("acc.svg").path))
        #expect(!FileManager.default.fileExists(atPath: first.folder.appendingPathComponent("fig-1.svg").path))
        #expect(first.html.contains("<a href=\"tiny/acc.svg\">SVG</a> <a href=\"tiny/acc.pdf\">PDF</a>"))
        #expect(first.html.contains("id=\"figure-1\""))   // numbering on the page unchanged
        let manifest = try String(contentsOf: first.folder.appendingPathComponent(".minima-manifest"), encoding: .utf8)
        #expect(manifest.contains("\"acc.pdf\""))
        // A fresh conversion elsewhere (no earlier PDF to keep) gives the same bytes: no date inside.
        let second = try Self.write(document, outcomes, to: b, converter: converter)
        #expect(try Data(contentsOf: second.folder.appendingPathComponent("acc.pdf")) == pdf)
    }

    @Test("a re-render keeps the PDF of an unchanged SVG without converting it again")
    func keepsUnchangedPDF() async throws {
        guard let converter = Self.converter else { return }
        let cache = RenderTests.temporary("keep-cache"), out = RenderTests.temporary("keep-out")
        let failing = RenderTests.temporary("keep-fail")
        defer { for u in [cache, out, failing] { try? FileManager.default.removeItem(at: u) } }
        try Data("#!/bin/sh\nexit 3\n".utf8).write(to: failing)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: failing.path)
        let (document, outcomes) = await Self.outcomes(cache: cache)
        let first = try Self.write(document, outcomes, to: out, converter: converter)
        let pdf = try Data(contentsOf: first.folder.appendingPathComponent("acc.pdf"))
        #expect(converter.identity.hasPrefix("rsvg-convert version "))
        // A converter that always fails (standing in for the same one): the re-render must not need it.
        let again = try Self.write(document, outcomes, to: out, converter: FigurePDF(executable: failing, identity: converter.identity))
        #expect(again.warnings.isEmpty, "\(again.warnings)")
        #expect(try Data(contentsOf: again.folder.appendingPathComponent("acc.pdf")) == pdf)
        // Another converter (or conversion) does not reuse what the first one made.
        let other = try Self.write(document, outcomes, to: out, converter: FigurePDF(executable: failing, identity: "other"))
        #expect(other.warnings.contains { $0.contains("acc.pdf was not written") }, "\(other.warnings)")
        _ = try Self.write(document, outcomes, to: out, converter: converter)   // back to real PDFs
        // A changed SVG (another caption changes its title) is converted again: the failing
        // converter now shows up as a warning, and no stale PDF is left.
        let changed = RenderTests.tiny.replacingOccurrences(of: "caption: Accuracy per epoch.", with: "caption: Changed.")
        let (document2, _) = NotebookParser.parse(changed, file: "tiny.md")
        let third = try Self.write(document2, outcomes, to: out, converter: FigurePDF(executable: failing, identity: converter.identity))
        #expect(third.warnings.contains { $0.contains("acc.pdf was not written: rsvg-convert exited with status 3") }, "\(third.warnings)")
        #expect(!FileManager.default.fileExists(atPath: third.folder.appendingPathComponent("acc.pdf").path))
    }

    @Test("without rsvg-convert the page is still written, with a warning and no PDF link")
    func missingConverter() async throws {
        let cache = RenderTests.temporary("none-cache"), out = RenderTests.temporary("none-out")
        defer { for u in [cache, out] { try? FileManager.default.removeItem(at: u) } }
        let (document, outcomes) = await Self.outcomes(cache: cache)
        let written = try Self.write(document, outcomes, to: out, converter: nil)
        #expect(written.warnings.contains { $0.contains("figure PDFs were not written: 'rsvg-convert' was not found") })
        #expect(!written.html.contains(">PDF</a>"))
        #expect(FileManager.default.fileExists(atPath: written.folder.appendingPathComponent("acc.svg").path))
        #expect(!FileManager.default.fileExists(atPath: written.folder.appendingPathComponent("acc.pdf").path))
        #expect(FigurePDF.find(environment: ["PATH": "/nonexistent"]) == nil)
    }
}

@Suite("Printable SVG")
struct PrintableSVGTests {
    @Test("CSS variables become the light theme's values and the dark theme is dropped (rsvg-convert has no var())")
    func resolvesVariables() {
        let svg = """
            <svg><style>
            :root {
              --fg: #1b1b1b;
              --series-0: #0072b2;
            }
            @media (prefers-color-scheme: dark) {
            :root {
              --fg: #e8e8e8;
            }
            }
            svg.chart text { fill: var(--fg); font-family: var(--font, sans-serif); }
            </style><path style="stroke: var(--series-0)"/><text fill="var(--unknown)">x</text></svg>
            """
        let printable = PrintableSVG.resolved(svg)
        #expect(!printable.contains("var("), "\(printable)")
        #expect(!printable.contains("prefers-color-scheme") && !printable.contains("#e8e8e8"))
        #expect(printable.contains("svg.chart text { fill: #1b1b1b; font-family: sans-serif; }"))
        #expect(printable.contains("<path style=\"stroke: #0072b2\"/>"))
        #expect(printable.contains("<text fill=\"currentColor\">x</text>"))
    }
}
