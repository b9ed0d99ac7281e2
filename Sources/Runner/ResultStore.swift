import Foundation

/// The content-addressed cache on disk: immutable entries written atomically, checked on read.
///
/// Layout under the cache directory: `entries/ab/abcdef….json` (a unit's result with a digest of
/// its payload), `params/ab/abcdef….f32` (a run's final parameters, raw little-endian Float32),
/// `checkpoints/abcdef….json` (a run in progress), and `logs/` for executors. Every write goes
/// to a temporary file in the same directory and is renamed into place, so a reader never sees a
/// half-written entry and two writers of the same key leave one whole entry.
public struct ResultStore: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// The default location, `.minima/cache` under the current directory.
    public static var defaultDirectory: URL {
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".minima/cache")
    }

    // MARK: Entries

    private func entryURL(_ key: CacheKey) -> URL {
        directory.appendingPathComponent("entries/\(key.hex.prefix(2))/\(key.hex).json")
    }

    /// Whether a complete entry for `key` exists (without reading it).
    public func contains(_ key: CacheKey) -> Bool {
        FileManager.default.fileExists(atPath: entryURL(key).path)
    }

    /// The entry for `key`, or nil when absent. A corrupt entry (digest mismatch) is removed
    /// and reported as absent, so the unit runs again.
    public func load<T: Decodable>(_ type: T.Type, for key: CacheKey) -> T? {
        guard let data = try? Data(contentsOf: entryURL(key)),
              let envelope = try? JSONDecoder().decode(Envelope.self, from: data),
              CacheKey.digest(envelope.payload) == envelope.digest,
              let value = try? Self.decoder.decode(T.self, from: envelope.payload)
        else {
            if FileManager.default.fileExists(atPath: entryURL(key).path) {
                FileHandle.standardError.write(Data("warning: cache entry \(key) is corrupt (digest or format mismatch); it is removed and recomputed\n".utf8))
                try? FileManager.default.removeItem(at: entryURL(key))
            }
            return nil
        }
        return value
    }

    /// Stores `value` under `key` atomically.
    public func save<T: Encodable>(_ value: T, for key: CacheKey) throws {
        let payload = try Self.encoder.encode(value)
        let envelope = Envelope(digest: CacheKey.digest(payload), payload: payload)
        try Self.writeAtomically(try JSONEncoder().encode(envelope), to: entryURL(key))
    }

    private struct Envelope: Codable {
        var digest: String
        var payload: Data
    }

    // MARK: Parameters and checkpoints

    private func paramsURL(_ key: CacheKey) -> URL {
        directory.appendingPathComponent("params/\(key.hex.prefix(2))/\(key.hex).f32")
    }

    /// Stores a run's final parameters as raw little-endian Float32.
    public func saveParameters(_ values: [Float], for key: CacheKey) throws {
        var data = Data(capacity: values.count * 4)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        try Self.writeAtomically(data, to: paramsURL(key))
    }

    /// A run's final parameters, or nil when absent or of the wrong size.
    public func loadParameters(for key: CacheKey, count: Int) -> [Float]? {
        guard let data = try? Data(contentsOf: paramsURL(key)), data.count == count * 4 else { return nil }
        return data.withUnsafeBytes { raw in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    private func checkpointURL(_ key: CacheKey) -> URL {
        directory.appendingPathComponent("checkpoints/\(key.hex).json")
    }

    /// Saves a run in progress (replacing the previous checkpoint atomically).
    public func saveCheckpoint<T: Encodable>(_ value: T, for key: CacheKey) throws {
        try Self.writeAtomically(try Self.encoder.encode(value), to: checkpointURL(key))
    }

    /// The last checkpoint of a run, or nil.
    public func loadCheckpoint<T: Decodable>(_ type: T.Type, for key: CacheKey) -> T? {
        guard let data = try? Data(contentsOf: checkpointURL(key)) else { return nil }
        return try? Self.decoder.decode(T.self, from: data)
    }

    /// Removes a finished run's checkpoint.
    public func removeCheckpoint(for key: CacheKey) {
        try? FileManager.default.removeItem(at: checkpointURL(key))
    }

    /// The folder for logs and manifests of executors.
    public var logDirectory: URL { directory.appendingPathComponent("logs") }

    // MARK: Atomic writes

    /// Writes `data` to a temporary file beside `url` and renames it into place.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt64.random(in: 0...UInt64.max)).tmp")
        try data.write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                                                           NSLocalizedDescriptionKey: "cannot write \(url.path): \(String(cString: strerror(code)))"])
        }
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }()
}
