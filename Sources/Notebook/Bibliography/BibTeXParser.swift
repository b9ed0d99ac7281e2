/// A small, strict BibTeX reader: `@type{key, field = value, …}` entries (braces or
/// parentheses around the entry), values in `{…}` (nested braces kept), `"…"`, bare numbers
/// or `@string` macro names (with the usual month names `jan` … `dec` predefined), joined
/// with `#`. `@comment` and `@preamble` are skipped, as is any text between entries and lines
/// starting with `%` (which may mention `@` without starting an entry).
/// Field names and entry types are case-insensitive; values are converted from LaTeX to
/// Unicode by `LaTeXText` (`{\"o}` → ö, `{\k{e}}` → ę).
///
/// Anything else is an error at its line and column: an unclosed brace or quote, a missing
/// `=` or `,`, an unknown macro, a duplicate key or field, an unsupported LaTeX command.
///
/// ```swift
/// let entries = try BibTeXParser.parse("@article{a, author = {G{\\\"o}del, Kurt}, year = 1931}")
/// entries[0].fields["author"]   // "Gödel, Kurt"
/// ```
/// - Complexity: O(*n*) in the length of the text.
enum BibTeXParser {
    /// A problem in a `.bib` file, at a 1-based line and column (Unicode scalars).
    struct Failure: Error, Hashable, Sendable {
        var line: Int
        var column: Int
        var message: String
        var note: String?
    }

    static let months = ["jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
                         "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
                         "nov": "November", "dec": "December"]

    static func parse(_ text: String) throws(Failure) -> [BibEntry] {
        var reader = Reader(Array(text.unicodeScalars))
        var macros = months
        var entries: [BibEntry] = []
        var keys: [String: Int] = [:]
        while reader.skipToEntry() {
            let at = reader.mark
            reader.index += 1
            reader.skipSpace()
            let type = reader.identifier().lowercased()
            guard !type.isEmpty else { throw reader.failure(at: at, "expected an entry type after '@'", note: "e.g. '@article{key, …}'") }
            reader.skipSpace()
            guard let open = reader.peek, open == "{" || open == "(" else {
                throw reader.failure("expected '{' or '(' after '@\(type)'")
            }
            let close: Unicode.Scalar = open == "{" ? "}" : ")"
            reader.index += 1
            switch type {
            case "comment", "preamble":
                try reader.skipBalanced(close: close, from: at)
            case "string":
                reader.skipSpace()
                let name = reader.identifier().lowercased()
                guard !name.isEmpty else { throw reader.failure("expected a macro name in '@string'") }
                reader.skipSpace()
                try reader.expect("=", "after the macro name '\(name)'")
                let value = try reader.value(macros: macros)
                macros[name] = value.text
                reader.skipSpace()
                try reader.expect(close, "to close '@string'")
            default:
                reader.skipSpace()
                let keyMark = reader.mark
                let key = reader.key()
                guard !key.isEmpty else { throw reader.failure("expected a citation key after '@\(type){'") }
                if let line = keys[key] {
                    throw reader.failure(at: keyMark, "duplicate key '\(key)'", note: "the first entry with this key is on line \(line)")
                }
                keys[key] = keyMark.line
                var entry = BibEntry(type: type, key: key, line: keyMark.line, column: keyMark.column)
                while true {
                    reader.skipSpace()
                    if reader.peek == close { reader.index += 1; break }
                    try reader.expect(",", "after the key or a field of '\(key)'")
                    reader.skipSpace()
                    if reader.peek == close { reader.index += 1; break }   // trailing comma
                    let fieldMark = reader.mark
                    let field = reader.identifier().lowercased()
                    guard !field.isEmpty else {
                        if reader.peek == nil {
                            throw reader.failure(at: at, "entry '\(key)' is not closed", note: "add '\(close)' at the end of the entry")
                        }
                        throw reader.failure(at: fieldMark, "expected a field name in '\(key)'")
                    }
                    reader.skipSpace()
                    try reader.expect("=", "after field '\(field)' of '\(key)'")
                    let value = try reader.value(macros: macros)
                    guard entry.fields[field] == nil else {
                        throw reader.failure(at: fieldMark, "field '\(field)' appears twice in '\(key)'")
                    }
                    do {
                        entry.fields[field] = try LaTeXText.unicode(value.text)
                        if field == "author" || field == "editor" {
                            entry.names[field] = try BibName.list(value.text)
                        }
                    } catch {
                        throw reader.failure(at: value.start, "\(error.message) in field '\(field)' of '\(key)'",
                                             note: error.note)
                    }
                }
                entries.append(entry)
            }
        }
        return entries
    }

    /// A cursor over the scalars of the file, counting lines and columns.
    fileprivate struct Reader {
        struct Mark { var index: Int; var line: Int; var column: Int }
        let chars: [Unicode.Scalar]
        /// The index of the first scalar of each line.
        let lineStarts: [Int]
        var index = 0

        init(_ chars: [Unicode.Scalar]) {
            self.chars = chars
            lineStarts = [0] + chars.indices.filter { chars[$0] == "\n" }.map { $0 + 1 }
        }

        var peek: Unicode.Scalar? { index < chars.count ? chars[index] : nil }

        var mark: Mark {
            // The last line start at or before `index` (binary search).
            var low = 0, high = lineStarts.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if lineStarts[mid] <= index { low = mid } else { high = mid - 1 }
            }
            return Mark(index: index, line: low + 1, column: index - lineStarts[low] + 1)
        }

        func failure(at mark: Mark? = nil, _ message: String, note: String? = nil) -> Failure {
            let m = mark ?? self.mark
            return Failure(line: m.line, column: m.column, message: message, note: note)
        }

        /// Moves to the next `@` outside a `%` comment line; false at the end.
        mutating func skipToEntry() -> Bool {
            var lineStart = true
            while let p = peek, p != "@" {
                if p == "%" && lineStart {
                    while let q = peek, q != "\n" { index += 1 }
                    continue
                }
                if p == "\n" { lineStart = true } else if !p.properties.isWhitespace { lineStart = false }
                index += 1
            }
            return peek != nil
        }

        mutating func skipSpace() {
            while let p = peek, p.properties.isWhitespace { index += 1 }
        }

        mutating func expect(_ c: Unicode.Scalar, _ context: String) throws(Failure) {
            guard peek == c else {
                let found = peek.map { "'\($0)'" } ?? "the end of the file"
                throw failure("expected '\(c)' \(context), found \(found)")
            }
            index += 1
        }

        /// Letters, digits and `_-:.+/` (entry types, field and macro names).
        mutating func identifier() -> String {
            var s = ""
            while let p = peek, p.properties.isAlphabetic || ("0"..."9").contains(p) || "_-:.+/".unicodeScalars.contains(p) {
                s.unicodeScalars.append(p); index += 1
            }
            return s
        }

        /// A citation key: anything up to `,`, whitespace or a closing delimiter.
        mutating func key() -> String {
            var s = ""
            while let p = peek, !p.properties.isWhitespace, !",{}()\"#=".unicodeScalars.contains(p) {
                s.unicodeScalars.append(p); index += 1
            }
            return s
        }

        /// Skips to the `close` that balances the opening just read (`@comment{…}`).
        mutating func skipBalanced(close: Unicode.Scalar, from start: Mark) throws(Failure) {
            var depth = 1
            while let p = peek {
                index += 1
                if p == "{" || (close == ")" && p == "(") { depth += 1 }
                if p == "}" || (close == ")" && p == ")") { depth -= 1; if depth == 0 { return } }
            }
            throw failure(at: start, "this '@' block is not closed", note: "add '\(close)'")
        }

        /// `part # part # …`, each part braced, quoted, a number or a macro name.
        mutating func value(macros: [String: String]) throws(Failure) -> (text: String, start: Mark) {
            skipSpace()
            let start = mark
            var text = ""
            while true {
                skipSpace()
                let partMark = mark
                switch peek {
                case "{"?:
                    index += 1
                    text += try delimited(until: "}", from: partMark)
                case "\""?:
                    index += 1
                    text += try delimited(until: "\"", from: partMark)
                case let p? where ("0"..."9").contains(p):
                    while let d = peek, ("0"..."9").contains(d) { text.unicodeScalars.append(d); index += 1 }
                case let p? where p.properties.isAlphabetic:
                    let name = identifier().lowercased()
                    guard let expansion = macros[name] else {
                        throw failure(at: partMark, "unknown macro '\(name)'",
                                      note: "define it with '@string{\(name) = \"…\"}' before use, or put the value in braces")
                    }
                    text += expansion
                default:
                    let found = peek.map { "'\($0)'" } ?? "the end of the file"
                    throw failure("expected a value ({…}, \"…\", a number or a macro), found \(found)")
                }
                skipSpace()
                guard peek == "#" else { return (text, start) }
                index += 1
            }
        }

        /// The text up to the unbraced `end` (inner braces kept, for `LaTeXText`).
        mutating func delimited(until end: Unicode.Scalar, from start: Mark) throws(Failure) -> String {
            var depth = 0, text = ""
            while let p = peek {
                index += 1
                if p == "\\", let next = peek, next == "{" || next == "}" || next == "\"" {
                    text.unicodeScalars.append(p); text.unicodeScalars.append(next); index += 1
                    continue
                }
                if p == "{" { depth += 1 }
                if p == "}" {
                    if depth == 0 {
                        if end == "}" { return text }
                        index -= 1
                        throw failure("unbalanced '}' in a quoted value")
                    }
                    depth -= 1
                }
                if p == end, depth == 0, end == "\"" { return text }
                text.unicodeScalars.append(p)
            }
            throw failure(at: start, end == "}" ? "unclosed '{'" : "unclosed '\"'",
                          note: "every '{' in a .bib value needs its '}'")
        }
    }
}
