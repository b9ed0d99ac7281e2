import Foundation
import Notebook
import Training

/// Loads each data set once per process and hands the same split to every run that reads it.
/// A class because it is shared state guarded by a lock; loads happen one at a time.
final class DataCache: @unchecked Sendable {
    /// The process's cache: every executor and summary shares loaded data.
    static let shared = DataCache()

    private var splits: [CacheKey: DataSplit] = [:]
    private let lock = NSLock()

    /// The split for `unit`, loading it on first use.
    /// - Throws: `DataError` when the files are missing or malformed.
    func split(for unit: DataUnit) throws -> DataSplit {
        lock.lock()
        defer { lock.unlock() }
        if let split = splits[unit.key] { return split }
        let split = try DataSources.request(for: unit.spec).load()
        splits[unit.key] = split
        return split
    }
}

/// Maps a notebook's `dataset` spec to the training core's data request, and finds its files.
public enum DataSources {
    /// Generated sets for tiny notebooks and tests: `blobs` (Gaussian blobs) and `teacher`
    /// (labels from a random teacher network), 16 features and 4 classes; `patterns` (8×8×1
    /// images of four line patterns, for convolutional networks).
    static let generated = ["blobs", "teacher", "patterns"]

    /// Whether the named set's files can be found (generated sets always can).
    public static func isAvailable(_ name: String) -> Bool {
        generated.contains(name) || (try? DataRequest.locate(name, in: DataRequest.defaultSearchPaths())) != nil
    }

    /// The folder a named set is read from, or nil for a generated set or one not found.
    public static func folder(of name: String) -> String? {
        generated.contains(name) ? nil : try? DataRequest.locate(name, in: DataRequest.defaultSearchPaths())
    }

    /// The sample shape and class count of `spec`'s data before it is loaded: known by name for
    /// the built-in sets, read from the header of a folder's training images otherwise
    /// (``DataRequest/probeShape(of:searchPaths:)``); nil when the files are not found or not
    /// IDX images (loading reports that). The checker passes it to `NotebookParser.parse`.
    public static func sampleShape(of spec: DatasetSpec) -> (shape: SampleShape, classes: Int)? {
        if let known = spec.knownShape { return known }
        guard !generated.contains(spec.source), let (shape, classes) = DataRequest.probeShape(of: spec.source) else { return nil }
        return (SampleShape(height: shape.height, width: shape.width, channels: shape.channels), classes)
    }

    /// Forgets the digests of data files, so the next plan reads them again: a long-lived
    /// process (`minima preview`) calls it when a data folder changed.
    public static func forgetFileDigests() {
        FileDigests.shared.forgetAll()
    }

    static func request(for spec: DatasetSpec) -> DataRequest {
        let source: DataSource
        switch spec.source {
        case "blobs":
            source = .gaussianBlobs(features: 16, classes: 4, train: spec.train ?? 512, test: spec.test ?? 256, spread: 1.5)
        case "teacher":
            source = .randomTeacher(features: 16, classes: 4, train: spec.train ?? 512, test: spec.test ?? 256)
        case "patterns":
            source = .patterns(size: 8, train: spec.train ?? 512, test: spec.test ?? 256)
        default:
            source = .named(spec.source)
        }
        let generated = Self.generated.contains(spec.source)
        return DataRequest(source: source, trainSize: generated ? nil : spec.train, testSize: generated ? nil : spec.test,
                           labelNoise: spec.labelNoise, seed: spec.seed, normalizePerChannel: spec.normalize == .perChannel)
    }

    /// The data unit of `spec`: the spec plus SHA-256 digests of the files it reads.
    /// - Throws: `DataError.unknownDataset` when a named set is not found.
    static func unit(for spec: DatasetSpec) throws -> DataUnit {
        guard !generated.contains(spec.source) else { return DataUnit(spec: spec, fileDigests: [:]) }
        let root = try DataRequest.locate(spec.source, in: DataRequest.defaultSearchPaths())
        var digests: [String: String] = [:]
        let files = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for file in files.sorted() where file.contains("ubyte") || file.hasSuffix(".bin") {
            digests[file] = try FileDigests.shared.digest(ofFile: root + "/" + file)
        }
        return DataUnit(spec: spec, fileDigests: digests)
    }
}

/// SHA-256 of data files, computed once per process per path.
final class FileDigests: @unchecked Sendable {
    static let shared = FileDigests()
    private var known: [String: String] = [:]
    private let lock = NSLock()

    func digest(ofFile path: String) throws -> String {
        if let d = lock.withLock({ known[path] }) { return d }
        let d = try CacheKey.digest(ofFile: path)
        lock.withLock { known[path] = d }
        return d
    }

    func forgetAll() {
        lock.withLock { known.removeAll() }
    }
}
