import CZlib
import Foundation

/// Reads whole files through zlib, so `.gz` and uncompressed files load alike.
enum GzipFile {
    /// The decompressed bytes of the file at `path`, at most `limit` of them.
    /// - Throws: ``DataError/missingFile(path:)``, ``DataError/unreadable(path:detail:)``,
    ///   ``DataError/truncated(path:detail:)`` when the compressed stream ends early, or
    ///   ``DataError/malformed(path:detail:)`` when it decompresses to more than `limit` bytes
    ///   (a gzip bomb is stopped there, not read into memory).
    static func read(_ path: String, limit: Int = .max) throws -> [UInt8] {
        var reader = try Reader(path)
        let bytes = try reader.read(upTo: limit)
        if try !reader.read(upTo: 1).isEmpty {
            throw DataError.malformed(path: path, detail: "decompresses to more than \(limit) bytes")
        }
        return bytes
    }

    /// A file read through zlib a piece at a time, so a header can be checked before the rest
    /// is read and the rest bounded by what the header announces.
    struct Reader: ~Copyable {
        let path: String
        private let file: gzFile

        init(_ path: String) throws {
            guard FileManager.default.fileExists(atPath: path) else { throw DataError.missingFile(path: path) }
            guard let file = gzopen(path, "rb") else {
                throw DataError.unreadable(path: path, detail: "cannot open: \(String(cString: strerror(errno)))")
            }
            self.path = path
            self.file = file
        }

        deinit { gzclose(file) }

        /// Up to `count` more decompressed bytes (fewer only at the end of the stream). Memory
        /// grows with what is actually read, never with `count` alone.
        /// - Throws: ``DataError`` for a corrupt or cut stream.
        mutating func read(upTo count: Int) throws -> [UInt8] {
            var bytes: [UInt8] = []
            let chunk = 1 << 20
            while bytes.count < count {
                let start = bytes.count
                let want = min(chunk, count - start)
                bytes.append(contentsOf: repeatElement(0, count: want))
                let read = bytes.withUnsafeMutableBytes { gzread(file, $0.baseAddress! + start, UInt32(want)) }
                if read < 0 { throw GzipFile.error(of: file, path: path) }
                bytes.removeLast(want - Int(read))
                if read == 0 { break }
            }
            var code: Int32 = 0
            _ = gzerror(file, &code)
            if code == Z_BUF_ERROR {
                throw DataError.truncated(path: path, detail: "compressed stream ends early (unexpected end of file)")
            }
            if code != Z_OK { throw GzipFile.error(of: file, path: path) }
            return bytes
        }
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

    fileprivate static func error(of file: gzFile, path: String) -> DataError {
        var code: Int32 = 0
        let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown zlib error"
        if code == Z_BUF_ERROR { return .truncated(path: path, detail: "compressed stream ends early (\(message))") }
        return .unreadable(path: path, detail: "zlib: \(message)")
    }
}
