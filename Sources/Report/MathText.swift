/// Plain text with `$…$` math and `@id` references, as in captions: text escaped, math
/// converted to MathML, references to numbered steps turned into "Figure N" links.
enum MathText {
    /// `text` with each `$…$` span (not `\$`) rendered by `mathML(tex:display:)`; an unpaired
    /// `$` stays literal. With `references`, `@id` (not preceded by a letter or digit) naming a
    /// plot or table step becomes a link to it; an unknown id stays as written.
    static func inline(_ text: String, references: FigureNumbering? = nil) -> HTML {
        var parts: [HTML] = []
        var buffer = "", math: String? = nil
        var escaped = false
        for ch in text {
            if escaped {
                if math != nil { math!.append("\\"); math!.append(ch) } else { buffer.append(ch == "$" ? "$" : "\\\(ch)") }
                escaped = false
                continue
            }
            if ch == "\\" { escaped = true; continue }
            if ch == "$" {
                if let m = math {
                    parts.append(.text(buffer)); buffer = ""
                    parts.append(.trusted(mathML(tex: m, display: false).html))
                    math = nil
                } else {
                    math = ""
                }
                continue
            }
            if math != nil { math!.append(ch) } else { buffer.append(ch) }
        }
        if escaped { buffer.append("\\") }
        if let m = math { buffer += "$" + m }
        if !buffer.isEmpty { parts.append(.text(buffer)) }
        if let references { parts = parts.flatMap { linkReferences($0, references) } }
        return .fragment(parts)
    }

    /// A plain-text reading of `text` for accessible names: each formula as the characters
    /// it shows (`$\\eta/S$` → `η/S`), known `@id` references replaced by "Figure N".
    static func plain(_ text: String, references: FigureNumbering? = nil) -> String {
        let html = inline(text.replacingOccurrences(of: "\\$", with: "\u{0}"), references: references)
        return html.nodes.map { node -> String in
            switch node {
            case .text(let s): return s
            case .trusted(let raw):   // a formula: the text of its leaves, without the TeX annotation
                let shown = raw.components(separatedBy: "<annotation")[0]
                var text = "", inTag = false
                for c in shown {
                    if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag && c != "\u{2061}" { text.append(c) }
                }
                return unescape(text)
            case .element(_, _, let children, _):
                return children.compactMap { if case .text(let s) = $0 { return s } else { return nil } }.joined()
            }
        }.joined().replacingOccurrences(of: "\u{0}", with: "$")
    }

    private static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Splits a text node at `@id` references that `numbering` knows, linking each.
    private static func linkReferences(_ part: HTML, _ numbering: FigureNumbering) -> [HTML] {
        guard part.nodes.count == 1, case .text(let s) = part.nodes[0], s.contains("@") else { return [part] }
        let chars = Array(s)
        var out: [HTML] = [], buffer = "", i = 0
        func isID(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-") }
        while i < chars.count {
            let c = chars[i]
            if c == "@", i + 1 < chars.count, isID(chars[i + 1]), i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber) {
                var j = i + 1
                while j < chars.count, isID(chars[j]) { j += 1 }
                var id = String(chars[(i + 1)..<j])
                while id.hasSuffix("-") { id.removeLast(); j -= 1 }   // "@fig-" before a dash of prose
                if let label = numbering.label(forID: id) {
                    if !buffer.isEmpty { out.append(.text(buffer)); buffer = "" }
                    out.append(.element("a", ["class": "xref", "href": "#\(label.anchor)"], text: label.text))
                    i = j
                    continue
                }
            }
            buffer.append(c)
            i += 1
        }
        if !buffer.isEmpty { out.append(.text(buffer)) }
        return out
    }
}
