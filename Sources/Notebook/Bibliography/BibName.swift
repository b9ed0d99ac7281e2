/// One name of an `author` or `editor` field: `Last, First`, `First Last` or a braced
/// corporate name (`{OpenAI}`), with particles (`von`, `de la`) kept in the last name.
public struct BibName: Hashable, Sendable {
    /// The family name, e.g. "Jastrzębski" or "van der Maaten".
    public var last: String
    /// The given names as written, e.g. "Stanisław".
    public var first: String

    /// "Jastrzębski, S." (given names as initials), or the last name alone.
    public var referenceText: String {
        let initials = first.split(separator: " ").map { part in
            part.split(separator: "-").map { $0.first.map { "\($0)." } ?? "" }.joined(separator: "-")
        }.joined(separator: " ")
        return initials.isEmpty ? last : "\(last), \(initials)"
    }

    /// Splits a raw (LaTeX) `author` value at ` and ` outside braces and reads each name.
    static func list(_ raw: String) throws(LaTeXText.Failure) -> [BibName] {
        var names: [BibName] = []
        let raw = String(raw.map { $0 == "\n" || $0 == "\t" || $0 == "\r\n" ? " " : $0 })
        for part in split(raw, separator: " and ") {
            let trimmed = part.trimmingSpaces
            guard !trimmed.isEmpty else { continue }
            let commaParts = split(trimmed, separator: ",")
            if commaParts.count >= 2 {   // "Last, First" (or "Last, Jr, First")
                names.append(BibName(last: try LaTeXText.unicode(commaParts[0]),
                                     first: try LaTeXText.unicode(commaParts.last!)))
                continue
            }
            // "First von Last": the last name starts at the first lowercase word (a particle),
            // or is the last word.
            let words = split(trimmed, separator: " ").map(\.trimmingSpaces).filter { !$0.isEmpty }
            var start = words.count - 1
            if let particle = words.dropLast().firstIndex(where: { $0.first.map { $0.isLowercase } == true }) {
                start = particle
            }
            names.append(BibName(last: try LaTeXText.unicode(words[start...].joined(separator: " ")),
                                 first: try LaTeXText.unicode(words[..<start].joined(separator: " "))))
        }
        return names
    }

    /// `text` split at `separator` where no brace is open.
    private static func split(_ text: String, separator: String) -> [String] {
        let chars = Array(text), sep = Array(separator)
        var parts: [String] = [], current = "", depth = 0, i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{" { depth += 1 } else if c == "}" { depth -= 1 }
            if depth == 0, i + sep.count <= chars.count, Array(chars[i..<(i + sep.count)]) == sep {
                parts.append(current); current = ""; i += sep.count
                continue
            }
            current.append(c); i += 1
        }
        parts.append(current)
        return parts
    }
}
