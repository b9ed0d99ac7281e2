/// A position in a notebook file. Lines and columns start at 1; columns count Unicode scalars.
///
/// cmark counts columns in UTF-8 bytes and Yams in Unicode scalars; both are converted to
/// scalars on the way in (see `SourcePosition.scalarColumn(ofByteColumn:in:)`).
public struct SourcePosition: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: Self, b: Self) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }

    /// Converts a 1-based byte column in `line` to a 1-based Unicode-scalar column.
    static func scalarColumn(ofByteColumn byteColumn: Int, in line: Substring) -> Int {
        let bytes = Array(line.utf8.prefix(max(0, byteColumn - 1)))
        return String(decoding: bytes, as: UTF8.self).unicodeScalars.count + 1
    }
}
