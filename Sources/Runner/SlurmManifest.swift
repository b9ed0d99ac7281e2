import Foundation

/// The units of one submission, as a JSON file in the shared cache that every array task reads.
///
/// Written atomically to `<cache>/slurm/<digest>.json`, where the digest is the SHA-256 of the
/// file's bytes, so the same units in the same cache always give the same file. Task `i` of the
/// array computes `units[i]` (`minima worker MANIFEST --index i`).
struct SlurmManifest: Codable, Hashable, Sendable {
    /// One unit to compute, with the step it belongs to (for labels and errors).
    struct Entry: Codable, Hashable, Sendable {
        var step: String
        /// The unit's key when written; the worker checks that the decoded unit has it.
        var key: CacheKey
        var unit: WorkUnit
    }

    /// The manifest format's version.
    var version = 1
    /// The cache directory the results go to (absolute path, as seen by the submitting machine).
    var cacheDirectory: String
    var units: [Entry]

    init(cacheDirectory: String, units: [(step: String, unit: WorkUnit)]) {
        self.cacheDirectory = cacheDirectory
        self.units = units.map { Entry(step: $0.step, key: $0.unit.key, unit: $0.unit) }
    }

    /// The canonical bytes of the manifest (sorted keys).
    func encoded() -> Data {
        // Encoding plain Codable units cannot fail; a failure is a programming error.
        try! ResultStore.encoder.encode(self)
    }

    /// Hex SHA-256 of `encoded()`: the manifest's name in the cache.
    var digest: String { CacheKey.digest(encoded()) }

    /// Where the manifest lives in the cache at `directory`.
    static func url(digest: String, in directory: URL) -> URL {
        directory.appendingPathComponent("slurm/\(digest).json")
    }

    /// Writes the manifest atomically into the cache (a no-op when it is already there).
    /// - Returns: The manifest's path.
    /// - Throws: `SlurmError.cacheNotWritable` when the cache's `slurm` folder cannot be written.
    @discardableResult
    func write(in directory: URL) throws -> URL {
        let url = Self.url(digest: digest, in: directory)
        if FileManager.default.fileExists(atPath: url.path) { return url }
        do {
            try ResultStore.writeAtomically(encoded(), to: url)
        } catch {
            throw SlurmError.cacheNotWritable(path: directory.path, reason: Self.reason(error))
        }
        return url
    }

    /// Reads a manifest written by `write(in:)`.
    /// - Throws: `SlurmError.command` saying the file is missing (the cache not being shared is
    ///   the usual cause) or malformed.
    static func load(_ url: URL) throws -> SlurmManifest {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SlurmError.command("cannot read the job manifest \(url.path); the cache directory must be on a "
                                     + "filesystem shared by the submitting machine and this node (\(ProcessInfo.processInfo.hostName))")
        }
        do {
            return try ResultStore.decoder.decode(SlurmManifest.self, from: data)
        } catch {
            throw SlurmError.command("the job manifest \(url.path) is malformed: \(error)")
        }
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}

/// The jobs submitted for one manifest, recorded beside it (`<digest>.jobs.json`) so that a
/// later render waits for unfinished tasks instead of submitting them again.
struct SlurmJobRecord: Codable, Hashable, Sendable {
    /// One `sbatch --array` submission: array task `t` computes manifest unit `offset + t`.
    struct Chunk: Codable, Hashable, Sendable {
        var job: String
        var offset: Int
        var count: Int
    }

    var manifest: String
    var chunks: [Chunk]

    /// The record file of manifest `digest` in the cache at `directory`.
    static func url(digest: String, in directory: URL) -> URL {
        directory.appendingPathComponent("slurm/\(digest).jobs.json")
    }

    /// The record of `digest`, or nil when nothing was submitted for it.
    static func load(digest: String, in directory: URL) -> SlurmJobRecord? {
        guard let data = FileManager.default.contents(atPath: url(digest: digest, in: directory).path) else { return nil }
        return try? JSONDecoder().decode(SlurmJobRecord.self, from: data)
    }

    /// Every record in the cache at `directory`, in name order.
    static func all(in directory: URL) -> [SlurmJobRecord] {
        let folder = directory.appendingPathComponent("slurm")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".jobs.json") }.sorted()
            .compactMap { load(digest: String($0.dropLast(".jobs.json".count)), in: directory) }
    }

    /// Writes the record atomically.
    func save(in directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try ResultStore.writeAtomically(try encoder.encode(self), to: Self.url(digest: manifest, in: directory))
    }
}
