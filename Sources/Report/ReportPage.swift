/// The whole report as one self-contained HTML document.
///
/// Inline CSS only, no script to run (the one `<script>` is inert JSON), no network request
/// of any kind (a Content-Security-Policy forbids them), light and dark themes, print styles.
/// Deterministic: the same values give the same bytes.
public struct ReportPage: Hashable, Sendable {
    /// Title, author and date from the front matter.
    public struct Metadata: Hashable, Sendable {
        /// The notebook title.
        public var title: String
        /// The author line, as written.
        public var author: String?
        /// As written (e.g. "2026-11-28"); the page never reads a clock.
        public var date: String?

        /// Creates a value from its parts.
        public init(title: String, author: String? = nil, date: String? = nil) {
            self.title = title
            self.author = author
            self.date = date
        }
    }

    /// One line of the table of contents.
    public struct TOCEntry: Hashable, Sendable {
        /// The heading level, 1–6 (level 2 is a section).
        public var level: Int
        /// The heading text.
        public var text: String
        /// The heading's id, without `#`.
        public var anchor: String

        /// Creates a value from its parts.
        public init(level: Int, text: String, anchor: String) {
            self.level = level
            self.text = text
            self.anchor = anchor
        }
    }

    /// Title, author and date.
    public var metadata: Metadata
    /// The table of contents, in document order.
    public var toc: [TOCEntry]
    /// The page body: cmark's safe-mode rendering of the notebook with the step fragments
    /// inserted (trusted: it is emitted as is).
    public var body: String
    /// The provenance section; nil leaves it out.
    public var provenance: PageProvenance?
    /// The generator string, e.g. "Minima 0.1.0".
    public var generator: String
    /// The claims of the prose and their verdicts, listed under the title; nil or empty leaves
    /// the list out.
    public var claims: ClaimSummary?
    /// How the page was made, shown under the title: "rendered with profile quick (-P epochs=3)".
    public var renderedWith: String?

    /// Creates a value from its parts.
    public init(metadata: Metadata, toc: [TOCEntry], body: String, provenance: PageProvenance?,
                generator: String = "Minima", claims: ClaimSummary? = nil, renderedWith: String? = nil) {
        self.metadata = metadata
        self.toc = toc
        self.body = body
        self.provenance = provenance
        self.generator = generator
        self.claims = claims
        self.renderedWith = renderedWith
    }

    /// The HTML document, ending in a newline.
    public func render() -> String {
        let head = HTML.element("head", [:], [
            .void("meta", ["charset": "utf-8"]),
            .void("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"]),
            .void("meta", ["name": "color-scheme", "content": "light dark"]),
            .void("meta", ["http-equiv": "Content-Security-Policy",
                           "content": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"]),
            .void("meta", ["name": "generator", "content": generator]),
            .element("title", [:], text: metadata.title),
            .element("style", [:], [.trusted(PageStyle.css)]),
        ])
        var header: [HTML] = [.element("h1", ["class": "title"], [MathText.inline(metadata.title)])]
        let byline = [metadata.author, metadata.date].compactMap { $0 }
        if !byline.isEmpty {
            var parts: [HTML] = []
            if let author = metadata.author { parts.append(.element("span", ["class": "author"], text: author)) }
            if metadata.author != nil && metadata.date != nil { parts.append(.text(" · ")) }
            if let date = metadata.date { parts.append(.element("time", [:], text: date)) }
            header.append(.element("p", ["class": "byline"], parts))
        }
        if let renderedWith { header.append(.element("p", ["class": "rendered-with"], text: renderedWith)) }
        var bodyParts: [HTML] = [.element("header", ["class": "title-block"], header)]
        if let claims, !claims.entries.isEmpty { bodyParts.append(claims.section()) }
        if !toc.isEmpty {
            bodyParts.append(.element("nav", ["class": "toc", "aria-label": "Contents"], [
                .element("h2", [:], text: "Contents"),
                .element("ul", [:], toc.map { entry in
                    .element("li", ["class": "toc-level-\(max(1, min(6, entry.level)))"], [
                        .element("a", ["href": "#\(entry.anchor)"], text: entry.text)
                    ])
                }),
            ]))
        }
        bodyParts.append(.element("main", [:], [.trusted(body)]))
        if let provenance { bodyParts.append(.element("footer", [:], [provenance.section()])) }
        let html = HTML.element("html", ["lang": "en"], [head, .element("body", [:], bodyParts)])
        return "<!DOCTYPE html>\n" + html.render() + "\n"
    }
}
