import ArgumentParser
import Foundation
import Runner

extension Minima {
    /// `minima cache ls|clean|explain`: look into the result cache.
    struct Cache: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, clean or explain the result cache.",
            discussion: """
                Every unit a render computes (a training run, a measurement, an interpolation pair, a \
                simulation setting) is stored under a key: the SHA-256 of Minima's core version, the \
                step's typed spec (only fields that change numbers), the keys of the units it reads and \
                the digests of its data files. A step re-runs exactly when its key changes; `minima \
                cache explain NOTEBOOK STEP` says which field changed.
                """,
            subcommands: [List.self, Clean.self, Explain.self])

        /// `minima cache ls`.
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "ls", abstract: "Summarise what the cache holds.")

            @Option(help: "Cache folder (as given to render).")
            var cacheDir: String = ".minima/cache"

            func run() async throws {
                let store = ResultStore(directory: URL(fileURLWithPath: cacheDir))
                guard FileManager.default.fileExists(atPath: cacheDir) else {
                    print("\(cacheDir): no cache yet (render a notebook to fill it)")
                    return
                }
                print(Cache.describe(store.summary(), at: cacheDir))
            }
        }

        /// `minima cache clean`.
        struct Clean: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Remove the cache (every step re-runs), or only the checkpoints of unfinished runs.")

            @Option(help: "Cache folder (as given to render).")
            var cacheDir: String = ".minima/cache"

            @Flag(help: "Remove only checkpoints: interrupted runs start over, finished results stay.")
            var checkpointsOnly = false

            func run() async throws {
                let store = ResultStore(directory: URL(fileURLWithPath: cacheDir))
                let removed = try store.clean(checkpointsOnly: checkpointsOnly)
                if checkpointsOnly {
                    print("\(cacheDir): removed \(Cache.count(removed.checkpoints, "checkpoint")) (\(Cache.size(removed.checkpointBytes)))")
                } else {
                    print("\(cacheDir): removed \(Cache.count(removed.entries, "entry", "entries")), "
                        + "\(Cache.count(removed.parameterFiles, "parameter file")), "
                        + "\(Cache.count(removed.checkpoints, "checkpoint")) (\(Cache.size(removed.totalBytes)))")
                }
            }
        }

        /// `minima cache explain NOTEBOOK STEP`.
        struct Explain: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Say for each unit of a step whether it is cached, and if not, what changed.",
                discussion: """
                    An uncached unit is compared with the closest cached unit of the same kind (fewest \
                    differing fields) and the differences are printed as `lr: 0.1 → 0.2`, including a \
                    changed data file digest or core version. Specs are recorded in the cache's index/ \
                    folder as units finish.

                    Example:
                      minima cache explain Notebooks/quickstart.md grid -P epochs=5
                    """)

            @OptionGroup var options: StepOptions

            func run() async throws {
                let run = try options.notebookRun()
                do {
                    print(try run.explain(step: options.step).text)
                } catch {   // typed throws: always an UnknownStepError
                    throw options.unknownStep(error)
                }
            }
        }

        static func describe(_ s: CacheSummary, at path: String) -> String {
            [
                "\(path): \(size(s.totalBytes))",
                "  \(count(s.entries, "entry", "entries")) (finished units)",
                "  \(count(s.parameterFiles, "run")) with final parameters (exportable with minima export)",
                "  \(count(s.checkpoints, "checkpoint")) of runs in progress or interrupted (\(size(s.checkpointBytes)))",
                "  \(count(s.recordedSpecs, "recorded spec")) (for minima cache explain)",
            ].joined(separator: "\n")
        }

        static func count(_ n: Int, _ one: String, _ many: String? = nil) -> String {
            "\(n) \(n == 1 ? one : many ?? one + "s")"
        }

        static func size(_ bytes: Int) -> String {
            let units = ["bytes", "KB", "MB", "GB", "TB"]
            var value = Double(bytes), unit = 0
            while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
            return unit == 0 ? "\(bytes) bytes" : String(format: "%.1f", value) + " " + units[unit]
        }
    }
}
