import Foundation

/// A parsed and checked notebook: front matter, the steps in document order, and the prose.
public struct NotebookDocument: Sendable {
    /// The path the notebook was read from, as given (used in every position).
    public var file: String
    /// The notebook text exactly as read.
    public var text: String
    public var frontMatter: FrontMatter
    /// The steps in document order.
    public var steps: [Step]
    /// Step ids in an order where every step comes after the steps it reads.
    public var order: [String]
    /// Param name → value as YAML text, after profiles and overrides (for provenance).
    public var paramValues: [(name: String, value: String)]
    /// The markdown with the front matter blanked out (line numbers unchanged).
    var body: String
    /// The `{minima}` values and `{claim}` checks of the prose, in document order.
    public var computations: [InlineComputation] = []
    /// The `-P name=value` overrides the notebook was read with, in order (`profile=NAME` included).
    public var overrides: [(name: String, value: String)] = []
    /// The entries of the front matter's `bibliography:` file, if it names one that was read.
    public var bibliography: Bibliography?
    /// Headings labelled `{#ID}`, in document order.
    public var sections: [SectionLabel] = []
    /// Numbered display equations (`$$ … $$ {#eq-ID}`), in document order.
    public var equations: [EquationLabel] = []

    /// The profile picked with `-P profile=NAME`, if any.
    public var profile: String? { overrides.last { $0.name == "profile" }?.value }

    /// The step with `id`, if any.
    public func step(_ id: String) -> Step? { steps.first { $0.id == id } }

    /// The prose as HTML (cmark, safe mode) with step blocks replaced by `hooks.fragments`
    /// (keyed by each step's fence line), math and `@id` references rendered by the hooks.
    public func renderBody(hooks: BodyHooks) -> (html: String, headings: [Heading]) {
        CmarkDocument.renderBody(markdown: body, hooks: hooks)
    }
}

extension NotebookDocument {
    /// Where the front matter's `bibliography:` file is read from: beside the notebook, as
    /// relative as the notebook's own path (so positions read `notes/refs.bib:3:1`).
    public static func bibliographyPath(_ named: String, notebook file: String) -> String {
        let folder = (file as NSString).deletingLastPathComponent
        return named.hasPrefix("/") || folder.isEmpty ? named : folder + "/" + named
    }

    /// The bibliography file this notebook reads, if its front matter names one.
    public var bibliographyFile: String? {
        frontMatter.bibliography.map { Self.bibliographyPath($0.path, notebook: file) }
    }
}
