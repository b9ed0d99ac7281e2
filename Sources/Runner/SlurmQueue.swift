import Foundation

/// The state of one array task as `squeue -t all` reports it, folded into what the executor
/// needs: still waiting, running, or ended (and how).
enum SlurmTaskState: Hashable, Sendable {
    case pending
    case running
    /// Ended with exit code 0.
    case completed
    /// Ended otherwise; the payload is Slurm's state name (FAILED, CANCELLED, TIMEOUT, …).
    case ended(String)

    /// The state of a `%T` name. Unknown names count as pending (waiting is always safe).
    init(name: String) {
        switch name.uppercased() {
        case "RUNNING", "COMPLETING", "CONFIGURING", "STAGE_OUT", "SIGNALING", "RESIZING": self = .running
        case "COMPLETED": self = .completed
        case "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE",
             "PREEMPTED", "SPECIAL_EXIT", "REVOKED":
            self = .ended(name.uppercased())
        default: self = .pending  // PENDING, REQUEUED, REQUEUE_HOLD, REQUEUE_FED, SUSPENDED, STOPPED, …
        }
    }

    /// Whether the task can still produce a result.
    var isActive: Bool { self == .pending || self == .running }
}

/// Parsing and arithmetic for Slurm's text output: `squeue` lines, array ranges, `MaxArraySize`.
enum SlurmQueue {
    /// A task of a job array: job id and array index.
    struct Task: Hashable, Sendable, Comparable, CustomStringConvertible {
        var job: String
        var index: Int
        init(job: String, index: Int) { self.job = job; self.index = index }
        var description: String { "\(job)_\(index)" }
        static func < (a: Self, b: Self) -> Bool { (a.job, a.index) < (b.job, b.index) }
    }

    /// The tasks and states in the output of `squeue -h -t all -j IDS -o '%i %T'`.
    ///
    /// Running and ended tasks are one line each (`12_3 RUNNING`); the pending rest of an array is
    /// one line with a range (`12_[4-7,9%2] PENDING`, the `%2` being a throttle). A job that is not
    /// an array (`12 COMPLETED`) is task 0. Lines that do not parse are skipped.
    static func parse(squeue output: String) -> [Task: SlurmTaskState] {
        var states: [Task: SlurmTaskState] = [:]
        for line in output.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2 else { continue }
            let id = fields[0], state = SlurmTaskState(name: String(fields[1]))
            guard let underscore = id.firstIndex(of: "_") else {
                if id.allSatisfy(\.isNumber) { states[Task(job: String(id), index: 0)] = state }
                continue
            }
            let job = String(id[..<underscore])
            var indices = String(id[id.index(after: underscore)...])
            if indices.hasPrefix("[") && indices.hasSuffix("]") { indices = String(indices.dropFirst().dropLast()) }
            for index in expand(range: indices) ?? [] { states[Task(job: job, index: index)] = state }
        }
        return states
    }

    /// The indices of an array range such as `0-3,7,9-10%2` (the `%` throttle is ignored), or nil
    /// when it does not parse.
    static func expand(range: String) -> [Int]? {
        let body = range.split(separator: "%", maxSplits: 1).first.map(String.init) ?? ""
        var indices: [Int] = []
        for part in body.split(separator: ",") {
            // sbatch allows a step (`0-15:4`); squeue prints expanded ranges, but accept it.
            let stepped = part.split(separator: ":", maxSplits: 1)
            let ends = stepped.first?.split(separator: "-", maxSplits: 1) ?? []
            guard let first = ends.first.flatMap({ Int($0) }), let last = ends.last.flatMap({ Int($0) }), first <= last,
                  let step = stepped.count == 2 ? Int(stepped[1]) : 1, step >= 1
            else { return nil }
            indices += Array(stride(from: first, through: last, by: step))
        }
        return indices
    }

    /// `MaxArraySize` from `scontrol show config` output, or nil when absent.
    static func maxArraySize(config output: String) -> Int? {
        for line in output.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "MaxArraySize" {
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }

    /// Splits `count` units into arrays the cluster accepts: array indices must be below
    /// `maxArraySize`, so each chunk has at most `maxArraySize` tasks (indices `0..<size`) and
    /// covers manifest units `offset..<offset+size`.
    ///
    /// `chunks(count: 2500, maxArraySize: 1001)` is `[(0, 1001), (1001, 1001), (2002, 498)]`.
    static func chunks(count: Int, maxArraySize: Int) -> [(offset: Int, count: Int)] {
        let size = max(1, maxArraySize)
        return stride(from: 0, to: count, by: size).map { ($0, min(size, count - $0)) }
    }

    /// The job id printed by `sbatch --parsable` (`"123"` or `"123;cluster"`), or nil.
    static func jobID(sbatch output: String) -> String? {
        let first = output.split(whereSeparator: \.isNewline).last.map(String.init)?
            .split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return !first.isEmpty && first.allSatisfy(\.isNumber) ? first : nil
    }
}
