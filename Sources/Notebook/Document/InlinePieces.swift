/// Splits a prose text run into plain text and generated markup (math, `@id` references).
struct InlinePieces: Hashable {
    var text: String
    var isMarkup: Bool

    static func split(_ literal: String, spans: [MathSpans.Span], citations: [MathSpans.Citation] = [],
                      hooks: BodyHooks) -> [InlinePieces] {
        var pieces: [InlinePieces] = []
        var plain = ""
        var rest = Substring(literal)
        func flush() { if !plain.isEmpty { pieces.append(InlinePieces(text: plain, isMarkup: false)); plain = "" } }
        while let c = rest.first {
            if rest.hasPrefix(MathSpans.prefix) {
                let digits = rest.dropFirst(MathSpans.prefix.count).prefix { $0.isNumber }
                let after = rest.dropFirst(MathSpans.prefix.count + digits.count)
                if let index = Int(digits), index < spans.count, after.first == "Z" {
                    flush()
                    let span = spans[index]
                    let markup = span.label.flatMap { hooks.equation(span.tex, $0) } ?? hooks.math(span.tex, span.display)
                    pieces.append(InlinePieces(text: markup, isMarkup: true))
                    rest = after.dropFirst()
                    continue
                }
            }
            if rest.hasPrefix(MathSpans.citationPrefix) {
                let digits = rest.dropFirst(MathSpans.citationPrefix.count).prefix { $0.isNumber }
                let after = rest.dropFirst(MathSpans.citationPrefix.count + digits.count)
                if let index = Int(digits), index < citations.count, after.first == "Z" {
                    flush()
                    if let markup = hooks.citation(citations[index].items) {
                        pieces.append(InlinePieces(text: markup, isMarkup: true))
                    } else {
                        plain += citations[index].source
                    }
                    rest = after.dropFirst()
                    continue
                }
            }
            if c == "@", plain.last.map({ !$0.isLetter && !$0.isNumber }) ?? true {
                let chars = Array(rest.dropFirst().prefix(200))
                let id = String(chars[..<ReferenceSyntax.idLength(chars, from: 0)])
                if !id.isEmpty, let markup = hooks.reference(String(id)) {
                    flush()
                    pieces.append(InlinePieces(text: markup, isMarkup: true))
                    rest = rest.dropFirst(1 + id.count)
                    continue
                }
            }
            plain.append(c)
            rest = rest.dropFirst()
        }
        flush()
        return pieces
    }
}
