/// Splits a prose text run into plain text and generated markup (math, `@id` references).
struct InlinePieces: Hashable {
    var text: String
    var isMarkup: Bool

    static func split(_ literal: String, spans: [MathSpans.Span], hooks: BodyHooks) -> [InlinePieces] {
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
                    pieces.append(InlinePieces(text: hooks.math(spans[index].tex, spans[index].display), isMarkup: true))
                    rest = after.dropFirst()
                    continue
                }
            }
            if c == "@", plain.last.map({ !$0.isLetter && !$0.isNumber }) ?? true {
                let id = rest.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
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
