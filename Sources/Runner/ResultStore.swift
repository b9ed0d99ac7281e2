import Foundation

/// The content-addressed cache on disk: immutable entries written atomically, checked on read.
///
/// Layout under the cache directory: `entries/ab/abcdef….json` (a unit's result),
/// `params/ab/abcdef….f32` (a run's final parameters), `checkpoints/abcdef….json` (a run in
/// progress), and `logs/` for executors. Every file names its key and carries a SHA-256 of its
/// content, and every read checks both, so a file copied over another key, truncated or with a
/// flipped byte is never used: it is removed (with a warning) and its unit computes again.
/// ``contains(_:)`` checks too, so a render recomputes a damaged entry in the same render.
///
/// An entry is JSON `{"digest", "key", "parameters"?, "payload"}`: `payload` is the base64 of the
/// result's JSON, `digest` its SHA-256; a run's entry also names the SHA-256 of its parameters
/// (`parameters`), which must then be present and intact. A checkpoint is the same envelope
/// without `parameters`. The `.f32` layout is in `ResultStore+Parameters.swift`.
///
/// Every write goes to a temporary file in the same directory and is renamed into place, so a
/// reader never sees a half-written file and two writers of the same key leave one whole file.
public struct ResultStore: Sendable {
    public let directory: URL
    /// Verified entries kept in memory by a long-lived process (`minima preview`); nil elsewhere.
    public var memo: ResultMemo?

    public init(directory: URL, memo: ResultMemo? = nil) {
        self.directory = directory
        self.memo = memo
    }

    /// The default location, `.minima/cache` under the current directory.
    public static var defaultDirectory: URL {
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".minima/cache")
    }

    // MARK: Entries

    func entryURL(_ key: CacheKey) -> URL {
        directory.appendingPathComponent("entries/\(key.hex.prefix(2))/\(key.hex).json")
    }

    /// Whether an intact entry for `key` exists: it names `key`, its payload matches its digest,
    /// and a run's parameters are present and intact. A damaged entry is removed.
    public func contains(_ key: CacheKey) -> Bool {
        verifiedPayload(key) != nil
    }

    /// The entry for `key`, or nil when absent. A damaged entry (see ``contains(_:)``) or one
    /// that does not decode is removed and reported as absent, so the unit runs again.
    public func load<T: Decodable>(_ type: T.Type, for key: CacheKey) -> T? {
        if let value = memo?.value(T.self, for: key) { return value }
        guard let payload = verifiedPayload(key) else { return nil }
        guard let value = try? Self.decoder.decode(T.self, from: payload) else {
            memo?.forget(key)
            discard(key, "its result does not decode")
            return nil
        }
        memo?.remember(value, for: key)
        return value
    }

    /// Stores `value` under `key` atomically. When the key's parameters are stored (a run saves
    /// them first), the entry names their digest.
    public func save<T: Encodable>(_ value: T, for key: CacheKey) throws {
        let payload = try Self.encoder.encode(value)
        let envelope = Envelope(key: key.hex, digest: CacheKey.digest(payload), parameters: parametersDigest(for: key),
                                payload: payload)
        try Self.writeAtomically(try Self.encoder.encode(envelope), to: entryURL(key))
    }

    /// An entry or checkpoint file: the key it belongs to, the SHA-256 of its payload and, for a
    /// run's entry, the SHA-256 of its parameters.
    struct Envelope: Codable {
        var key: String
        var digest: String
        var parameters: String?
        var payload: Data
    }

    /// The payload of `url` if it is an envelope for `key` whose digest matches, else the reason.
    static func open(_ url: URL, for key: CacheKey) -> Result<Envelope, Damage>? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: data) else {
            return .failure(Damage("it is not a Minima cache file of this version"))
        }
        guard envelope.key == key.hex else {
            return .failure(Damage("it belongs to key \(envelope.key.prefix(12)) (copied or moved)"))
        }
        guard CacheKey.digest(envelope.payload) == envelope.digest else {
            return .failure(Damage("its content does not match its digest"))
        }
        return .success(envelope)
    }

    /// Why a file of the cache cannot be used.
    struct Damage: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// The verified payload of the entry for `key` (and of its parameters, if it names them).
    private func verifiedPayload(_ key: CacheKey) -> Data? {
        if let payload = memo?.payload(for: key) { return payload }
        switch Self.open(entryURL(key), for: key) {
        case nil:
            return nil
        case .failure(let damage):
            discard(key, damage.reason)
            return nil
        case .success(let envelope):
            if let expected = envelope.parameters {
                if case .failure(let damage) = verifyParameters(for: key, digest: expected) {
                    discard(key, "its parameters are damaged: \(damage.reason)")
                    return nil
                }
            }
            memo?.remember(payload: envelope.payload, for: key)
            return envelope.payload
        }
    }

    /// Removes the entry of `key` and its parameters, with a warning naming the reason.
    func discard(_ key: CacheKey, _ reason: String) {
        Self.warn("cache entry \(key) is damaged (\(reason)); it is removed and recomputed")
        try? FileManager.default.removeItem(at: entryURL(key))
        try? FileManager.default.removeItem(at: paramsURL(key))
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
    }

    // MARK: Checkpoints

    private func checkpointURL(_ key: CacheKey) -> URL {
        directory.appendingPathComponent("checkpoints/\(key.hex).json")
    }

    /// Saves a run in progress (replacing the previous checkpoint atomically).
    public func saveCheckpoint<T: Encodable>(_ value: T, for key: CacheKey) throws {
        let payload = try Self.encoder.encode(value)
        let envelope = Envelope(key: key.hex, digest: CacheKey.digest(payload), parameters: nil, payload: payload)
        try Self.writeAtomically(try Self.encoder.encode(envelope), to: checkpointURL(key))
    }

    /// The last checkpoint of a run, or nil. A checkpoint of another key (copied or moved), a
    /// damaged one or one that does not decode is removed, and the run starts over.
    public func loadCheckpoint<T: Decodable>(_ type: T.Type, for key: CacheKey) -> T? {
        let url = checkpointURL(key)
        var reason: String
        switch Self.open(url, for: key) {
        case nil:
            return nil
        case .failure(let damage):
            reason = damage.reason
        case .success(let envelope):
            if let value = try? Self.decoder.decode(T.self, from: envelope.payload) { return value }
            reason = "it does not decode"
        }
        Self.warn("checkpoint \(key) is unusable (\(reason)); it is removed and the run starts over")
        try? FileManager.default.removeItem(at: url)
        return nil
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
