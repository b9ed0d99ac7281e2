import ArgumentParser
import Foundation
import Runner

extension Minima {
    /// `minima worker`: one Slurm array task (started by `--executor slurm`, not by hand).
    struct Worker: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute one unit of a Slurm job manifest into the shared cache (run by job-array tasks).",
            discussion: """
                `minima render --executor slurm` writes the uncached units of a notebook to a job \
                manifest in the cache directory and submits one array task per unit, each running \
                `minima worker MANIFEST --index $SLURM_ARRAY_TASK_ID`. The worker exits at once when \
                the unit's result is already cached, and otherwise computes it (resuming a training \
                run from its checkpoint) and writes the result atomically.
                """)

        @Argument(help: "The job manifest (<cache>/slurm/<digest>.json).")
        var manifest: String

        @Option(help: "The unit to compute: its 0-based position in the manifest.")
        var index: Int

        @Option(name: .customLong("cache-dir"), help: "The cache directory (default: the one named in the manifest).")
        var cacheDirectory: String?

        func run() async throws {
            let started = Date()
            do {
                let outcome = try SlurmWorker.run(
                    manifest: URL(fileURLWithPath: manifest), index: index,
                    cacheDirectory: cacheDirectory.map { URL(fileURLWithPath: $0) },
                    log: { line in StandardError.print(line) })
                switch outcome {
                case .alreadyCached(let key):
                    print("unit \(index) [\(key)] is already in the cache; nothing to do")
                case .computed(let key, let seconds):
                    print(String(format: "unit %d [%@] computed in %.1f s", index, key.description, seconds))
                }
            } catch {
                let seconds = String(format: "%.1f s", Date().timeIntervalSince(started))
                StandardError.print("error: unit \(index) of \(manifest) failed after \(seconds): \(error)")
                throw ExitCode(1)
            }
        }
    }
}
