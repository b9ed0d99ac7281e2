import ArgumentParser
import Runner

/// Where runs execute: in this process (default) or as Slurm job arrays over a shared cache.
struct ExecutorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("'local' (default) or 'slurm'; overrides the front matter's 'executor:'.", valueName: "name"))
    var executor: String?

    @Option(help: "Slurm partition of the array tasks.")
    var partition: String?

    @Option(help: ArgumentHelp("Slurm time limit per task, e.g. 01:00:00.", valueName: "time"))
    var time: String?

    @Option(help: "CPUs per Slurm task (also its BLAS threads).")
    var cpusPerTask: Int?

    @Option(help: "At most this many array tasks at once.")
    var maxRunning: Int?

    @Option(name: .customLong("sbatch-arg"), help: ArgumentHelp("An extra sbatch argument (repeatable), e.g. --sbatch-arg=--account=lab.", valueName: "arg"))
    var sbatchArguments: [String] = []

    @Flag(help: "Submit the Slurm arrays, print the job ids and exit; render again to wait and write the report.")
    var detach = false

    func validate() throws {
        if let executor, !["local", "slurm"].contains(executor) {
            throw ValidationError("--executor must be 'local' or 'slurm', got '\(executor)'.")
        }
        if let n = cpusPerTask, n < 1 { throw ValidationError("--cpus-per-task must be at least 1, got \(n).") }
        if let n = maxRunning, n < 1 { throw ValidationError("--max-running must be at least 1, got \(n).") }
    }

    /// The Slurm options the flags set (unset ones keep the defaults, which the front matter may fill).
    var slurmFlags: SlurmOptions {
        SlurmOptions(partition: partition, timeLimit: time, cpusPerTask: cpusPerTask ?? SlurmOptions().cpusPerTask,
                     maxRunning: maxRunning, extraArguments: sbatchArguments, detach: detach)
    }
}
