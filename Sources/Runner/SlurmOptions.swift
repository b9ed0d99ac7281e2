import Foundation

/// How `SlurmExecutor` submits work: the `sbatch` settings of every array task, and whether
/// the render waits for the array.
///
/// Set from `minima render --executor slurm` flags or from the notebook's front matter:
///
/// ```yaml
/// executor:
///   slurm: { partition: gpu, time: "01:00:00", cpus_per_task: 4, sbatch_args: "--account=lab --qos=short" }
/// ```
///
/// Flags win over front matter (`merging(_:)`). `SlurmOptions(settings:)` reads the front matter
/// mapping's scalar values.
public struct SlurmOptions: Codable, Hashable, Sendable {
    /// `--partition`; nil uses the cluster's default partition.
    public var partition: String?
    /// `--time` of each task, in any form `sbatch` accepts ("30", "01:00:00", "1-00:00:00"); nil
    /// uses the partition's default.
    public var timeLimit: String?
    /// `--cpus-per-task`; the worker also uses this many BLAS threads.
    public var cpusPerTask: Int
    /// At most this many tasks of an array run at once (`--array=0-99%N`); nil for no limit.
    public var maxRunning: Int?
    /// Further `sbatch` arguments, passed as given (e.g. `["--account=lab", "--mem=2G"]`).
    public var extraArguments: [String]
    /// Submit, print the job ids and how to resume, and return without waiting.
    public var detach: Bool
    /// The `minima` executable the tasks run (it must be reachable from the nodes); nil is the
    /// executable of this process.
    public var worker: String?

    /// Options with the cluster's defaults: 1 CPU per task, no time limit or partition given.
    public init(partition: String? = nil, timeLimit: String? = nil, cpusPerTask: Int = 1, maxRunning: Int? = nil,
                extraArguments: [String] = [], detach: Bool = false, worker: String? = nil) {
        self.partition = partition
        self.timeLimit = timeLimit
        self.cpusPerTask = max(1, cpusPerTask)
        self.maxRunning = maxRunning
        self.extraArguments = extraArguments
        self.detach = detach
        self.worker = worker
    }

    /// The keys accepted under `executor: { slurm: … }` in the front matter.
    public static let settingKeys = ["partition", "time", "cpus_per_task", "max_running", "sbatch_args", "detach"]

    /// Options from the front matter's `executor.slurm` mapping (key → scalar text).
    ///
    /// `sbatch_args` is split at spaces (no shell quoting: give one argument per word).
    /// - Throws: `SlurmError.invalidSetting` naming an unknown key or a value of the wrong kind.
    public init(settings: [String: String]) throws {
        self.init()
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "partition": partition = value
            case "time": timeLimit = value
            case "cpus_per_task":
                guard let n = Int(value), n >= 1 else {
                    throw SlurmError.invalidSetting("'cpus_per_task' must be a whole number of at least 1, found '\(value)'")
                }
                cpusPerTask = n
            case "max_running":
                guard let n = Int(value), n >= 1 else {
                    throw SlurmError.invalidSetting("'max_running' must be a whole number of at least 1, found '\(value)'")
                }
                maxRunning = n
            case "sbatch_args": extraArguments = value.split(separator: " ").map(String.init)
            case "detach":
                guard let flag = ["true": true, "yes": true, "false": false, "no": false][value.lowercased()] else {
                    throw SlurmError.invalidSetting("'detach' must be true or false, found '\(value)'")
                }
                detach = flag
            default:
                throw SlurmError.invalidSetting("unknown key '\(key)' under 'executor: slurm'; valid keys: \(Self.settingKeys.joined(separator: ", "))")
            }
        }
    }

    /// These options with every value that `flags` sets replacing this one's (flags win over the
    /// front matter). `flags` sets a value when it differs from `SlurmOptions()`'s.
    public func merging(_ flags: SlurmOptions) -> SlurmOptions {
        let defaults = SlurmOptions()
        var merged = self
        if let p = flags.partition { merged.partition = p }
        if let t = flags.timeLimit { merged.timeLimit = t }
        if flags.cpusPerTask != defaults.cpusPerTask { merged.cpusPerTask = flags.cpusPerTask }
        if let m = flags.maxRunning { merged.maxRunning = m }
        if !flags.extraArguments.isEmpty { merged.extraArguments += flags.extraArguments }
        if flags.detach { merged.detach = true }
        if let w = flags.worker { merged.worker = w }
        return merged
    }
}

/// A problem with the Slurm executor's setup, said in terms the user can act on.
public enum SlurmError: Error, CustomStringConvertible, Equatable {
    /// A bad `executor: slurm` setting.
    case invalidSetting(String)
    /// The cache directory (or a folder in it) cannot be written.
    case cacheNotWritable(path: String, reason: String)
    /// A Slurm command could not run or failed.
    case command(String)

    /// The message for the user (no "error:" prefix).
    public var description: String {
        switch self {
        case .invalidSetting(let message): return message
        case .cacheNotWritable(let path, let reason):
            return "cannot write to the cache directory \(path) (\(reason)); with --executor slurm the cache "
                + "directory must be writable and on a filesystem shared by this machine and the cluster's nodes"
                + "(give one with --cache-dir)"
        case .command(let message): return message
        }
    }
}
