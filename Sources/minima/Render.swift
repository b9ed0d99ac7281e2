import ArgumentParser
import Foundation
import MinimaRender
import Notebook
import Runner

extension Minima {
    /// `minima render`: check, run, and write the report.
    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check, run and render notebooks to HTML.",
            discussion: """
                Writes OUTPUT/NAME.html (self-contained) and OUTPUT/NAME/ (an SVG per figure, CSV and \
                JSON per step) for each notebook. Runs are cached by content in the cache directory, so \
                a second render only re-runs what changed, and an interrupted render resumes. Files in \
                OUTPUT/NAME/ that Minima did not write are never removed or overwritten.
                """)

        @OptionGroup var options: NotebookOptions

        @OptionGroup var outputs: OutputOptions
        var output: String { outputs.output }
        var cacheDir: String { outputs.cacheDir }
        var jobs: Int { outputs.jobs }

        @Flag(help: "Print the plan (steps, runs, cached, estimated cost) and run nothing.")
        var dryRun = false

        @OptionGroup(title: "Executor") var executor: ExecutorOptions

        @Flag(name: .shortAndLong, help: "No progress lines on stderr.")
        var quiet = false

        func validate() throws {
            try Self.checkDistinctNames(options.notebooks, output: output)
        }

        /// Each notebook writes OUTPUT/NAME.html and OUTPUT/NAME/, so two notebooks with the same
        /// base name (also differing only in case, as on macOS) in one command are a usage error.
        static func checkDistinctNames(_ notebooks: [String], output: String) throws {
            var first: [String: String] = [:]
            for path in notebooks {
                let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                let key = OutputNames.collisionKey(name)
                if let earlier = first[key] {
                    throw ValidationError("'\(earlier)' and '\(path)' would both write \(output)/\(name).html and \(output)/\(name)/; render them in separate commands with different -o folders, or rename one")
                }
                first[key] = path
            }
        }

        /// The executor for `document`: flags win over the front matter's `executor:`.
        /// A render whose units are all cached runs nothing, so it needs no Slurm at all (a report can
        /// be re-rendered on a laptop from a cache copied off the cluster).
        func makeExecutor(for document: NotebookDocument, store: ResultStore, run: NotebookRun? = nil) throws -> any Executor {
            let front = document.frontMatter.executor
            let name = executor.executor ?? front?.name ?? "local"
            guard name == "slurm" else { return LocalExecutor(jobs: jobs) }
            var options = SlurmOptions()
            if let front, front.name == "slurm" {
                do { options = try SlurmOptions(settings: front.settings) } catch {
                    let at = document.frontMatter.executorPosition.map { "\($0)" } ?? document.file
                    StandardError.print("\(at): error: \(error)")
                    throw ExitCode(65)
                }
            }
            if let run, run.uncached().allSatisfy({ $0.missing == 0 }) { return LocalExecutor(jobs: jobs) }
            let slurm = SlurmExecutor(options: options.merging(executor.slurmFlags))
            do { try slurm.preflight(store: store) } catch {
                StandardError.print("error: \(error)")
                throw ExitCode(1)
            }
            return slurm
        }

        func run() async throws {
            var documents: [NotebookDocument] = []
            for path in options.notebooks {
                // Every notebook is checked before anything runs.
                guard let document = try options.load(path, checkData: !dryRun) else { throw ExitCode(65) }
                documents.append(document)
            }
            let store = ResultStore(directory: URL(fileURLWithPath: cacheDir))
            var failed = false
            for document in documents {
                let run = NotebookRun(document: document, store: store, assumingMissingData: dryRun)
                if dryRun {
                    print(PlanPrinter.describe(run))
                    continue
                }
                let name = URL(fileURLWithPath: document.file).deletingPathExtension().lastPathComponent
                let outputURL = URL(fileURLWithPath: output)
                var lock = try RenderLock(output: outputURL, name: name, wait: false)
                if lock == nil {
                    StandardError.print("\(document.file): another render is writing \(output)/\(name).html; waiting for it to finish")
                    lock = try RenderLock(output: outputURL, name: name, wait: true)
                }
                defer { withExtendedLifetime(lock) {} }   // held until this notebook is written
                let progress = Progress(quiet: quiet)
                let outcomes = await run.run(executor: try makeExecutor(for: document, store: store, run: run), progress: progress)
                if outcomes.values.contains(where: Self.isPending) {
                    // --detach: the runs are queued; a later render waits for them and writes the report.
                    print("\(document.file): runs submitted to Slurm; run the same 'minima render' again to wait for them and write the report")
                    continue
                }
                let written: URL, warnings: [String], claimFailures: [String]
                do {
                    (written, warnings, claimFailures) = try ReportWriter(document: document, outcomes: outcomes,
                                                           output: URL(fileURLWithPath: output)).write()
                } catch {
                    // Nothing of the previous report was changed (see OutputFolder).
                    StandardError.print("\(document.file): error: the report was not written: \(error)")
                    failed = true
                    continue
                }
                for warning in warnings { StandardError.print("\(warning)") }
                // A claim of the prose that fails is a failed render, like a failed step.
                for failure in claimFailures { StandardError.print(failure) }
                if !claimFailures.isEmpty { failed = true }
                for (id, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
                    if case .failed(let failure) = outcome {
                        failed = true
                        StandardError.print("\(document.file): step '\(id)' failed: \(failure.message)")
                    }
                }
                print(written.path)
            }
            if failed { throw ExitCode(1) }
        }
    }
}

extension Minima.Render {
    /// Whether a step's failure only says its runs are queued in Slurm (`--detach`).
    static func isPending(_ outcome: StepOutcome) -> Bool {
        guard case .failed(let failure) = outcome else { return false }
        return (failure.logTail ?? failure.message).contains(SlurmExecutor.pendingPrefix)
    }
}
