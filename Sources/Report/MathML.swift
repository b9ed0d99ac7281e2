import Foundation

/// Converts TeX math (`$…$`, `$$…$$` contents) to MathML, which browsers render natively.
///
/// Supports Greek letters, sub- and superscripts and primes, `\frac`, `\sqrt` (and `\sqrt[n]`),
/// `\operatorname`, `\mathrm`, `\text`, `\mathbb`, `\mathcal`, `\mathbf`, `\boldsymbol`,
/// `\mathfrak`, named functions (`\log`, `\max` …), big operators with limits (`\sum`, `\int`),
/// common operators, relations and arrows, `\left … \right` with any delimiter, accents (`\hat`,
/// `\bar`, `\tilde`, `\vec`, `\dot`), spaces (`\,`, `\quad`) and `\not`. Anything else
/// (an unknown command, `\begin`, `&`, `\\`, unbalanced braces) is never dropped: the whole
/// formula is shown as code and a warning names the reason. The TeX source rides along in an
/// `annotation` so copying the formula keeps it.
///
/// - Parameters:
///   - tex: The math without its dollar signs, e.g. `\frac{\eta}{S}`.
///   - display: True for `$$…$$` (a centred block), false for inline `$…$`.
/// - Returns: The HTML (a `<math>` element, or a `<code>` fallback) and any warnings.
/// - SeeAlso: `MathMLTests` for worked cases.
public func mathML(tex: String, display: Bool) -> (html: String, warnings: [String]) {
    let (node, warnings) = mathMLNode(tex: tex, display: display)
    return (node.render(), warnings)
}

/// `mathML(tex:display:)` as a builder value.
func mathMLNode(tex: String, display: Bool) -> (HTML, [String]) {
    var parser = TeXParser(tex, display: display)
    do throws(TeXParser.Failure) {
        let row = try parser.parseRow(stops: [])
        if parser.position < parser.chars.count {
            throw TeXParser.Failure.syntax("unmatched '\(parser.chars[parser.position])'")
        }
        let math = HTML.element("math", ["xmlns": "http://www.w3.org/1998/Math/MathML", "display": display ? "block" : nil], [
            .element("semantics", [:], [
                .element("mrow", [:], row),
                .element("annotation", ["encoding": "application/x-tex"], text: tex),
            ])
        ])
        return (math, [])
    } catch {
        let shown = display ? "$$\(tex)$$" : "$\(tex)$"
        let reason: String
        switch error {
        case .unsupported(let command): reason = "unsupported TeX command '\\\(command)'"
        case .syntax(let message): reason = "TeX syntax error: \(message)"
        }
        return (.element("code", ["class": "math-fallback", "title": reason], text: shown),
                ["\(reason) in '\(shown)'; shown as code"])
    }
}
