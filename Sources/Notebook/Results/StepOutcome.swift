/// What running one step produced: a result, a failure shown in place, or a skip.
public enum StepOutcome: Codable, Hashable, Sendable {
    case completed(StepResult)
    /// The step ran and failed; the report shows an error box where the step stands.
    case failed(StepFailure)
    /// The step did not run because a step it depends on failed (the reason names it).
    case skipped(reason: String)
}

/// A finished step's data and where it came from.
public struct StepResult: Codable, Hashable, Sendable {
    public var table: ResultTable
    public var provenance: StepProvenance
    /// Remarks for the reader (e.g. "2 of 25 runs diverged"), shown under the step.
    public var notes: [String]

    public init(table: ResultTable, provenance: StepProvenance, notes: [String] = []) {
        self.table = table
        self.provenance = provenance
        self.notes = notes
    }
}

/// A step that failed at run time.
public struct StepFailure: Codable, Hashable, Sendable {
    public var message: String
    /// The end of the failing run's log (e.g. a Slurm task's output), if there is one.
    public var logTail: String?

    public init(message: String, logTail: String? = nil) {
        self.message = message
        self.logTail = logTail
    }
}

/// How a step's result was computed, recorded when it ran (and kept in the cache with it),
/// so a cold render and a warm re-render print the same provenance.
public struct StepProvenance: Codable, Hashable, Sendable {
    /// The full hex SHA-256 cache key; the report prints a prefix.
    public var cacheKey: String
    /// Wall-clock seconds the step took when it ran (summed over its runs).
    public var wallSeconds: Double
    public var seeds: [UInt64]
    /// BLAS threads per run.
    public var threads: Int
    /// The machine it ran on, e.g. "2 cores, Intel(R) Xeon(R) …".
    public var machine: String
    /// Data set name → content digest (hex SHA-256).
    public var dataDigests: [String: String]

    public init(cacheKey: String, wallSeconds: Double, seeds: [UInt64], threads: Int,
                machine: String, dataDigests: [String: String] = [:]) {
        self.cacheKey = cacheKey
        self.wallSeconds = wallSeconds
        self.seeds = seeds
        self.threads = threads
        self.machine = machine
        self.dataDigests = dataDigests
    }
}
