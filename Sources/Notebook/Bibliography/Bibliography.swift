import Foundation

/// The entries of the notebook's BibTeX file (`bibliography: refs.bib` in the front matter),
/// with the author–year text a citation shows.
///
/// ```swift
/// bibliography.citationLabel("jastrzebski2017")   // (names: "Jastrzębski et al.", year: "2017")
/// ```
public struct Bibliography: Hashable, Sendable {
    /// The file as named in the front matter (relative to the notebook).
    public var file: String
    /// The entries in file order.
    public var entries: [BibEntry]

    public init(file: String, entries: [BibEntry]) {
        self.file = file
        self.entries = entries
    }

    /// The entry with `key` (keys are case-sensitive, as in BibTeX).
    public func entry(_ key: String) -> BibEntry? { entries.first { $0.key == key } }

    /// The keys, in file order.
    public var keys: [String] { entries.map(\.key) }

    /// "Jastrzębski et al." and "2017" for an entry: one author's last name, two joined by
    /// "and", three or more as the first "et al."; the editors when there is no author, else
    /// the title. The year from `year`, else the first four digits of `date`, else "n.d.".
    public func citationLabel(_ key: String) -> (names: String, year: String)? {
        guard let entry = entry(key) else { return nil }
        let people = entry.names["author"] ?? entry.names["editor"] ?? []
        let names: String
        switch people.count {
        case 0: names = entry.fields["title"] ?? key
        case 1: names = people[0].last
        case 2: names = "\(people[0].last) and \(people[1].last)"
        default: names = "\(people[0].last) et al."
        }
        return (names, Self.year(of: entry))
    }

    /// The year of `entry`: `year`, else the first four digits of `date`, else "n.d.".
    public static func year(of entry: BibEntry) -> String {
        if let year = entry.fields["year"], !year.isEmpty { return year }
        if let date = entry.fields["date"], date.prefix(4).allSatisfy(\.isNumber), date.count >= 4 { return String(date.prefix(4)) }
        return "n.d."
    }

    /// Parses `text`, the contents of `file`; errors point into the `.bib` file.
    public static func parse(_ text: String, file: String, displayName: String) -> (Bibliography?, [Diagnostic]) {
        do {
            let entries = try BibTeXParser.parse(text)
            return (Bibliography(file: displayName, entries: entries), [])
        } catch {
            return (nil, [Diagnostic(.error, at: SourcePosition(file: file, line: error.line, column: error.column),
                                     error.message, notes: error.note.map { [$0] } ?? [])])
        }
    }
}

/// One reference in a citation: `[see @key, p. 3]` has prefix "see", key "key" and locator "p. 3".
public struct CitationItem: Hashable, Sendable {
    public var key: String
    public var prefix: String = ""
    public var locator: String = ""

    public init(key: String, prefix: String = "", locator: String = "") {
        self.key = key
        self.prefix = prefix
        self.locator = locator
    }

    /// The items of a bracketed citation's inside (`@a; see @b, p. 3`), or nil when it is not
    /// one: every `;`-separated part must hold exactly one `@key`.
    public static func items(in inside: String) -> [CitationItem]? {
        var items: [CitationItem] = []
        for part in inside.split(separator: ";", omittingEmptySubsequences: false) {
            let chars = Array(part)
            guard let at = chars.firstIndex(of: "@"), at == 0 || chars[at - 1] == " " else { return nil }
            let length = ReferenceSyntax.idLength(chars, from: at + 1)
            guard length > 0 else { return nil }
            let key = String(chars[(at + 1)..<(at + 1 + length)])
            let prefix = String(chars[..<at]).trimmingSpaces
            var rest = String(chars[(at + 1 + length)...]).trimmingSpaces
            if rest.hasPrefix(",") { rest = String(rest.dropFirst()).trimmingSpaces } else if !rest.isEmpty { return nil }
            guard !prefix.contains("@"), !rest.contains("@") else { return nil }
            items.append(CitationItem(key: key, prefix: prefix, locator: rest))
        }
        return items.isEmpty ? nil : items
    }
}

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
