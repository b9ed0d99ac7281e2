import Foundation

/// What the cache directory holds, for `minima cache ls`.
public struct CacheSummary: Hashable, Sendable {
    /// Finished units (`entries/`): runs, measurements, interpolations, simulations.
    public var entries: Int
    /// Finished runs whose final parameters are stored (`params/`), exportable as `.npy`.
    public var parameterFiles: Int
    /// Runs interrupted or still running (`checkpoints/`); a render resumes them.
    public var checkpoints: Int
    /// Units whose spec is recorded for `minima cache explain` (`index/`).
    public var recordedSpecs: Int
    /// Bytes of every file under the cache directory (logs and Slurm manifests included).
    public var totalBytes: Int
    /// Bytes under `checkpoints/`.
    public var checkpointBytes: Int
}

extension ResultStore {
    /// The cache's sub-folders, in the order `clean` reports them.
    static let areas = ["entries", "params", "checkpoints", "index", "logs", "slurm"]

    /// Counts the files of each area and sums their sizes. Temporary files of writes in
    /// progress count towards the size only.
    /// - Complexity: O(files in the cache).
    public func summary() -> CacheSummary {
        func files(_ area: String) -> [(name: String, bytes: Int)] {
            Self.files(under: directory.appendingPathComponent(area))
        }
        let complete = { (f: (name: String, bytes: Int)) in !f.name.hasPrefix(".") }
        let checkpoints = files("checkpoints")
        return CacheSummary(
            entries: files("entries").filter(complete).count,
            parameterFiles: files("params").filter(complete).count,
            checkpoints: checkpoints.filter(complete).count,
            recordedSpecs: files("index").filter(complete).count,
            totalBytes: Self.files(under: directory).reduce(0) { $0 + $1.bytes },
            checkpointBytes: checkpoints.reduce(0) { $0 + $1.bytes })
    }

    /// Removes the whole cache (every area), or only the checkpoints of unfinished runs.
    ///
    /// Removing checkpoints makes an interrupted run start over on the next render; finished
    /// results stay. Removing everything makes every step run again.
    /// - Returns: What was there before (the counts of what was removed).
    /// - Throws: A file-system error when a folder cannot be removed.
    @discardableResult
    public func clean(checkpointsOnly: Bool) throws -> CacheSummary {
        let before = summary()
        let areas = checkpointsOnly ? ["checkpoints"] : Self.areas
        for area in areas {
            let url = directory.appendingPathComponent(area)
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        }
        return before
    }

    /// Every regular file below `url` with its size, in path order.
    static func files(under url: URL) -> [(name: String, bytes: Int)] {
        guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        else { return [] }
        var found: [(String, Int)] = []
        for case let file as URL in walker {
            guard let values = try? file.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]),
                  values.isRegularFile == true else { continue }
            found.append((file.lastPathComponent, values.fileSize ?? 0))
        }
        return found
    }
}
