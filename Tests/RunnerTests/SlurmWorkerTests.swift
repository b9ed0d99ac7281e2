import Foundation
import Notebook
import MinimaTestSupport
import Testing
@testable import Runner

/// `minima worker` as a separate process, the way array tasks run it (no Slurm needed).
@Suite("Slurm worker", .enabled(if: MinimaBinary.url != nil, MinimaBinary.skipMessage))
struct SlurmWorkerTests {
    /// Simulation units: one that computes in milliseconds, and one that fails (batch > n).
    static func units() -> (good: WorkUnit, bad: WorkUnit) {
        let text = "```simulate ok\ndim: 2\nn: 50\nchains: 1\nsteps: 20\nratio: [0.01]\nbatch: [5]\n```\n\n"
            + "```simulate bad\ndim: 2\nn: 50\nchains: 1\nsteps: 20\nratio: [0.01]\nbatch: [100]\n```\n"
        let (document, _) = NotebookParser.parse(text, file: "worker.md")
        let plan = Plan(document: document)
        return (plan.step("ok")!.units[0], plan.step("bad")!.units[0])
    }

    /// A fresh cache with a manifest of [good, bad].
    static func setUp() throws -> (store: ResultStore, manifest: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minima-slurm-worker-\(UUID().uuidString)")
        let (good, bad) = units()
        let manifest = SlurmManifest(cacheDirectory: directory.path, units: [("ok", good), ("bad", bad)])
        return (ResultStore(directory: directory), try manifest.write(in: directory))
    }

    @Test("a worker whose entry exists exits at once and leaves the entry untouched")
    func existingEntry() throws {
        let (store, manifest) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        // The 'bad' unit would fail if it ran, so exit 0 proves it did not.
        let key = Self.units().bad.key
        try store.save(UnitResult(rows: [["marker": .number(42)]], wallSeconds: 0, threads: 1, machine: "test"), for: key)
        let entry = store.directory.appendingPathComponent("entries/\(key.hex.prefix(2))/\(key.hex).json")
        let before = try Data(contentsOf: entry)
        let result = try MinimaBinary.run(["worker", manifest.path, "--index", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("already in the cache"))
        #expect(try Data(contentsOf: entry) == before)
    }

    @Test("a worker computes its unit into the cache, equal to an in-process run")
    func computes() throws {
        let (store, manifest) = try Self.setUp()
        let reference = ResultStore(directory: store.directory.appendingPathExtension("reference"))
        defer {
            try? FileManager.default.removeItem(at: store.directory)
            try? FileManager.default.removeItem(at: reference.directory)
        }
        let good = Self.units().good
        let result = try MinimaBinary.run(["worker", manifest.path, "--index", "0", "--cache-dir", store.directory.path],
                                          environment: ["SLURM_CPUS_PER_TASK": "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let stored = try #require(store.load(UnitResult.self, for: good.key))
        let local = try UnitRunner(store: reference, data: DataCache.shared).run(good) { _, _ in }
        #expect(stored.rows == local.rows)
        #expect(stored.threads == 1)
    }

    @Test("a failing unit makes the worker exit 1 with the error on stderr and no entry")
    func failing() throws {
        let (store, manifest) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let result = try MinimaBinary.run(["worker", manifest.path, "--index", "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("batch 100 must be between 1 and n = 50"))
        #expect(!store.contains(Self.units().bad.key))
    }

    @Test("an index outside the manifest is an error giving its size")
    func indexOutOfRange() throws {
        let (store, manifest) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let result = try MinimaBinary.run(["worker", manifest.path, "--index", "2"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("index 2 is out of range") && result.stderr.contains("2 units"))
    }

    @Test("a node whose data files differ from the submitter's refuses to compute, naming the files")
    func differentData() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("minima-slurm-data-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("fakeset")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("not the submitter's bytes".utf8).write(to: folder.appendingPathComponent("train-images-idx3-ubyte.gz"))
        let train = TrainSpec(data: "d", model: ModelSpec(mlp: [4]), lr: .constant(0.1), batch: .constant(8), epochs: 1)
        let data = DataUnit(spec: DatasetSpec(source: "fakeset"), fileDigests: ["train-images-idx3-ubyte.gz": String(repeating: "0", count: 64)])
        let unit = WorkUnit.run(RunUnit(run: RunSpec(train: train, seed: 1), data: data))
        let cache = root.appendingPathComponent("cache")
        let manifest = try SlurmManifest(cacheDirectory: cache.path, units: [("t", unit)]).write(in: cache)
        let result = try MinimaBinary.run(["worker", manifest.path, "--index", "0"], environment: ["MINIMA_DATA": root.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the data set 'fakeset' on this node"))
        #expect(result.stderr.contains("differs from the submitting machine's: train-images-idx3-ubyte.gz"))
        // With the digest of the file actually there, the check passes (and loading the fake file fails).
        let file = folder.appendingPathComponent("train-images-idx3-ubyte.gz").path
        let matching = WorkUnit.run(RunUnit(run: RunSpec(train: train, seed: 1),
                                            data: DataUnit(spec: data.spec, fileDigests: ["train-images-idx3-ubyte.gz": try CacheKey.digest(ofFile: file)])))
        let second = try SlurmManifest(cacheDirectory: cache.path, units: [("t", matching)]).write(in: cache)
        let loading = try MinimaBinary.run(["worker", second.path, "--index", "0"], environment: ["MINIMA_DATA": root.path])
        #expect(loading.status == 1)
        #expect(!loading.stderr.contains("differs from the submitting machine's"), "\(loading.stderr)")
    }
}
