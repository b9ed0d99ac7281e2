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
