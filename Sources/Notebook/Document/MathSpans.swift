/// Finds `$…$` and `$$…$$` in prose and swaps them for placeholder words before cmark parses,
/// so Markdown emphasis can't reach inside math (`$a_1 * b_2$` stays whole).
///
/// Fenced code and inline code spans are left alone; `\$` is a literal dollar. An opening `$`
/// must not be followed by a space and a closing one not preceded by a space nor followed by
/// a digit, the usual rule that keeps "$5 and $6" prose.
struct MathSpans {
    struct Span: Hashable, Sendable {
        var tex: String
        var display: Bool
    }

    /// The markdown with each math span replaced by `MINIMAMATHnZ`; newlines inside display
    /// math are kept so that line numbers do not move.
    private(set) var markdown = ""
    private(set) var spans: [Span] = []

    static let prefix = "MINIMAMATH"

    /// The placeholder word for span `index`.
    static func token(_ index: Int) -> String { "\(prefix)\(index)Z" }

    init(_ source: String) {
        var output = ""
        var inFence: String?
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var pending: (tex: String, startLine: Int)?   // display math spanning lines
        for (number, line) in lines.enumerated() {
            if number > 0 { output += "\n" }
            let trimmed = line.drop { $0 == " " }
            if pending == nil {
                if let fence = inFence {
                    if trimmed.hasPrefix(fence) && trimmed.drop(while: { String($0) == String(fence.first!) }).allSatisfy({ $0 == " " }) { inFence = nil }
                    output += line
                    continue
                }
                if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                    inFence = String(trimmed.prefix { $0 == trimmed.first! })
                    output += line
                    continue
                }
            }
            output += scan(Array(line), pending: &pending)
        }
        if let open = pending { output += "$$" + open.tex }   // unterminated: leave as text
        markdown = output
    }

    private mutating func scan(_ chars: [Character], pending: inout (tex: String, startLine: Int)?) -> String {
        var out = ""
        var i = 0
        if var open = pending {
            // Inside display math that began on an earlier line.
            if let end = find("$$", in: chars, from: 0) {
                open.tex += "\n" + String(chars[0..<end])
                spans.append(Span(tex: open.tex, display: true))
                out += Self.token(spans.count - 1)
                pending = nil
                i = end + 2
            } else {
                open.tex += "\n" + String(chars)
                pending = open
                return ""
            }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1] == "$" {
                out += "\\$"; i += 2; continue
            }
            if c == "`" {   // copy a code span verbatim
                var run = 0
                while i + run < chars.count, chars[i + run] == "`" { run += 1 }
                let ticks = String(repeating: "`", count: run)
                if let end = find(ticks, in: chars, from: i + run) {
                    out += String(chars[i..<(end + run)]); i = end + run
                } else {
                    out += ticks; i += run
                }
                continue
            }
            if c == "$", i + 1 < chars.count, chars[i + 1] == "$" {
                if let end = find("$$", in: chars, from: i + 2) {
                    spans.append(Span(tex: String(chars[(i + 2)..<end]), display: true))
                    out += Self.token(spans.count - 1); i = end + 2
                } else {
                    pending = (String(chars[(i + 2)...]), 0)
                    return out
                }
                continue
            }
            if c == "$", i + 1 < chars.count, chars[i + 1] != " ", let end = closingDollar(chars, from: i + 1) {
                spans.append(Span(tex: String(chars[(i + 1)..<end]), display: false))
                out += Self.token(spans.count - 1); i = end + 1
                continue
            }
            out.append(c); i += 1
        }
        return out
    }

    private func closingDollar(_ chars: [Character], from start: Int) -> Int? {
        var j = start
        while j < chars.count {
            if chars[j] == "\\" { j += 2; continue }
            if chars[j] == "$" {
                let before = chars[j - 1]
                let after: Character? = j + 1 < chars.count ? chars[j + 1] : nil
                if before != " " && !(after?.isNumber ?? false) && j > start { return j }
                return nil
            }
            j += 1
        }
        return nil
    }

    private func find(_ needle: String, in chars: [Character], from start: Int) -> Int? {
        let n = Array(needle)
        guard chars.count >= n.count, start <= chars.count - n.count else { return nil }
        for j in start...(chars.count - n.count) where Array(chars[j..<(j + n.count)]) == n { return j }
        return nil
    }
}
