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
