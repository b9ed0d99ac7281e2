import Foundation
import Notebook
import Report
import Runner

/// Writes a notebook's report: OUTPUT/NAME.html and OUTPUT/NAME/ (an SVG per figure, CSV and
/// JSON per step), through `OutputFolder`: staged, then moved in, never touching files Minima
/// did not write. Positions on the page name the notebook by its file name only (`nb.md:12:1`),
/// so the page shows no path of the machine it was rendered on.
public struct ReportWriter {
    public let document: NotebookDocument
    public let outcomes: [String: StepOutcome]
    public let output: URL
    /// Writes one staged file (see `OutputFolder.writeFile`); tests replace it to inject failures.
    public var writeFile: ((Data, URL) throws -> Void)? = nil

    public init(document: NotebookDocument, outcomes: [String: StepOutcome], output: URL,
                writeFile: ((Data, URL) throws -> Void)? = nil) {
        self.document = document
        self.outcomes = outcomes
        self.output = output
        self.writeFile = writeFile
    }

    public var name: String { URL(fileURLWithPath: document.file).deletingPathExtension().lastPathComponent }

    /// Renders and writes the report; returns the page's URL, the warnings to print, and the
    /// claims of the prose that failed or could not be decided (the render then exits 1).
    public func write() throws -> (page: URL, warnings: [String], claimFailures: [String]) {
        let steps = document.steps
        let numbering = FigureNumbering(steps: steps.map { ($0.kind.rawValue, $0.hasExplicitID ? $0.id : nil) })
        var fragments: [Int: String] = [:]
        var files: [OutputFile] = []
        var warnings: [String] = []
        for (index, step) in steps.enumerated() {
            let rendered = StepRenderer.render(block(for: step), label: numbering.label(at: index), assetDirectory: name,
                                               numbering: numbering)
            fragments[step.block.fence.line] = rendered.html
            files += rendered.files
            warnings += rendered.warnings.map { "\(step.block.fence): warning: \($0)" }
        }
        let mathWarnings = WarningBox()
        let linkable = Set(steps.filter(\.hasExplicitID).map(\.id))
        let prose = ProseComputations(document: document, outcomes: outcomes)
        warnings += prose.valueWarnings
        let hooks = BodyHooks(
            fragments: fragments,
            math: { tex, display in
                let (html, found) = mathML(tex: tex, display: display)
                mathWarnings.add(found)
                return html
            },
            reference: { id in
                if let label = numbering.label(forID: id) {
                    return "<a class=\"xref\" href=\"#\(label.anchor)\">\(label.text)</a>"
                }
                // Any other step with an id: a link to it, named by its id.
                guard linkable.contains(id) else { return nil }
                return "<a class=\"xref\" href=\"#step-\(id)\"><code>\(id)</code></a>"
            },
            computation: prose.markupHook())
        let (body, headings) = document.renderBody(hooks: hooks)
        warnings += mathWarnings.all.map { "\(document.file): warning: \($0)" }
        let front = document.frontMatter
        let page = ReportPage(
            metadata: .init(title: front.title ?? name, author: front.author, date: front.date),
            toc: headings.map { .init(level: $0.level, text: $0.text, anchor: $0.anchor) },
            body: body, provenance: provenance(prose), generator: "Minima \(MinimaVersion.string)",
            claims: prose.summary, renderedWith: renderedWith)

        var folder = OutputFolder(output: output, name: name)
        if let writeFile { folder.writeFile = writeFile }
        warnings += try folder.publish(files: files, page: Data(page.render().utf8))
        return (folder.page, warnings, prose.claimFailures)
    }

    private func block(for step: Step) -> StepBlock {
        let content: StepBlock.Content
        switch step.spec {
        case .plot(let spec): content = .plot(spec, upstream: outcomes[spec.of])
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

    /// What ran, from the provenance recorded with each step's results.
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

    private func provenance(_ prose: ProseComputations) -> PageProvenance {
        var data: [String: String] = [:]
        var steps: [PageProvenance.Step] = []
        for step in document.steps {
            guard case .completed(let result) = outcomes[step.id] else { continue }
            data.merge(result.provenance.dataDigests) { a, _ in a }
            steps.append(.init(id: step.id, kind: step.kind.rawValue, provenance: result.provenance,
                               anchor: step.hasExplicitID ? "step-\(step.id)" : nil))
        }
        var provenance = PageProvenance(minimaVersion: MinimaVersion.string,
                                        notebookDigest: CacheKey.digest(Data(document.text.utf8)),
                                        dataDigests: data, steps: steps)
        provenance.computations = prose.provenance
        provenance.params = document.paramValues
        provenance.invocation = invocation
        return provenance
    }
}

/// Warnings collected from the math hook, which may run on any thread.
final class WarningBox: @unchecked Sendable {
    private var items: [String] = []
    private let lock = NSLock()
    func add(_ more: [String]) { lock.withLock { items += more } }
    var all: [String] { lock.withLock { items } }
}
