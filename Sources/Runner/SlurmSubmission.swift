import Foundation
import Training

/// The batch script and `sbatch` command line of a manifest's job arrays (pure: builds text).
///
/// One script per manifest, `<cache>/slurm/<digest>.sh`, takes the chunk's offset as its first
/// argument, so task `t` of the chunk at `offset` runs
/// `minima worker MANIFEST --index (offset + t) --cache-dir CACHE`.
struct SlurmSubmission {
    var options: SlurmOptions
    /// The `minima` executable on the nodes.
    var worker: String
    /// The shared cache directory (absolute).
    var cacheDirectory: URL
    var digest: String
    /// Where the submitting machine finds named data sets (`$MINIMA_DATA`, `./Data`, …); the
    /// tasks search the same folders first, since their working directory is the cache.
    var dataSearchPaths = DataRequest.defaultSearchPaths()

    var manifestURL: URL { SlurmManifest.url(digest: digest, in: cacheDirectory) }
    var scriptURL: URL { cacheDirectory.appendingPathComponent("slurm/\(digest).sh") }
    /// Where task logs go: `<cache>/logs/slurm/<job>_<task>.log`.
    var logDirectory: URL { Self.logDirectory(in: cacheDirectory) }

    static func logDirectory(in cacheDirectory: URL) -> URL {
        ResultStore(directory: cacheDirectory).logDirectory.appendingPathComponent("slurm")
    }

    /// The log of array task `task` (Slurm's `%A_%a`).
    static func log(of task: SlurmQueue.Task, in cacheDirectory: URL) -> URL {
        logDirectory(in: cacheDirectory).appendingPathComponent("\(task.job)_\(task.index).log")
    }

    /// The batch script: BLAS threads from the task's CPUs, the submitter's OpenBLAS kernel family
    /// (it is part of every key), the submitter's data folders, then the worker for this task's unit.
    var script: String {
        """
        #!/bin/sh
        # Minima job array for manifest \(digest): task T of the chunk at offset $1 computes unit $1 + T.
        # A task whose result is already in the cache exits at once, so requeued tasks are cheap.
        export OPENBLAS_NUM_THREADS="${SLURM_CPUS_PER_TASK:-1}"
        export OPENBLAS_CORETYPE=\(Self.quote(CacheKey.blasKernel))
        export MINIMA_DATA=\(Self.quote(dataSearchPaths.joined(separator: ":")))
        exec \(Self.quote(worker)) worker \(Self.quote(manifestURL.path)) \\
            --index "$(( $1 + SLURM_ARRAY_TASK_ID ))" --cache-dir \(Self.quote(cacheDirectory.path))

        """
    }

    /// The `sbatch` arguments that submit `count` tasks covering manifest units `offset…`.
    ///
    /// `--parsable` prints just the job id; `--open-mode=append` keeps the output of every attempt
    /// of a requeued task in one log; `--chdir` is the shared cache, so the node's working
    /// directory exists. Extra arguments come last, before the script, so they can override.
    func arguments(offset: Int, count: Int) -> [String] {
        var array = "--array=0-\(count - 1)"
        if let limit = options.maxRunning { array += "%\(limit)" }
        var arguments = ["sbatch", "--parsable", "--job-name=minima-\(digest.prefix(12))", array,
                         "--output=\(logDirectory.path)/%A_%a.log", "--open-mode=append", "--requeue",
                         "--chdir=\(cacheDirectory.path)", "--cpus-per-task=\(options.cpusPerTask)"]
        if let partition = options.partition { arguments.append("--partition=\(partition)") }
        if let time = options.timeLimit { arguments.append("--time=\(time)") }
        arguments += options.extraArguments
        arguments += [scriptURL.path, String(offset)]
        return arguments
    }

    /// `text` as one single-quoted shell word.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
