import Foundation

/// Computes units as Slurm job-array tasks that share the content-addressed cache.
///
/// For each wave of `NotebookRun` (first train/sweep/simulate units, then measure/interpolate
/// units), the wave's uncached units are written as one job manifest
/// (`<cache>/slurm/<digest>.json`, atomic) and submitted as `sbatch --array` (split into chunks
/// below the cluster's `MaxArraySize`); task `i` runs `minima worker MANIFEST --index i`, which
/// computes unit `i` and writes its entry atomically. The executor then polls `squeue` until
/// every unit has an entry or its task ended without one.
///
/// **Dependent steps.** `measure` and `interpolate` read trained parameters, so they run as a
/// *second array*, submitted by this same executor once the first array has finished (that is
/// `NotebookRun`'s second wave), rather than as an `--dependency=afterok` job: a failed training
/// task then fails only the units that read it, and nothing is left pending forever. Plots and
/// tables are drawn locally from the cache.
///
/// **Resuming.** The job ids of each manifest are recorded beside it (`<digest>.jobs.json`). A
/// later render whose units are still pending or running in `squeue` waits for those tasks
/// instead of submitting them again; units whose tasks have ended without a result are
/// submitted anew. `detach` submits, prints the job ids and returns a `pending` failure for
/// every unit (`isPending(_:)`), so the caller can exit and be run again later.
///
/// **Ctrl-C** while waiting cancels the submitted (and adopted) arrays with `scancel` and ends
/// the process with SIGINT; cancelling the Swift task does the same but returns failures.
public struct SlurmExecutor: Executor {
    /// The `sbatch` settings and whether to wait.
    public var options: SlurmOptions

    /// An executor submitting with `options` (`SlurmOptions()`: 1 CPU per task, the cluster's defaults).
    public init(options: SlurmOptions = SlurmOptions()) {
        self.options = options
    }

    /// The start of the failure message of a unit left pending by `detach`.
    public static let pendingPrefix = "pending in Slurm"

    /// Whether a failure message returned by `execute` means "submitted, not finished yet"
    /// (a detached render) rather than an error.
    public static func isPending(_ message: String) -> Bool { message.hasPrefix(pendingPrefix) }

    /// Checks, before anything runs, that the Slurm client commands work and that the cache
    /// directory can be written.
    /// - Throws: `SlurmError.cacheNotWritable` (naming the path and that it must be shared) or
    ///   `SlurmError.command` (Slurm not installed or not reachable).
    public func preflight(store: ResultStore) throws {
        try Self.prepareFolders(in: store.directory)
        let config = try SlurmCommand.run(["scontrol", "show", "config"])
        guard config.status == 0 else { throw SlurmError.command("Slurm is not reachable: \(config.message)") }
    }

    /// Submits `units` (or adopts their still-queued tasks), waits until each has an entry or its
    /// task ended, and returns a failure message per unit that has no entry: the task's state and
    /// the last 20 lines of its log, "cancelled: …", or with `detach` a `pendingPrefix` message.
    public func execute(_ units: [(step: String, unit: WorkUnit)], store: ResultStore, progress: Progress) async -> [CacheKey: String] {
        guard !units.isEmpty else { return [:] }
        progress.begin(units.count)
        let plan: Tracking
        do {
            plan = try track(units, store: store, progress: progress)
        } catch {
            for (step, unit) in units {
                progress.finished(unit.label, step: step, seconds: 0, failure: "\(error)")
            }
            return Dictionary(units.map { ($0.unit.key, "\(error)") }) { a, _ in a }
        }
        var failures = plan.failures
        if options.detach {
            let jobs = Set(plan.tasks.map(\.task.job)).sorted()
            if !jobs.isEmpty {
                progress.note("detached: Slurm job\(jobs.count == 1 ? "" : "s") \(jobs.joined(separator: ", ")) "
                              + "(\(plan.tasks.count) task\(plan.tasks.count == 1 ? "" : "s")) will compute the missing "
                              + "results; run the same minima render again to wait for them and render the report")
            }
            for tracked in plan.tasks {
                failures[tracked.key] = "\(Self.pendingPrefix) job \(tracked.task); run the same minima render again "
                    + "to wait for it"
            }
            return failures
        }
        let waited = await wait(for: plan.tasks, store: store, progress: progress)
        failures.merge(waited) { a, _ in a }
        return failures
    }

    // MARK: Submitting

    /// A unit handed to a Slurm task.
    struct TrackedUnit {
        var step: String
        var key: CacheKey
        var label: String
        var task: SlurmQueue.Task
    }

    /// The tasks to wait for, and units that failed before any task ran (e.g. `sbatch` refused).
    struct Tracking {
        var tasks: [TrackedUnit] = []
        var failures: [CacheKey: String] = [:]
    }

    /// Adopts units whose earlier tasks are still queued or running, and submits the rest.
    func track(_ units: [(step: String, unit: WorkUnit)], store: ResultStore, progress: Progress) throws -> Tracking {
        let directory = store.directory.absoluteURL.standardizedFileURL
        try Self.prepareFolders(in: directory)
        var plan = Tracking()
        let adopted = Self.activeTasks(for: Set(units.map(\.unit.key)), in: directory)
        var fresh: [(step: String, unit: WorkUnit)] = []
        for (step, unit) in units {
            if let task = adopted[unit.key] {
                plan.tasks.append(TrackedUnit(step: step, key: unit.key, label: unit.label, task: task))
            } else {
                fresh.append((step, unit))
            }
        }
        if !plan.tasks.isEmpty {
            let jobs = Set(plan.tasks.map(\.task.job)).sorted().joined(separator: ", ")
            progress.note("waiting for \(plan.tasks.count) unit\(plan.tasks.count == 1 ? "" : "s") already in Slurm job \(jobs)")
        }
        guard !fresh.isEmpty else { return plan }
        if ["/tmp/", "/var/tmp/", "/dev/shm/"].contains(where: { (directory.path + "/").hasPrefix($0) }) {
            progress.note("note: the cache \(directory.path) is in a temporary folder, which is usually local to each "
                          + "machine; Slurm tasks on other nodes need it on a shared filesystem")
        }
        let manifest = SlurmManifest(cacheDirectory: directory.path, units: fresh)
        try manifest.write(in: directory)
        let submission = SlurmSubmission(options: options, worker: options.worker ?? Self.currentExecutable,
                                         cacheDirectory: directory, digest: manifest.digest)
        do {
            try ResultStore.writeAtomically(Data(submission.script.utf8), to: submission.scriptURL)
        } catch {
            throw SlurmError.cacheNotWritable(path: directory.path, reason: SlurmManifest.reason(error))
        }
        var record = SlurmJobRecord.load(digest: manifest.digest, in: directory)
            ?? SlurmJobRecord(manifest: manifest.digest, chunks: [])
        for chunk in SlurmQueue.chunks(count: fresh.count, maxArraySize: Self.maxArraySize()) {
            let arguments = submission.arguments(offset: chunk.offset, count: chunk.count)
            let output = try SlurmCommand.run(arguments)
            let units = fresh[chunk.offset..<(chunk.offset + chunk.count)]
            guard output.status == 0, let job = SlurmQueue.jobID(sbatch: output.stdout) else {
                let message = "sbatch failed (exit \(output.status)): \(output.message)\ncommand: "
                    + arguments.map(SlurmSubmission.quote).joined(separator: " ")
                for (step, unit) in units {
                    plan.failures[unit.key] = message
                    progress.finished(unit.label, step: step, seconds: 0, failure: message)
                }
                continue
            }
            record.chunks.append(SlurmJobRecord.Chunk(job: job, offset: chunk.offset, count: chunk.count))
            do { try record.save(in: directory) } catch {
                progress.note("warning: cannot record Slurm job \(job) in \(directory.path): \(error)")
            }
            for (index, (step, unit)) in zip(chunk.offset..., units) {
                let task = SlurmQueue.Task(job: job, index: index - chunk.offset)
                plan.tasks.append(TrackedUnit(step: step, key: unit.key, label: unit.label, task: task))
            }
            progress.note("submitted Slurm job \(job): \(chunk.count) task\(chunk.count == 1 ? "" : "s") "
                          + "(logs in \(submission.logDirectory.path))")
        }
        return plan
    }

    /// Tasks recorded in the cache that are still pending or running, for the wanted keys.
    static func activeTasks(for keys: Set<CacheKey>, in directory: URL) -> [CacheKey: SlurmQueue.Task] {
        var candidates: [CacheKey: [SlurmQueue.Task]] = [:]
        for record in SlurmJobRecord.all(in: directory) {
            guard let manifest = try? SlurmManifest.load(SlurmManifest.url(digest: record.manifest, in: directory))
            else { continue }
            for chunk in record.chunks {
                for index in chunk.offset..<min(chunk.offset + chunk.count, manifest.units.count) {
                    let key = manifest.units[index].unit.key
                    if keys.contains(key) {
                        candidates[key, default: []].append(SlurmQueue.Task(job: chunk.job, index: index - chunk.offset))
                    }
                }
            }
        }
        let jobs = Set(candidates.values.joined().map(\.job))
        guard !jobs.isEmpty, let states = queueStates(jobs: jobs) else { return [:] }
        return candidates.compactMapValues { tasks in tasks.last { states[$0]?.isActive == true } }
    }

    /// The states of every task of `jobs` in `squeue`, or nil when `squeue` fails. Jobs that
    /// Slurm no longer knows are simply absent.
    static func queueStates(jobs: Set<String>) -> [SlurmQueue.Task: SlurmTaskState]? {
        try? queueQuery(jobs: jobs).get()
    }

    /// `queueStates(jobs:)`, with `squeue`'s message when it fails.
    static func queueQuery(jobs: Set<String>) -> Result<[SlurmQueue.Task: SlurmTaskState], SlurmError> {
        let list = jobs.sorted().joined(separator: ",")
        let output: SlurmCommand.Output
        do {
            output = try SlurmCommand.run(["squeue", "-h", "-t", "all", "-j", list, "-o", "%i %T"])
        } catch let error as SlurmError {
            return .failure(error)
        } catch {
            return .failure(.command("\(error)"))
        }
        if output.status != 0 {
            // All the ids are unknown (purged after MinJobAge): nothing is queued.
            return output.stderr.contains("Invalid job id") ? .success([:]) : .failure(.command(output.message))
        }
        return .success(SlurmQueue.parse(squeue: output.stdout))
    }

    /// The cluster's `MaxArraySize` (Slurm's default, 1001, when it cannot be read).
    static func maxArraySize() -> Int {
        guard let output = try? SlurmCommand.run(["scontrol", "show", "config"]), output.status == 0 else { return 1001 }
        return SlurmQueue.maxArraySize(config: output.stdout) ?? 1001
    }

    /// Creates the `slurm` and log folders of the cache and checks that they can be written.
    static func prepareFolders(in directory: URL) throws {
        let folders = [directory.appendingPathComponent("slurm"), SlurmSubmission.logDirectory(in: directory)]
        do {
            for folder in folders {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let probe = folder.appendingPathComponent(".write-test-\(ProcessInfo.processInfo.processIdentifier)")
                try Data().write(to: probe)
                try FileManager.default.removeItem(at: probe)
            }
        } catch {
            throw SlurmError.cacheNotWritable(path: directory.path, reason: SlurmManifest.reason(error))
        }
    }

    /// The path of this process's executable (the `minima` binary when run by the CLI).
    static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
