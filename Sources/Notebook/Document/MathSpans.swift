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
        /// `eq-ID` of a display formula followed by `{#eq-ID}` (a numbered equation).
        var label: String? = nil
    }

    /// A bracketed citation `[@a; see @b, p. 3]`: its items and the text as written.
    struct Citation: Hashable, Sendable {
        var items: [CitationItem]
        var source: String
    }

    /// The markdown with each math span replaced by `MINIMAMATHnZ`; newlines inside display
    /// math are kept so that line numbers do not move.
    private(set) var markdown = ""
    private(set) var spans: [Span] = []
    /// The bracketed citations, replaced by `MINIMACITEnZ`.
    private(set) var citations: [Citation] = []

    static let prefix = "MINIMAMATH"
    static let citationPrefix = "MINIMACITE"

    /// The placeholder word for span `index`.
    static func token(_ index: Int) -> String { "\(prefix)\(index)Z" }

    init(_ source: String) {
        // Math may span the lines of one paragraph, so prose is scanned a paragraph at a time
        // (consecutive non-blank lines outside fenced code).
        var output: [String] = []
        var paragraph: [Substring] = []
        var inFence: String?
        func flush() {
            guard !paragraph.isEmpty else { return }
            output.append(scan(Array(paragraph.joined(separator: "\n"))))
            paragraph = []
        }
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if let fence = inFence {
                if trimmed.hasPrefix(fence) && trimmed.drop(while: { String($0) == String(fence.first!) }).allSatisfy({ $0 == " " }) {
                    inFence = nil
                }
                output.append(String(line))
            } else if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flush()
                inFence = String(trimmed.prefix { $0 == trimmed.first! })
                output.append(String(line))
            } else if trimmed.isEmpty {
                flush()
                output.append(String(line))
            } else {
                paragraph.append(line)
            }
        }
        flush()
        markdown = output.joined(separator: "\n")
    }

    /// Replaces the math spans of one paragraph; a span's newlines are kept after its
    /// placeholder, so the paragraph keeps its number of lines.
    private mutating func scan(_ chars: [Character]) -> String {
        var out = ""
        var i = 0
        func emit(_ tex: [Character], display: Bool) {
            spans.append(Span(tex: String(tex), display: display))
            out += Self.token(spans.count - 1) + String(repeating: "\n", count: tex.filter { $0 == "\n" }.count)
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
            if c == "$", i + 1 < chars.count, chars[i + 1] == "$", let end = find("$$", in: chars, from: i + 2) {
                emit(Array(chars[(i + 2)..<end]), display: true)
                i = end + 2
                // `$$ … $$ {#eq-ID}`: a numbered equation.
                var j = i
                while j < chars.count, chars[j] == " " { j += 1 }
                if j + 2 < chars.count, chars[j] == "{", chars[j + 1] == "#" {
                    let length = ReferenceSyntax.idLength(chars, from: j + 2)
                    if length > 0, j + 2 + length < chars.count, chars[j + 2 + length] == "}" {
                        spans[spans.count - 1].label = String(chars[(j + 2)..<(j + 2 + length)])
                        i = j + 3 + length
                    }
                }
                continue
            }
            // `[@key]`, `[@a; @b]`, `[see @a, p. 3]`: a citation (not a link `[…](…)` or `[…][…]`).
            if c == "[", let close = chars[(i + 1)...].firstIndex(where: { $0 == "]" || $0 == "[" || $0 == "\n" }),
               chars[close] == "]", close + 1 >= chars.count || (chars[close + 1] != "(" && chars[close + 1] != "["),
               let items = CitationItem.items(in: String(chars[(i + 1)..<close])) {
                citations.append(Citation(items: items, source: String(chars[i...close])))
                out += "\(Self.citationPrefix)\(citations.count - 1)Z"
                i = close + 1
                continue
            }
            if c == "$", i + 1 < chars.count, chars[i + 1] != " ", chars[i + 1] != "\n", chars[i + 1] != "$",
               let end = closingDollar(chars, from: i + 1) {
                emit(Array(chars[(i + 1)..<end]), display: false)
                i = end + 1
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
                if before == "\n" { return nil }
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
