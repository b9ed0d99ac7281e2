/// An inline code span of the Markdown source: its literal as cmark computes it, and where
/// each literal character came from (for positions inside it).
struct CodeSpan {
    var literal: String
    /// Opening backtick.
    var position: SourcePosition
    /// (line, scalar column) of each Unicode scalar of `literal`.
    var origins: [(line: Int, column: Int)]

    func position(ofLiteralOffset offset: Int, file: String) -> SourcePosition {
        guard let last = origins.last else { return position }
        let o: (line: Int, column: Int) = offset < origins.count ? origins[offset] : (line: last.line, column: last.column + 1)
        return SourcePosition(file: file, line: o.line, column: o.column)
    }

    /// The code spans of the lines `range` (1-based, inclusive) of `lines`, following
    /// CommonMark: a run of N backticks opens, the next run of exactly N closes; line endings
    /// become spaces; one space is stripped from both ends when both are spaces. Each line's
    /// leading spaces and `>` (its container prefix in a quote or list) are not part of a span.
    static func spans(in lines: [String], range: ClosedRange<Int>) -> [CodeSpan] {
        var chars: [(scalar: Unicode.Scalar, line: Int, column: Int)] = []
        for line in range where line - 1 < lines.count {
            // A paragraph's lines lose their container prefix (`> `, a list indent) and leading
            // spaces, as cmark strips them, so a span over two lines has cmark's literal.
            var prefix = true
            for (k, s) in lines[line - 1].unicodeScalars.enumerated() {
                if prefix, s == " " || s == "\t" || s == ">" { continue }
                prefix = false
                chars.append((s, line, k + 1))
            }
            chars.append(("\n", line, lines[line - 1].unicodeScalars.count + 1))
        }
        var spans: [CodeSpan] = []
        var i = 0
        func run(at j: Int) -> Int {
            var k = j
            while k < chars.count, chars[k].scalar == "`" { k += 1 }
            return k - j
        }
        while i < chars.count {
            if chars[i].scalar == "\\" { i += 2; continue }
            guard chars[i].scalar == "`" else { i += 1; continue }
            let n = run(at: i)
            var j = i + n
            var closing: Int?
            while j < chars.count {
                if chars[j].scalar == "`" {
                    let m = run(at: j)
                    if m == n { closing = j; break }
                    j += m
                } else { j += 1 }
            }
            guard let end = closing else { i += n; continue }
            var inner = Array(chars[(i + n)..<end])
            for k in inner.indices where inner[k].scalar == "\n" { inner[k].scalar = " " }
            if inner.count >= 2, inner.first?.scalar == " ", inner.last?.scalar == " ",
               inner.contains(where: { $0.scalar != " " }) {
                inner = Array(inner.dropFirst().dropLast())
            }
            var literal = ""
            literal.unicodeScalars.append(contentsOf: inner.map(\.scalar))
            spans.append(CodeSpan(literal: literal,
                                  position: SourcePosition(file: "", line: chars[i].line, column: chars[i].column),
                                  origins: inner.map { ($0.line, $0.column) }))
            i = end + n
        }
        return spans
    }
}
