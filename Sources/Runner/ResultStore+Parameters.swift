import Foundation

/// A run's final parameters: `params/ab/abcdef….f32`.
///
/// A 256-byte ASCII header, then the values as raw little-endian Float32 (so
/// `numpy.fromfile(path, "<f4", offset=256)` reads them):
///
///     minima-f32 1
///     key <64 hex digits: the run's cache key>
///     count <number of values>
///     sha256 <64 hex digits: SHA-256 of the value bytes>
///
/// padded with spaces to 255 bytes and a newline. A file whose key is not the run's, whose size
/// is not `256 + 4 · count` or whose bytes do not match the digest is removed with the run's
/// entry, so the run trains again; the entry names the digest too, so parameters of another
/// run of the same key cannot pass either.
extension ResultStore {
    static let parametersMagic = "minima-f32 1"
    static let parametersHeaderSize = 256

    func paramsURL(_ key: CacheKey) -> URL {
        directory.appendingPathComponent("params/\(key.hex.prefix(2))/\(key.hex).f32")
    }

    /// Stores a run's final parameters (header and raw little-endian Float32), atomically.
    public func saveParameters(_ values: [Float], for key: CacheKey) throws {
        var body = Data(capacity: values.count * 4)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { body.append(contentsOf: $0) } }
        var header = "\(Self.parametersMagic)\nkey \(key.hex)\ncount \(values.count)\nsha256 \(CacheKey.digest(body))\n"
        header += String(repeating: " ", count: Self.parametersHeaderSize - 1 - header.utf8.count) + "\n"
        try Self.writeAtomically(Data(header.utf8) + body, to: paramsURL(key))
    }

    /// A run's final parameters, or nil when absent or not `count` values. Damaged parameters
    /// (see the type's notes) are removed with the run's entry, so the run trains again.
    public func loadParameters(for key: CacheKey, count: Int) -> [Float]? {
        guard let data = try? Data(contentsOf: paramsURL(key)) else { return nil }
        switch Self.parseParameters(data, for: key) {
        case .failure(let damage):
            discard(key, "its parameters are damaged: \(damage.reason)")
            return nil
        case .success(let parsed):
            guard parsed.count == count else { return nil }
            return data.withUnsafeBytes { raw in
                (0..<count).map {
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(
                        fromByteOffset: Self.parametersHeaderSize + $0 * 4, as: UInt32.self)))
                }
            }
        }
    }

    /// The digest in the header of `key`'s parameter file, or nil when there is none.
    func parametersDigest(for key: CacheKey) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: paramsURL(key)) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: Self.parametersHeaderSize) else { return nil }
        return Self.header(data)?["sha256"]
    }

    /// Checks `key`'s parameter file against the `digest` its entry names. A file already checked
    /// in this process and unchanged since (same inode, size and modification time) is not re-read.
    func verifyParameters(for key: CacheKey, digest: String) -> Result<Void, Damage> {
        let url = paramsURL(key)
        let identity = FileIdentity(path: url.path)
        if let identity, VerifiedFiles.shared.contains(url.path, identity, digest) { return .success(()) }
        guard let data = try? Data(contentsOf: url) else { return .failure(Damage("the file is missing")) }
        switch Self.parseParameters(data, for: key) {
        case .failure(let damage):
            return .failure(damage)
        case .success(let parsed) where parsed.digest != digest:
            return .failure(Damage("they are not the ones the entry names"))
        case .success:
            if let identity { VerifiedFiles.shared.insert(url.path, identity, digest) }
            return .success(())
        }
    }

    /// The header of a parameter file checked against `key`, its size and its digest.
    static func parseParameters(_ data: Data, for key: CacheKey) -> Result<(count: Int, digest: String), Damage> {
        guard data.count >= parametersHeaderSize, let fields = header(data.prefix(parametersHeaderSize)),
              let keyField = fields["key"], let count = fields["count"].flatMap({ Int($0) }), count >= 0,
              let digest = fields["sha256"]
        else { return .failure(Damage("no valid header")) }
        guard keyField == key.hex else { return .failure(Damage("they belong to key \(keyField.prefix(12)) (copied or moved)")) }
        guard data.count == parametersHeaderSize + 4 * count else {
            return .failure(Damage("\(data.count) bytes, not \(parametersHeaderSize + 4 * count) (truncated?)"))
        }
        guard CacheKey.digest(data.dropFirst(parametersHeaderSize)) == digest else {
            return .failure(Damage("their bytes do not match their digest"))
        }
        return .success((count, digest))
    }

    /// The `name value` lines of a parameter file's header, or nil without the magic line.
    private static func header(_ data: Data) -> [String: String]? {
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard lines.first.map(String.init) == parametersMagic else { return nil }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }
}

/// What identifies one version of a file on disk, from `stat`.
struct FileIdentity: Hashable {
    var inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        seconds = Int(info.st_mtim.tv_sec)
        nanoseconds = Int(info.st_mtim.tv_nsec)
    }
}

/// Parameter files verified in this process, so that checking a cache of large runs on every
/// `contains` does not hash each file several times per render.
final class VerifiedFiles: @unchecked Sendable {
    static let shared = VerifiedFiles()
    private var files: [String: (FileIdentity, String)] = [:]
    private let lock = NSLock()

    func contains(_ path: String, _ identity: FileIdentity, _ digest: String) -> Bool {
        lock.withLock { files[path].map { $0.0 == identity && $0.1 == digest } ?? false }
    }

    func insert(_ path: String, _ identity: FileIdentity, _ digest: String) {
        lock.withLock { files[path] = (identity, digest) }
    }
}
