import Foundation

/// The spec of a unit whose result is in the cache, kept beside the entry so that
/// `minima cache explain` can say what changed since (`index/<key>.json`).
///
/// The entry format is unchanged; the index is a side record, written after the entry. A
/// missing or unreadable record only means explain has less to compare with.
public struct SpecRecord: Codable, Hashable, Sendable {
    /// `CacheKey.coreVersion` when the unit was computed.
    public var coreVersion: Int
    /// `CacheKey.blasKernel` when the unit was computed (nil in records older than core version 3).
    public var blasKernel: String?
    /// The unit as it was keyed.
    public var unit: WorkUnit

    public init(coreVersion: Int = CacheKey.coreVersion, blasKernel: String? = CacheKey.blasKernel, unit: WorkUnit) {
        self.coreVersion = coreVersion
        self.blasKernel = blasKernel
        self.unit = unit
    }
}

extension ResultStore {
    private func specURL(_ key: CacheKey) -> URL {
        directory.appendingPathComponent("index/\(key.hex).json")
    }

    /// Records `unit`'s spec under `key` (atomically; replacing an older record).
    public func saveSpec(_ unit: WorkUnit, for key: CacheKey) throws {
        try Self.writeAtomically(try Self.encoder.encode(SpecRecord(unit: unit)), to: specURL(key))
    }

    /// The recorded spec of `key`, or nil.
    public func recordedSpec(for key: CacheKey) -> SpecRecord? {
        guard let data = try? Data(contentsOf: specURL(key)) else { return nil }
        return try? Self.decoder.decode(SpecRecord.self, from: data)
    }

    /// Every recorded spec whose entry is still in the cache, by key, in key order.
    /// - Complexity: O(records), one file read each.
    public func recordedSpecs() -> [(key: CacheKey, record: SpecRecord)] {
        let folder = directory.appendingPathComponent("index")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { name in
            guard name.hasSuffix(".json"), !name.hasPrefix(".") else { return nil }
            let key = CacheKey(hex: String(name.dropLast(5)))
            guard contains(key), let record = recordedSpec(for: key) else { return nil }
            return (key, record)
        }
    }
}
