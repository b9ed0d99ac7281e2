import CCMark
import Foundation

/// A heading of the notebook's prose, for the table of contents.
public struct Heading: Hashable, Sendable {
    public var level: Int
    /// Plain text (math shown as its TeX source).
    public var text: String
    /// The `id` given to the heading element, unique in the page.
    public var anchor: String

    /// Ids of the page's own sections, which a heading never gets.
    public static let reservedAnchors = ["claims", "provenance", "provenance-computations", "minima-provenance", "references"]
}

/// What the page render puts in place of steps, math and `@id` references.
public struct BodyHooks: Sendable {
    /// Fence line of a step block → the HTML that replaces the block.
    public var fragments: [Int: String]
    /// TeX source and display flag → markup (MathML).
    public var math: @Sendable (String, Bool) -> String
    /// `@id` → markup for the reference (e.g. a "Figure 2" link), nil when `id` names no figure.
    public var reference: @Sendable (String) -> String?
    /// The literal of a `{minima}`/`{claim}` code span → markup for its value or verdict.
    public var computation: @Sendable (String) -> String?
    /// TeX source and label of a numbered display equation (`$$ … $$ {#eq-ID}`) → markup;
    /// nil renders it with `math` as an unnumbered one.
    public var equation: @Sendable (String, String) -> String?
    /// The items of a bracketed citation (`[@a; @b]`) → markup; nil leaves it as written.
    public var citation: @Sendable ([CitationItem]) -> String?

    public init(fragments: [Int: String], math: @escaping @Sendable (String, Bool) -> String,
                reference: @escaping @Sendable (String) -> String?,
                computation: @escaping @Sendable (String) -> String? = { _ in nil },
                equation: @escaping @Sendable (String, String) -> String? = { _, _ in nil },
                citation: @escaping @Sendable ([CitationItem]) -> String? = { _ in nil }) {
        self.fragments = fragments
        self.math = math
        self.reference = reference
        self.computation = computation
        self.equation = equation
        self.citation = citation
    }
}

/// The one file that touches libcmark: it parses, copies into value types, renders, and frees
/// the C tree. No cmark pointer leaves this file.
enum CmarkDocument {
    /// The fenced code blocks with a non-empty info string, in document order.
    static func fencedBlocks(in markdown: String, file: String) -> [FencedBlock] {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        guard let root = cmark_parse_document(markdown, markdown.utf8.count, CMARK_OPT_SOURCEPOS) else { return [] }
        defer { cmark_node_free(root) }
        var blocks: [FencedBlock] = []
        forEachNode(root) { node in
            guard cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK else { return }
            let info = string(cmark_node_get_fence_info(node)).trimmingSpaces
            let line = Int(cmark_node_get_start_line(node))
            guard !info.isEmpty, line >= 1, line <= lines.count else { return }
            let text = lines[line - 1]
            // cmark's start column counts container prefixes; the fence itself starts at the
            // first backtick or tilde after them.
            let startByte = Int(cmark_node_get_start_column(node))
            let rest = text.utf8.dropFirst(max(0, startByte - 1))
            let skipped = rest.prefix { $0 == UInt8(ascii: " ") }.count
            let fenceByte = startByte + skipped
            let fenceChar = rest.dropFirst(skipped).first
            guard fenceChar == UInt8(ascii: "`") || fenceChar == UInt8(ascii: "~") else { return }
            let column = SourcePosition.scalarColumn(ofByteColumn: fenceByte, in: text)
            // Closed when its last line is a fence of the opening's character and no line inside
            // opens another block (a forgotten fence swallows the next block's opening line, and
            // that block's closing fence then closes it).
            let end = Int(cmark_node_get_end_line(node))
            let last = end > line && end <= lines.count ? lines[end - 1].drop { $0 == " " || $0 == ">" } : ""
            let closing = String(repeating: fenceChar == UInt8(ascii: "`") ? "`" : "~", count: 3)
            let body = string(cmark_node_get_literal(node))
            let opensAnother = body.split(separator: "\n").contains { $0.drop { $0 == " " }.hasPrefix(closing) }
            blocks.append(FencedBlock(
                info: info, body: body,
                fence: SourcePosition(file: file, line: line, column: column), indent: column,
                isClosed: last.hasPrefix(closing) && !opensAnother))
        }
        return blocks
    }

    /// The line ranges (1-based, inclusive) of the blocks whose text holds inlines: paragraphs
    /// and headings (so code spans in code blocks are never read as computations).
    static func inlineLineRanges(in markdown: String) -> [ClosedRange<Int>] {
        guard let root = cmark_parse_document(markdown, markdown.utf8.count, CMARK_OPT_SOURCEPOS) else { return [] }
        defer { cmark_node_free(root) }
        var ranges: [ClosedRange<Int>] = []
        forEachNode(root) { node in
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING else { return }
            let start = Int(cmark_node_get_start_line(node)), end = Int(cmark_node_get_end_line(node))
            if start >= 1, end >= start { ranges.append(start...end) }
        }
        return ranges
    }

    /// Renders the prose to HTML in cmark's safe mode, with step blocks replaced by their
    /// fragments, math by markup and `@id` references by links, all as custom nodes so the
    /// user's own raw HTML stays omitted. Headings get unique `id`s.
    static func renderBody(markdown: String, hooks: BodyHooks) -> (html: String, headings: [Heading]) {
        let math = MathSpans(markdown)
        let source = math.markdown
        guard let root = cmark_parse_document(source, source.utf8.count, CMARK_OPT_SOURCEPOS) else { return ("", []) }
        defer { cmark_node_free(root) }

        var codeBlocks: [OpaquePointer] = [], texts: [OpaquePointer] = [], headings: [OpaquePointer] = []
        var codeSpans: [OpaquePointer] = []
        forEachNode(root) { node in
            switch cmark_node_get_type(node) {
            case CMARK_NODE_CODE_BLOCK: codeBlocks.append(node)
            case CMARK_NODE_TEXT: texts.append(node)
            case CMARK_NODE_HEADING: headings.append(node)
            case CMARK_NODE_CODE: codeSpans.append(node)
            default: break
            }
        }
        for node in codeSpans {
            let literal = string(cmark_node_get_literal(node))
            guard InlineComputation.isComputation(literal), let markup = hooks.computation(literal) else { continue }
            replace(node, with: customNode(CMARK_NODE_CUSTOM_INLINE, markup))
        }
        for node in codeBlocks {
            guard let fragment = hooks.fragments[Int(cmark_node_get_start_line(node))] else { continue }
            replace(node, with: customNode(CMARK_NODE_CUSTOM_BLOCK, fragment + "\n"))
        }
        for node in texts {
            let literal = string(cmark_node_get_literal(node))
            guard literal.contains(MathSpans.prefix) || literal.contains("@") || literal.contains(MathSpans.citationPrefix)
            else { continue }
            let pieces = InlinePieces.split(literal, spans: math.spans, citations: math.citations, hooks: hooks)
            guard pieces.count > 1 || pieces.first?.isMarkup == true else { continue }
            for piece in pieces {
                let new = piece.isMarkup ? customNode(CMARK_NODE_CUSTOM_INLINE, piece.text)
                                         : textNode(piece.text)
                cmark_node_insert_before(node, new)
            }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        var result: [Heading] = []
        // Ids the page itself gives (the claims list, the provenance section): a heading
        // "Claims" becomes `claims-2`, so links and the contents never point at two places.
        var used: [String: Int] = Dictionary(uniqueKeysWithValues: Heading.reservedAnchors.map { ($0, 1) })
        for node in headings {
            let level = Int(cmark_node_get_heading_level(node))
            let label = removeLabel(node)
            let inner = renderInner(node)
            let plain = plainText(node, spans: math.spans)
            var anchor = label ?? Heading.slug(plain)
            if label == nil, let n = used[anchor] { used[anchor] = n + 1; anchor += "-\(n + 1)" } else { used[anchor] = 1 }
            result.append(Heading(level: level, text: plain, anchor: anchor))
            replace(node, with: customNode(CMARK_NODE_CUSTOM_BLOCK,
                                           "<h\(level) id=\"\(anchor)\">\(inner)</h\(level)>\n"))
        }
        guard let html = cmark_render_html(root, CMARK_OPT_DEFAULT) else { return ("", result) }
        defer { free(html) }
        return (String(cString: html), result)
    }

    /// The headings that end in a label `{#ID}` (`## Results {#sec-results}`): label, plain
    /// text and position of the label, in document order.
    static func labelledHeadings(in markdown: String, file: String) -> [SectionLabel] {
        let math = MathSpans(markdown)
        let source = math.markdown
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard let root = cmark_parse_document(source, source.utf8.count, CMARK_OPT_SOURCEPOS) else { return [] }
        defer { cmark_node_free(root) }
        var headings: [OpaquePointer] = []
        forEachNode(root) { if cmark_node_get_type($0) == CMARK_NODE_HEADING { headings.append($0) } }
        return headings.compactMap { node in
            guard let label = removeLabel(node) else { return nil }
            let line = Int(cmark_node_get_start_line(node))
            let text = line >= 1 && line <= lines.count ? String(lines[line - 1]) : ""
            let column = text.range(of: "{#\(label)}").map { text.unicodeScalars[..<$0.lowerBound.samePosition(in: text.unicodeScalars)!].count + 1 } ?? 1
            return SectionLabel(label: label, text: plainText(node, spans: math.spans).trimmingSpaces,
                                level: Int(cmark_node_get_heading_level(node)),
                                position: SourcePosition(file: file, line: line, column: column))
        }
    }

    /// Removes a trailing `{#ID}` from a heading's last text node and returns `ID`.
    private static func removeLabel(_ heading: OpaquePointer) -> String? {
        guard let last = cmark_node_last_child(heading), cmark_node_get_type(last) == CMARK_NODE_TEXT else { return nil }
        let literal = string(cmark_node_get_literal(last))
        let trimmed = literal.trimmingSpaces
        guard trimmed.hasSuffix("}"), let open = trimmed.range(of: "{#", options: .backwards) else { return nil }
        let chars = Array(trimmed[open.upperBound...].dropLast())
        guard !chars.isEmpty, ReferenceSyntax.idLength(chars, from: 0) == chars.count else { return nil }
        let before = String(trimmed[..<open.lowerBound])
        guard before.isEmpty || before.hasSuffix(" ") else { return nil }   // "a{#b}" is text
        cmark_node_set_literal(last, String(before.reversed().drop { $0 == " " }.reversed()))
        return String(chars)
    }

    // MARK: - C helpers (private: no pointer leaves this file)

    private static func forEachNode(_ root: OpaquePointer, _ body: (OpaquePointer) -> Void) {
        guard let iter = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iter) }
        while case let event = cmark_iter_next(iter), event != CMARK_EVENT_DONE {
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) { body(node) }
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func customNode(_ type: cmark_node_type, _ onEnter: String) -> OpaquePointer {
        let node = cmark_node_new(type)!
        cmark_node_set_on_enter(node, onEnter)
        cmark_node_set_on_exit(node, "")
        return node
    }

    private static func textNode(_ text: String) -> OpaquePointer {
        let node = cmark_node_new(CMARK_NODE_TEXT)!
        cmark_node_set_literal(node, text)
        return node
    }

    private static func replace(_ old: OpaquePointer, with new: OpaquePointer) {
        cmark_node_replace(old, new)
        cmark_node_free(old)
    }

    /// The HTML inside a heading element (`<h2>…</h2>` minus the tags).
    private static func renderInner(_ heading: OpaquePointer) -> String {
        guard let html = cmark_render_html(heading, CMARK_OPT_DEFAULT) else { return "" }
        defer { free(html) }
        var s = String(cString: html).trimmingSpaces
        if let open = s.firstIndex(of: ">") { s = String(s[s.index(after: open)...]) }
        if let close = s.range(of: "</h", options: .backwards) { s = String(s[..<close.lowerBound]) }
        return s
    }

    private static func plainText(_ node: OpaquePointer, spans: [MathSpans.Span]) -> String {
        var text = ""
        forEachNode(node) { child in
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += string(cmark_node_get_literal(child))
            case CMARK_NODE_CUSTOM_INLINE: text += string(cmark_node_get_on_enter(child)).strippingTags
            default: break
            }
        }
        return text
    }
}
