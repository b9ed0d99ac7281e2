import Testing
@testable import Report

@Suite("HTML builder")
struct HTMLTests {
    @Test("hostile attribute values cannot close the attribute or the tag")
    func hostileAttribute() {
        let html = HTML.element("code", ["class": "language-\" onload=\"x", "title": "a'b<c>&"])
        #expect(html.render() == #"<code class="language-&quot; onload=&quot;x" title="a&#39;b&lt;c&gt;&amp;"></code>"#)
    }

    @Test("hostile text cannot open a tag")
    func hostileText() {
        let html = HTML.element("p", text: "<script>alert(1)</script> & \"q\"")
        #expect(html.render() == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"q\"</p>")
    }

    @Test("nil attributes are left out and order is kept")
    func attributes() {
        let html = HTML.void("circle", ["cx": "1", "fill": nil, "cy": "2"])
        #expect(html.render() == #"<circle cx="1" cy="2"/>"#)
    }

    @Test("block elements put each child on its own line; text stays inline; trusted markup is verbatim")
    func prettyPrinting() {
        let html = HTML.element("svg", ["viewBox": "0 0 1 1"], [
            .element("g", [:], [.void("line", ["x1": "0"]), .element("text", text: "a < b")]),
            .element("pre", [:], [.element("code", text: "x\n  y")]),
            .trusted("<p>from cmark</p>"),
        ])
        #expect(html.render() == """
            <svg viewBox="0 0 1 1">
              <g>
                <line x1="0"/>
                <text>a &lt; b</text>
              </g>
              <pre><code>x
              y</code></pre>
            <p>from cmark</p>
            </svg>
            """)
    }

    @Test("a fragment renders its nodes one per line")
    func fragment() {
        #expect(HTML.fragment([.element("b", text: "1"), .text("2")]).render() == "<b>1</b>\n2")
        #expect(HTML.empty.render() == "")
    }
}
