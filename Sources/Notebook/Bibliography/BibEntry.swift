/// One entry of a `.bib` file: its type (`article`), key, where the key is, and its fields
/// (lowercased names, values as Unicode text with grouping braces removed).
public struct BibEntry: Hashable, Sendable {
    public var type: String
    public var key: String
    public var line: Int
    public var column: Int
    public var fields: [String: String] = [:]
    /// `author` and `editor` split into names (`A and B`, braces respected).
    public var names: [String: [BibName]] = [:]

    public init(type: String, key: String, line: Int, column: Int, fields: [String: String] = [:]) {
        self.type = type
        self.key = key
        self.line = line
        self.column = column
        self.fields = fields
    }
}
