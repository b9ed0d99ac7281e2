/// Why a data set could not be loaded: every case names the file (or set) and says what is wrong.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not exist.
    case missingFile(path: String)
    /// The file exists but could not be opened or decompressed.
    case unreadable(path: String, detail: String)
    /// The file does not start with the expected magic number.
    case badMagic(path: String, found: UInt32, expected: UInt32)
    /// The file ends before the data its header announces.
    case truncated(path: String, detail: String)
    /// The file parses but its contents are inconsistent (counts, shapes, label range).
    case malformed(path: String, detail: String)
    /// No directory in the search path holds the named set.
    case unknownDataset(name: String, searched: [String])
    /// The request itself cannot be met (e.g. a subset larger than the set).
    case invalidRequest(detail: String)

    /// The file or data-set name the error is about.
    public var path: String {
        switch self {
        case .missingFile(let path), .unreadable(let path, _), .badMagic(let path, _, _),
            .truncated(let path, _), .malformed(let path, _):
            return path
        case .unknownDataset(let name, _):
            return name
        case .invalidRequest:
            return ""
        }
    }

    /// What is wrong, in one sentence.
    public var message: String {
        switch self {
        case .missingFile:
            return "file not found"
        case .unreadable(_, let detail), .truncated(_, let detail), .malformed(_, let detail),
            .invalidRequest(let detail):
            return detail
        case .badMagic(_, let found, let expected):
            return "bad magic number 0x\(String(found, radix: 16)), expected 0x\(String(expected, radix: 16))"
        case .unknownDataset(_, let searched):
            // Named by role, not by absolute path: the message reaches the shared page.
            var roles: [String] = []
            for path in searched {
                let role = DataRequest.role(ofSearchPath: path)
                if !roles.contains(role) { roles.append(role) }
            }
            return "data set not found in \(roles.joined(separator: ", "))"
        }
    }

    /// `path: message`, like a compiler diagnostic.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
