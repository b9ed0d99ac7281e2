import Testing
@testable import Notebook

@Suite("cmark document")
struct CmarkDocumentTests {
    static let hooks = BodyHooks(
        fragments: [3: "<div class=\"step\">STEP</div>"],
        math: { tex, display in "<math display=\"\(display ? "block" : "inline")\">\(tex)</math>" },
        reference: { $0 == "fig" ? "<a href=\"#figure-1\">Figure 1</a>" : nil })

    @Test("a step block is replaced by its fragment; other code stays escaped code")
    func fragments() {
        let markdown = "# Title\n\n```train t\nlr: 1\n```\n\n```python\nx = '<b>'\n```\n"
        let (html, _) = CmarkDocument.renderBody(markdown: markdown, hooks: Self.hooks)
        #expect(html.contains("<div class=\"step\">STEP</div>"))
        #expect(!html.contains("lr: 1"))
        #expect(html.contains("<pre><code class=\"language-python\">x = '&lt;b&gt;'\n</code></pre>"))
    }

    @Test("the user's raw HTML is omitted while generated fragments pass (safe mode)")
    func safeMode() {
        let markdown = "<script>alert(1)</script>\n\nText <img src=x onerror=y> [l](javascript:alert(1))\n"
        let (html, _) = CmarkDocument.renderBody(markdown: markdown, hooks: Self.hooks)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("raw HTML omitted"))
    }

    @Test("math is protected from emphasis and rendered by the hook, inline and display")
    func math() {
        let markdown = "The rate $a_1 * b_2 * c$ and\n\n$$\\frac{\\eta}{4S}$$\n\nbut `$x$` is code and \\$5 is money.\n"
        let (html, _) = CmarkDocument.renderBody(markdown: markdown, hooks: Self.hooks)
        #expect(html.contains("<math display=\"inline\">a_1 * b_2 * c</math>"))
        #expect(html.contains("<math display=\"block\">\\frac{\\eta}{4S}</math>"))
        #expect(!html.contains("<em>"))
        #expect(html.contains("<code>$x$</code>"))
        #expect(html.contains("$5 is money"))
    }

    @Test("inline math may span the lines of a paragraph but not a blank line, and lines keep their numbers")
    func mathAcrossLines() {
        let markdown = "A $\\eta \\in \\{1,\n2\\}$ set.\n\nNot $math\n\nacross$ paragraphs.\n\n```train t\nlr: 1\n```\n"
        let spans = MathSpans(markdown)
        #expect(spans.spans.map(\.tex) == ["\\eta \\in \\{1,\n2\\}"])
        #expect(spans.markdown.split(separator: "\n", omittingEmptySubsequences: false).count
            == markdown.split(separator: "\n", omittingEmptySubsequences: false).count)
        let (html, _) = CmarkDocument.renderBody(markdown: markdown, hooks: Self.hooks)
        #expect(html.contains("<math display=\"inline\">\\eta \\in \\{1,\n2\\}</math>"))
        #expect(html.contains("Not $math"))
    }

    @Test("@id references to figures become links; other @words stay text")
    func references() {
        let (html, _) = CmarkDocument.renderBody(markdown: "See @fig, mail a@fig.org, and @unknown.\n", hooks: Self.hooks)
        #expect(html.contains("See <a href=\"#figure-1\">Figure 1</a>, mail a@fig.org, and @unknown."))
    }

    @Test("headings get unique anchors and plain text for the table of contents")
    func headings() {
        let markdown = "# Intro\n\n## F1 — the ratio $\\eta/S$\n\n## Intro\n"
        let (html, headings) = CmarkDocument.renderBody(markdown: markdown, hooks: Self.hooks)
        #expect(headings.map(\.anchor) == ["intro", "f1-the-ratio-eta-s", "intro-2"])
        #expect(headings.map(\.level) == [1, 2, 2])
        #expect(headings[1].text == "F1 — the ratio \\eta/S")
        #expect(html.contains("<h2 id=\"intro-2\">Intro</h2>"))
    }

    @Test("fenced blocks are found with scalar columns; indented code is not a step")
    func fencedBlocks() {
        let markdown = "> ```train a\n> lr: 1\n> ```\n\n    ```train b\n    lr: 2\n\n- é ```x\n"
        let blocks = CmarkDocument.fencedBlocks(in: markdown, file: "f.md")
        #expect(blocks.map(\.info) == ["train a"])
        #expect(blocks.first?.fence == SourcePosition(file: "f.md", line: 1, column: 3))
        #expect(blocks.first?.body == "lr: 1\n")
    }
}
