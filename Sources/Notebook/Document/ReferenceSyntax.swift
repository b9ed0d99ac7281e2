/// The characters of `@id` references and citation keys in prose.
public enum ReferenceSyntax {
    /// The length of the id starting at `start`: letters, digits, `-` and `_`, and `:` or `.`
    /// when a letter or digit follows (so `@smith:2018` is one key and "@fig-1." ends before
    /// the period). A trailing `-` is not part of it.
    public static func idLength(_ chars: [Character], from start: Int) -> Int {
        var j = start
        func word(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "_" }
        while j < chars.count {
            let c = chars[j]
            if word(c) { j += 1; continue }
            if c == ":" || c == ".", j + 1 < chars.count, chars[j + 1].isLetter || chars[j + 1].isNumber, j > start {
                j += 1; continue
            }
            break
        }
        while j > start, chars[j - 1] == "-" { j -= 1 }
        return j - start
    }
}
