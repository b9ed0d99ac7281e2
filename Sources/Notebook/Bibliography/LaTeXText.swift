/// Converts the LaTeX of BibTeX values to Unicode text: accents (`{\"o}`, `\"{o}`, `\'e`,
/// `{\k{e}}`, `\v{s}`, `\c{c}` …, composed to NFC), letters (`\ss`, `\o`, `\aa`, `\l`, `\i`),
/// escaped specials (`\&`, `\%`, `\_`, `\$`, `\#`), `--`/`---` dashes, `~` (no-break space),
/// and text commands whose argument is kept (`\emph{…}`, `\textit{…}`, `\textbf{…}`,
/// `\textsc{…}`, `\url{…}`). Grouping braces are removed. Any other command is an error, so a
/// reference never shows stray LaTeX.
///
/// ```swift
/// try LaTeXText.unicode("Jastrz{\\k{e}}bski and G{\\\"o}del")   // "Jastrzębski and Gödel"
/// ```
enum LaTeXText {
    struct Failure: Error, Hashable, Sendable {
        var message: String
        var note: String?
    }

    /// Accent command → combining mark.
    static let accents: [String: Unicode.Scalar] = [
        "\"": "\u{308}", "'": "\u{301}", "`": "\u{300}", "^": "\u{302}", "~": "\u{303}", "=": "\u{304}",
        ".": "\u{307}", "u": "\u{306}", "v": "\u{30C}", "H": "\u{30B}", "c": "\u{327}", "k": "\u{328}",
        "r": "\u{30A}", "d": "\u{323}", "b": "\u{331}",
    ]

    /// Letter commands.
    static let letters: [String: String] = [
        "ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
        "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "&": "&", "%": "%", "_": "_", "$": "$", "#": "#",
        "{": "{", "}": "}", "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…",
        " ": " ", ",": "\u{202F}", "-": "",
    ]

    /// Commands whose one argument is kept as text.
    static let textCommands: Set<String> = ["emph", "textit", "textbf", "textsc", "textrm", "textsf", "texttt", "url", "mbox", "text"]

    static func unicode(_ latex: String) throws(Failure) -> String {
        var chars = Array(latex.unicodeScalars)[...]
        let text = try convert(&chars, stopAtBrace: false)
        // Runs of whitespace (line breaks inside a value) become one space.
        var out = "", space = false
        for c in text.unicodeScalars {
            if c == " " || c == "\n" || c == "\t" || c == "\r" { space = !out.isEmpty; continue }
            if space { out += " "; space = false }
            out.unicodeScalars.append(c)
        }
        return out.precomposedStringWithCanonicalMapping
    }

    private static func convert(_ chars: inout ArraySlice<Unicode.Scalar>, stopAtBrace: Bool) throws(Failure) -> String {
        var out = ""
        while let c = chars.first {
            chars.removeFirst()
            switch c {
            case "{": out += try convert(&chars, stopAtBrace: true)
            case "}":
                if stopAtBrace { return out }
                throw Failure(message: "unbalanced '}'")
            case "\\": out += try command(&chars)
            case "~": out += "\u{A0}"
            case "-":
                var n = 1
                while chars.first == "-" { chars.removeFirst(); n += 1 }
                out += n == 1 ? "-" : n == 2 ? "–" : "—"
            case "$": throw Failure(message: "math ('$') is not supported", note: "write the symbol in Unicode, e.g. 'η' for '$\\eta$'")
            default: out.unicodeScalars.append(c)
            }
        }
        if stopAtBrace { throw Failure(message: "unclosed '{'") }
        return out
    }

    private static func command(_ chars: inout ArraySlice<Unicode.Scalar>) throws(Failure) -> String {
        guard let first = chars.first else { throw Failure(message: "a lone '\\' at the end") }
        var name = ""
        if first.properties.isAlphabetic && first.isASCII {
            while let c = chars.first, c.isASCII, c.properties.isAlphabetic { name.unicodeScalars.append(c); chars.removeFirst() }
        } else {
            name = String(first); chars.removeFirst()
        }
        if let mark = accents[name] {
            // The accented letter: `\"o`, `\"{o}`, `\k{e}`, `\'{\i}`; a space after a letter command is skipped.
            if name.first!.isLetter { while chars.first == " " { chars.removeFirst() } }
            var base: String
            if chars.first == "{" {
                chars.removeFirst()
                base = try convert(&chars, stopAtBrace: true)
            } else if chars.first == "\\" {
                chars.removeFirst()
                base = try command(&chars)
            } else if let c = chars.first {
                chars.removeFirst()
                base = String(c)
            } else {
                throw Failure(message: "accent '\\\(name)' has no letter")
            }
            if base == "ı" { base = "i" }
            if base == "ȷ" { base = "j" }
            guard let letter = base.unicodeScalars.first else { throw Failure(message: "accent '\\\(name)' has no letter") }
            var s = String(letter)
            s.unicodeScalars.append(mark)
            s.unicodeScalars.append(contentsOf: base.unicodeScalars.dropFirst())
            return s
        }
        if name.first!.isLetter { if chars.first == " " { chars.removeFirst() } }
        if let letter = letters[name] {
            if chars.first == "{", chars.dropFirst().first == "}" { chars.removeFirst(2) }   // `\ss{}`
            return letter
        }
        if textCommands.contains(name) {
            while chars.first == " " { chars.removeFirst() }
            guard chars.first == "{" else { throw Failure(message: "'\\\(name)' needs an argument in braces") }
            chars.removeFirst()
            return try convert(&chars, stopAtBrace: true)
        }
        throw Failure(message: "unsupported LaTeX command '\\\(name)'",
                      note: "write the text in Unicode (ö, ę, é …); supported: accents \\\" \\' \\` \\^ \\~ \\= \\. \\u \\v \\H \\c \\k \\r, letters \\ss \\o \\aa \\ae \\oe \\l \\i, \\emph{…}, \\textit{…}, \\textbf{…}")
    }
}
