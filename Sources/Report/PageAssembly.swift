import Foundation
import Notebook
import Synchronization

/// Assembles a notebook's report page from its results: each step's block (numbered figures
/// and tables, summaries, error boxes), the prose with math, cross-references, citations and
/// computed values, the claims list, the References section and the provenance. Pure: it
/// touches no file; `MinimaRender.ReportWriter` writes what it returns.
///
/// Positions on the page name the notebook by its file name only (`nb.md:12:1`), so the page
/// shows no path of the machine it was rendered on.
public struct PageAssembly: Sendable {
    /// Facts about the render the page states but cannot know itself.
    public struct Context: Hashable, Sendable {
        /// The folder beside the page that holds the figure and data files, relative to the
        /// page (the notebook's base name, e.g. `three-factors`).
        public var assetDirectory: String
        /// Minima's version, e.g. "0.4.0".
        public var version: String
        /// SHA-256 (hex) of the notebook text, for the provenance.
        public var notebookDigest: String
        /// Whether each figure's PDF is written beside its SVG (captions then link it).
        public var figurePDF: Bool

        public init(assetDirectory: String, version: String, notebookDigest: String, figurePDF: Bool = false) {
            self.assetDirectory = assetDirectory
            self.version = version
            self.notebookDigest = notebookDigest
            self.figurePDF = figurePDF
        }
    }

    /// The page and what goes beside it.
    public struct Assembled: Sendable {
        /// The whole HTML document.
        public var html: String
        /// The files of `OUTPUT/NAME/`: figures' SVGs, tables' and steps' CSV and JSON (PDFs
        /// are converted from the SVGs by the writer).
        public var files: [OutputFile]
        /// Warnings for the terminal, `file:line:col: warning: …`.
        public var warnings: [String]
        /// `file:line:col: error: …` for each claim of the prose that failed or could not be
        /// decided (the render then exits 1).
        public var claimFailures: [String]
    }

    public let document: NotebookDocument
    public let outcomes: [String: StepOutcome]
    public let context: Context

    public init(document: NotebookDocument, outcomes: [String: StepOutcome], context: Context) {
        self.document = document
        self.outcomes = outcomes
        self.context = context
    }

    public func assemble() -> Assembled {
        let steps = document.steps
        let numbering = FigureNumbering(steps: steps.map { ($0.kind.rawValue, $0.hasExplicitID ? $0.id : nil) })
        var fragments: [Int: String] = [:]
        var files: [OutputFile] = []
        var warnings: [String] = []
        for (index, step) in steps.enumerated() {
            let rendered = StepRenderer.render(block(for: step), label: numbering.label(at: index),
                                               assetDirectory: context.assetDirectory, numbering: numbering,
                                               figurePDF: context.figurePDF)
            fragments[step.block.fence.line] = rendered.html
            files += rendered.files
            warnings += rendered.warnings.map { "\(step.block.fence): warning: \($0)" }
        }
        let mathWarnings = Mutex<[String]>([])
        let references = CrossReferences(document: document, numbering: numbering)
        let prose = ProseComputations(document: document, outcomes: outcomes, references: references)
        warnings += prose.valueWarnings
        let hooks = BodyHooks(
            fragments: fragments,
            math: { tex, display in
                let (html, found) = mathML(tex: tex, display: display)
                mathWarnings.withLock { $0 += found }
                return html
            },
            reference: { references.reference($0)?.render() },
            computation: prose.markupHook(),
            equation: { tex, label in
                var found: [String] = []
                let html = references.equation(tex: tex, label: label, warnings: &found)?.render()
                mathWarnings.withLock { $0 += found }
                return html
            },
            citation: { references.citation($0)?.render() })
        var (body, headings) = document.renderBody(hooks: hooks)
        warnings += mathWarnings.withLock { $0 }.map { "\(document.file): warning: \($0)" }
        var toc = headings.map { ReportPage.TOCEntry(level: $0.level, text: $0.text, anchor: $0.anchor) }
        if let bibliography = document.bibliography, !references.citedKeys.isEmpty {
            body += ReferenceList.section(references.citedKeys, bibliography: bibliography).render() + "\n"
            toc.append(.init(level: 2, text: "References", anchor: "references"))
        }
        let front = document.frontMatter
        let page = ReportPage(
            metadata: .init(title: front.title ?? context.assetDirectory, author: front.author, date: front.date),
            toc: toc, body: body, provenance: provenance(prose), generator: "Minima \(context.version)",
            claims: prose.summary, renderedWith: renderedWith)
        return Assembled(html: page.render(), files: files, warnings: warnings, claimFailures: prose.claimFailures)
    }

    private func block(for step: Step) -> StepBlock {
        let content: StepBlock.Content
        switch step.spec {
        case .plot(let spec): content = .plot(spec, upstream: spec.of.map { outcomes[$0] })
        case .table(let spec): content = .table(spec, upstream: outcomes[spec.of])
        default: content = .compute(outcomes[step.id])
        }
        let display: StepBlock.SourceDisplay
        switch step.presentation.source {
        case .collapsed: display = .collapsed
        case .open: display = .shown
        case .hidden: display = .hidden
        }
        var shown = StepBlock(kind: step.kind.rawValue, id: step.hasExplicitID ? step.id : nil, source: step.block.body,
                              position: shownPosition(step.block.fence).description, caption: step.presentation.caption,
                              sourceDisplay: display, content: content)
        shown.expandedSource = step.expandedBody
        return shown
    }

    /// `position` with the notebook named by its file name only (`nb.md`, not `/home/…/nb.md`).
    private func shownPosition(_ position: SourcePosition) -> SourcePosition {
        SourcePosition(file: URL(fileURLWithPath: position.file).lastPathComponent, line: position.line, column: position.column)
    }

    /// How the page was made, under its title: the profile and the other `-P` overrides, e.g.
    /// "Rendered with profile quick · -P epochs=3"; nil for a plain render.
    var renderedWith: String? {
        let overrides = document.overrides.filter { $0.name != "profile" }
        guard document.profile != nil || !overrides.isEmpty else { return nil }
        let flags = overrides.map { "-P \($0.name)=\($0.value)" }.joined(separator: " ")
        guard let profile = document.profile else { return "Rendered with \(flags)" }
        return "Rendered with profile \(profile)" + (flags.isEmpty ? "" : " · \(flags)")
    }

    /// The command-line part that changes results: `-P` overrides in order (`-P profile=quick`).
    var invocation: String {
        (["minima render \(URL(fileURLWithPath: document.file).lastPathComponent)"]
            + document.overrides.map { "-P \($0.name)=\($0.value)" }).joined(separator: " ")
    }

    /// What ran, from the provenance recorded with each step's results.
    private func provenance(_ prose: ProseComputations) -> PageProvenance {
        var data: [String: String] = [:]
        var steps: [PageProvenance.Step] = []
        for step in document.steps {
            guard case .completed(let result) = outcomes[step.id] else { continue }
            data.merge(result.provenance.dataDigests) { a, _ in a }
            steps.append(.init(id: step.id, kind: step.kind.rawValue, provenance: result.provenance,
                               anchor: step.hasExplicitID ? "step-\(step.id)" : nil))
        }
        var provenance = PageProvenance(minimaVersion: context.version, notebookDigest: context.notebookDigest,
                                        dataDigests: data, steps: steps)
        provenance.computations = prose.provenance
        provenance.params = document.paramValues
        provenance.invocation = invocation
        return provenance
    }
}
