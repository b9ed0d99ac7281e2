import Foundation
import Training

/// What `minima worker` does in one Slurm array task: computes one unit of a job manifest and
/// writes its result atomically into the shared cache.
public enum SlurmWorker {
    /// How a task ended.
    public enum Outcome: Equatable, Sendable {
        /// The entry was already in the cache (a requeued task, or another render computed it).
        case alreadyCached(CacheKey)
        /// The unit was computed and stored, in this many seconds.
        case computed(CacheKey, seconds: Double)
    }

    /// Computes unit `index` of the manifest at `manifest` unless its entry already exists.
    ///
    /// A training run resumes from its last checkpoint (written every ~15 s), so a preempted or
    /// requeued task loses at most that much work. BLAS uses `SLURM_CPUS_PER_TASK` threads.
    /// - Parameters:
    ///   - cacheDirectory: The cache to use; nil is the one the manifest names.
    ///   - log: Receives progress lines (the task's log).
    /// - Throws: `SlurmError` when the manifest cannot be read, the index is out of range or the
    ///   cache cannot be written; the unit's own error when it fails.
    public static func run(manifest: URL, index: Int, cacheDirectory: URL? = nil,
                           log: @escaping @Sendable (String) -> Void = { _ in }) throws -> Outcome {
        let loaded = try SlurmManifest.load(manifest)
        let worker = CommandLine.arguments.first ?? "minima"
        guard loaded.units.indices.contains(index) else {
            throw SlurmError.command("index \(index) is out of range: the manifest \(manifest.path) has "
                                     + "\(loaded.units.count) units (0…\(loaded.units.count - 1))")
        }
        let entry = loaded.units[index]
        if let kernel = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"], !Kernels.cpuRuns(blasKernel: kernel) {
            throw SlurmError.command("this node's CPU cannot run OpenBLAS's \(kernel) kernels, which the submitting machine "
                                     + "keyed its results with; render with OPENBLAS_CORETYPE=Haswell so every node runs "
                                     + "the same kernels")
        }
        let key = entry.unit.key
        guard key == entry.key else {
            throw SlurmError.command("unit \(index) of \(manifest.path) decodes to key \(key), not \(entry.key): this minima "
                                     + "(\(worker)) must be the same version as the one that wrote the manifest")
        }
        let store = ResultStore(directory: cacheDirectory ?? URL(fileURLWithPath: loaded.cacheDirectory))
        if store.contains(key) { return .alreadyCached(key) }
        if let text = ProcessInfo.processInfo.environment["SLURM_CPUS_PER_TASK"], let cpus = Int(text), cpus >= 1 {
            Kernels.setThreads(cpus)
        }
        try checkData(of: entry.unit)
        log("\(entry.step) \(entry.unit.label) [\(key)] on \(ProcessInfo.processInfo.hostName), \(Kernels.threads) thread(s)")
        let start = Date()
        let runner = UnitRunner(store: store, data: DataCache.shared)
        do {
            _ = try runner.run(entry.unit) { done, total in log("\(entry.step) \(entry.unit.label): \(done)/\(total)") }
        } catch let error as CocoaError where error.code == .fileWriteUnknown || error.code == .fileWriteNoPermission {
            throw SlurmError.cacheNotWritable(path: store.directory.path, reason: error.localizedDescription)
        }
        return .computed(key, seconds: Date().timeIntervalSince(start))
    }

    /// Checks that the named data sets the unit reads have, on this node, the file digests its
    /// key was made with (a node with other files would store a result under a wrong key).
    /// - Throws: `SlurmError.command` naming the data set and the differing files.
    static func checkData(of unit: WorkUnit) throws {
        let data: [DataUnit]
        switch unit {
        case .run(let u): data = [u.data]
        case .simulate: data = []
        default: data = unit.inputs.map(\.data)
        }
        for expected in Set(data) where !expected.fileDigests.isEmpty {
            let here = try DataSources.unit(for: expected.spec)
            guard here.fileDigests == expected.fileDigests else {
                let differing = Set(expected.fileDigests.keys).union(here.fileDigests.keys)
                    .filter { expected.fileDigests[$0] != here.fileDigests[$0] }.sorted()
                throw SlurmError.command("the data set '\(expected.spec.source)' on this node (\(ProcessInfo.processInfo.hostName)) "
                                         + "differs from the submitting machine's: \(differing.joined(separator: ", ")); "
                                         + "give the nodes the same files (e.g. MINIMA_DATA on a shared filesystem)")
            }
        }
    }
}
