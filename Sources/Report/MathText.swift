/// Plain text with `$…$` math, as in captions: text escaped, math converted to MathML.
enum MathText {
    /// `text` with each `$…$` span (not `\$`) rendered by `mathML(tex:display:)`; an unpaired
    /// `$` stays literal.
    static func inline(_ text: String) -> HTML {
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
        return .fragment(parts)
    }
}
