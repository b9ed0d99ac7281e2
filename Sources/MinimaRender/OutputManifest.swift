import Foundation

/// What a render wrote into `OUTPUT/NAME/`: each file's name and SHA-256, kept there as
/// `.minima-manifest` (JSON). The next render removes or replaces only files listed here whose
/// bytes are still what Minima wrote, so a user's own files, and Minima's files the user has
/// since edited, are never deleted or overwritten.
///
/// While a render moves its files in, the manifest lists both generations (a name can appear
/// twice, with the old and the new digest), so a render killed half-way still leaves every file
/// it touched recognisable as Minima's.
struct OutputManifest: Codable, Hashable, Sendable {
    struct Entry: Codable, Hashable, Sendable {
        /// A plain file name inside `OUTPUT/NAME/` (no `/`).
        var path: String
        /// Lowercase hex SHA-256 of the bytes written.
        var sha256: String
    }

    /// The file name of the manifest inside `OUTPUT/NAME/`.
    static let fileName = ".minima-manifest"

    var version = 1
    var files: [Entry] = []
    /// What made the figure PDFs listed (`FigurePDF.identity`, e.g. "rsvg-convert version
    /// 2.54.7; printable SVG 1"): a later render keeps a PDF only when the same converter would
    /// make it again.
    var figurePDFs: String? = nil

    /// The digests recorded for `path` (two while a render is moving files in).
    func digests(of path: String) -> Set<String> {
        Set(files.lazy.filter { $0.path == path }.map(\.sha256))
    }

    /// The listed names, each once.
    var paths: Set<String> { Set(files.map(\.path)) }

    /// The manifest of `folder`, or an empty one when there is none or it cannot be read. Entries
    /// that are not plain file names (`../x`, `a/b`, `.`) are dropped: they can never be Minima's.
    static func read(in folder: URL) -> OutputManifest {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(fileName)),
              var manifest = try? JSONDecoder().decode(OutputManifest.self, from: data) else { return OutputManifest() }
        manifest.files = manifest.files.filter { isPlainName($0.path) }
        return manifest
    }

    /// Deterministic JSON, one entry per line.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// A name that stays inside its folder: not empty, no `/` or NUL, not `.` or `..`.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
    }
}
