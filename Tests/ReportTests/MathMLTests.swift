import Testing
@testable import Report

@Suite("TeX to MathML")
struct MathMLTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var tex: String
        var row: String
        var testDescription: String { tex }
    }

    /// Expected `<mrow>` contents (inside semantics), written by hand from the MathML spec.
    static let cases: [Case] = [
        Case(tex: "x", row: "<mi>x</mi>"),
        Case(tex: "\\eta/S", row: "<mi>η</mi><mo lspace=\"0\" rspace=\"0\">/</mo><mi>S</mi>"),
        Case(tex: "x_i^2", row: "<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"),
        Case(tex: "\\frac{\\eta}{4S}", row: "<mfrac><mi>η</mi><mrow><mn>4</mn><mi>S</mi></mrow></mfrac>"),
        Case(tex: "\\sqrt{\\eta/S}", row: "<msqrt><mrow><mi>η</mi><mo lspace=\"0\" rspace=\"0\">/</mo><mi>S</mi></mrow></msqrt>"),
        Case(tex: "\\sqrt[3]{x}", row: "<mroot><mi>x</mi><mrow><mn>3</mn></mrow></mroot>"),
        Case(tex: "\\operatorname{Tr}(H)", row: "<mi>Tr</mi><mo>\u{2061}</mo><mo stretchy=\"false\">(</mo><mi>H</mi><mo stretchy=\"false\">)</mo>"),
        Case(tex: "\\mathbb{E}[L]", row: "<mi>𝔼</mi><mo stretchy=\"false\">[</mo><mi>L</mi><mo stretchy=\"false\">]</mo>"),
        Case(tex: "\\mathcal{L}", row: "<mi>ℒ</mi>"),
        Case(tex: "\\Sigma", row: "<mi mathvariant=\"normal\">Σ</mi>"),
        Case(tex: "a \\cdot b \\approx c \\propto d", row: "<mi>a</mi><mo>⋅</mo><mi>b</mi><mo>≈</mo><mi>c</mi><mo>∝</mo><mi>d</mi>"),
        Case(tex: "\\left( x \\right)", row: "<mrow><mo fence=\"true\" stretchy=\"true\">(</mo><mi>x</mi><mo fence=\"true\" stretchy=\"true\">)</mo></mrow>"),
        Case(tex: "\\sum_{i=1}^n", row: "<munderover><mo movablelimits=\"true\">∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover>"),
        Case(tex: "\\mathrm{d}t", row: "<mi mathvariant=\"normal\">d</mi><mi>t</mi>"),
        Case(tex: "3.14 - x'", row: "<mn>3.14</mn><mo>−</mo><msup><mi>x</mi><mo>′</mo></msup>"),
        Case(tex: "\\hat{\\theta}", row: "<mover accent=\"true\"><mi>θ</mi><mo stretchy=\"false\">^</mo></mover>"),
        Case(tex: "\\text{if } a<b", row: "<mtext>if </mtext><mi>a</mi><mo>&lt;</mo><mi>b</mi>"),
        Case(tex: "H\\Sigma + \\Sigma H", row: "<mi>H</mi><mi mathvariant=\"normal\">Σ</mi><mo>+</mo><mi mathvariant=\"normal\">Σ</mi><mi>H</mi>"),
        Case(tex: "\\log x", row: "<mi>log</mi><mo>\u{2061}</mo><mi>x</mi>"),
    ]

    @Test("supported TeX becomes the expected MathML", arguments: cases)
    func converts(_ c: Case) {
        let (html, warnings) = mathML(tex: c.tex, display: false)
        #expect(warnings.isEmpty)
        #expect(html.hasPrefix("<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><semantics><mrow>" + c.row + "</mrow><annotation"),
                "\(html)")
    }

    @Test("display math is a block and carries the TeX source")
    func display() {
        let (html, _) = mathML(tex: "a<b", display: true)
        #expect(html == "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"block\"><semantics><mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi></mrow><annotation encoding=\"application/x-tex\">a&lt;b</annotation></semantics></math>")
    }

    @Test("inline fences do not stretch; display fences and \\left…\\right do")
    func inlineFencesKeepLineHeight() {
        let tex = "f(x_i^2) + \\{a\\} + [b] + |c| + \\left( \\frac{1}{2} \\right)"
        let inline = mathML(tex: tex, display: false).html
        for fence in ["(", ")", "{", "}", "[", "]", "|"] {
            #expect(inline.contains("<mo stretchy=\"false\">\(fence)</mo>"), "inline '\(fence)' should not stretch: \(inline)")
        }
        #expect(inline.contains("<mo fence=\"true\" stretchy=\"true\">(</mo>"))
        let display = mathML(tex: tex, display: true).html
        #expect(!display.contains("stretchy=\"false\""), "\(display)")
        #expect(display.contains("<mo>(</mo>") && display.contains("<mo>{</mo>") && display.contains("<mo>|</mo>"))
    }

    @Test("unsupported commands and syntax errors fall back to code with a warning, never dropped")
    func fallback() {
        let (html, warnings) = mathML(tex: "\\begin{pmatrix}a\\end{pmatrix}", display: false)
        #expect(html.contains("<code class=\"math-fallback\""))
        #expect(html.contains("$\\begin{pmatrix}a\\end{pmatrix}$"))
        #expect(warnings == ["unsupported TeX command '\\begin' in '$\\begin{pmatrix}a\\end{pmatrix}$'; shown as code"])
        let (brace, braceWarnings) = mathML(tex: "\\frac{a}{b", display: true)
        #expect(brace.contains("$$\\frac{a}{b$$"))
        #expect(braceWarnings.count == 1 && braceWarnings[0].hasPrefix("TeX syntax error"))
        let (hostile, _) = mathML(tex: "\\foo<script>", display: false)
        #expect(!hostile.contains("<script>"))
    }

    @Test("captions link @id references to numbered steps and leave others alone")
    func captionReferences() {
        let numbering = FigureNumbering(steps: [("plot", "loss"), ("table", "final")])
        let html = HTML.element("span", [:], [MathText.inline("See @loss and @final, not a@loss or @nope.", references: numbering)]).render()
        #expect(html == "<span>See <a class=\"xref\" href=\"#figure-1\">Figure 1</a> and <a class=\"xref\" href=\"#table-1\">Table 1</a>, not a@loss or @nope.</span>")
        // The Quarto form: @fig-ID names a plot, @tbl-ID a table; the wrong kind stays text.
        let prefixed = HTML.element("span", [:], [MathText.inline("@fig-loss, @tbl-final, @tbl-loss.", references: numbering)]).render()
        #expect(prefixed == "<span><a class=\"xref\" href=\"#figure-1\">Figure 1</a>, <a class=\"xref\" href=\"#table-1\">Table 1</a>, @tbl-loss.</span>")
    }

    @Test("captions convert $…$ spans and keep escaped dollars")
    func captions() {
        let html = HTML.element("span", [:], [MathText.inline("Cost \\$5 at $\\eta$ & <b>")]).render()
        #expect(html.hasPrefix("<span>Cost $5 at <math"))
        #expect(html.hasSuffix("</math> &amp; &lt;b&gt;</span>"))
    }
}
