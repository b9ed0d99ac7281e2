import CZlib
import Foundation

/// Reads whole files through zlib, so `.gz` and uncompressed files load alike.
enum GzipFile {
    /// The decompressed bytes of the file at `path`.
    /// - Throws: ``DataError/missingFile(path:)``, ``DataError/unreadable(path:detail:)`` or, when the
    ///   compressed stream ends early, ``DataError/truncated(path:detail:)``.
    static func read(_ path: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else { throw DataError.missingFile(path: path) }
        guard let file = gzopen(path, "rb") else {
            throw DataError.unreadable(path: path, detail: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { gzclose(file) }
        var bytes: [UInt8] = []
        let chunk = 1 << 20
        while true {
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: chunk))
            let read = bytes.withUnsafeMutableBytes { gzread(file, $0.baseAddress! + start, UInt32(chunk)) }
            if read < 0 { throw error(of: file, path: path) }
            bytes.removeLast(chunk - Int(read))
            if read == 0 { break }
        }
        var code: Int32 = 0
        _ = gzerror(file, &code)
        if code == Z_BUF_ERROR {
            throw DataError.truncated(path: path, detail: "compressed stream ends early (unexpected end of file)")
        }
        if code != Z_OK { throw error(of: file, path: path) }
        return bytes
    }

    /// Writes `bytes` gzip-compressed to `path` (used to generate test fixtures).
    static func write(_ bytes: [UInt8], to path: String) throws {
        guard let file = gzopen(path, "wb") else {
            throw DataError.unreadable(path: path, detail: "cannot create: \(String(cString: strerror(errno)))")
        }
        let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        let closed = gzclose(file)
        guard written == bytes.count || bytes.isEmpty, closed == Z_OK else {
            throw DataError.unreadable(path: path, detail: "gzip write failed")
        }
    }

    private static func error(of file: gzFile, path: String) -> DataError {
        var code: Int32 = 0
        let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown zlib error"
        if code == Z_BUF_ERROR { return .truncated(path: path, detail: "compressed stream ends early (\(message))") }
        return .unreadable(path: path, detail: "zlib: \(message)")
    }
}
