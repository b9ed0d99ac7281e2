extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }

    /// The string with `<…>` tags removed (for plain-text headings).
    var strippingTags: String {
        var out = "", inTag = false
        for c in self {
            if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
        }
        return out
    }
}

extension Heading {
    /// A URL-fragment id from heading text: lowercase letters and digits joined by '-'.
    static func slug(_ text: String) -> String {
        var out = "", dash = false
        for c in text.lowercased() {
            if c.isLetter || c.isNumber {
                if dash && !out.isEmpty { out += "-" }
                out.append(c); dash = false
            } else { dash = true }
        }
        return out.isEmpty ? "section" : out
    }
}
