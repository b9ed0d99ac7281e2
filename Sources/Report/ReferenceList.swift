import Notebook

/// The References section: the cited bibliography entries, sorted by author then year, each
/// as "Jastrzębski, S., Kenton, Z., … & Storkey, A. (2017). Title. *Venue*." with its DOI or
/// URL linked, at `#ref-KEY`.
enum ReferenceList {
    static func section(_ keys: [String], bibliography: Bibliography) -> HTML {
        let entries = keys.compactMap(bibliography.entry).sorted {
            (sortKey($0, bibliography), $0.key) < (sortKey($1, bibliography), $1.key)
        }
        return .element("section", ["class": "references", "id": "references"], [
            .element("h2", [:], text: "References"),
            .element("ol", ["class": "references-list"], entries.map { .element("li", ["id": "ref-\($0.key)"], item($0)) }),
        ])
    }

    private static func sortKey(_ entry: BibEntry, _ bibliography: Bibliography) -> String {
        let label = bibliography.citationLabel(entry.key)
        let people = (entry.names["author"] ?? entry.names["editor"] ?? []).map(\.last).joined(separator: " ")
        return (people.isEmpty ? label?.names ?? "" : people).lowercased() + " " + (label?.year ?? "")
    }

    /// One entry's text.
    static func item(_ entry: BibEntry) -> [HTML] {
        var parts: [HTML] = []
        let authors = entry.names["author"] ?? entry.names["editor"] ?? []
        // BibTeX's "and others" ends a shortened list.
        let shortened = authors.last?.last == "others" && authors.last?.first.isEmpty == true
        let names = (shortened ? authors.dropLast() : authors[...]).map(\.referenceText)
        var byline: String
        switch names.count {
        case 0: byline = ""
        case 1: byline = names[0]
        case 2: byline = "\(names[0]), & \(names[1])"
        default: byline = names.dropLast().joined(separator: ", ") + ", & " + names.last!
        }
        if shortened { byline = names.joined(separator: ", ") + ", et al." }
        if entry.names["author"] == nil && !authors.isEmpty { byline += authors.count == 1 ? " (Ed.)" : " (Eds.)" }
        let year = Bibliography.year(of: entry)
        parts.append(.text(byline.isEmpty ? "(\(year)). " : "\(byline) (\(year)). "))
        if let title = entry.fields["title"] { parts.append(.text(sentence(title))) }
        var venue: [HTML] = []
        if let journal = entry.fields["journal"] ?? entry.fields["journaltitle"] {
            venue.append(.element("em", [:], text: journal))
            if let volume = entry.fields["volume"] {
                venue.append(.text(", " + volume + (entry.fields["number"].map { "(\($0))" } ?? "")))
            }
            if let pages = entry.fields["pages"] { venue.append(.text(", " + pages)) }
        } else if let book = entry.fields["booktitle"] {
            venue += [.text("In "), .element("em", [:], text: book)]
            if let pages = entry.fields["pages"] { venue.append(.text(" (pp. \(pages))")) }
        }
        if let eprint = entry.fields["eprint"] {
            let prefix = entry.fields["archiveprefix"] ?? entry.fields["eprinttype"] ?? "arXiv"
            if !venue.isEmpty { venue.append(.text(", ")) }
            venue.append(.text("\(prefix):\(eprint)"))
        }
        for key in ["publisher", "school", "institution", "howpublished"] {
            if let value = entry.fields[key] {
                if !venue.isEmpty { venue.append(.text(", ")) }
                venue.append(.text(value))
            }
        }
        if !venue.isEmpty { parts += [.text(" ")] + venue + [.text(".")] }
        if let doi = entry.fields["doi"] {
            let url = "https://doi.org/" + doi
            parts += [.text(" "), .element("a", ["href": url], text: url)]
        } else if let url = entry.fields["url"], url.hasPrefix("https://") || url.hasPrefix("http://") {
            parts += [.text(" "), .element("a", ["href": url], text: url)]
        }
        return parts
    }

    /// `text` ending in one period (or its own ? or !).
    private static func sentence(_ text: String) -> String {
        guard let last = text.last else { return text }
        return ".?!".contains(last) ? text : text + "."
    }
}
