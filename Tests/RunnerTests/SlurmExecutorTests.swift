import Foundation
import Notebook
import MinimaTestSupport
import Testing
@testable import Runner

/// Whether a Slurm to test against is configured (`eval "$(.ci/slurm-harness start)"`).
enum SlurmTestCluster {
    static let available = ProcessInfo.processInfo.environment["SLURM_CONF"] != nil && MinimaBinary.url != nil

    static let skipMessage: Comment = ProcessInfo.processInfo.environment["SLURM_CONF"] == nil
        ? "SLURM_CONF is not set: start a throwaway Slurm with eval \"$(.ci/slurm-harness start)\""
        : MinimaBinary.skipMessage

    /// Options for test arrays: the minima built beside the tests, one CPU per task.
    static func options(detach: Bool = false, extra: [String] = []) -> SlurmOptions {
        SlurmOptions(cpusPerTask: 1, extraArguments: extra, detach: detach, worker: MinimaBinary.expectedPath)
    }

    static func temporaryStore(_ name: String) -> ResultStore {
        ResultStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("minima-slurm-\(name)-\(UUID().uuidString)"))
    }
}

/// The Slurm executor against a real (throwaway, single-node) Slurm: skipped unless SLURM_CONF is set.
@Suite("Slurm executor", .serialized, .enabled(if: SlurmTestCluster.available, SlurmTestCluster.skipMessage))
struct SlurmExecutorTests {
    func render(_ text: String, store: ResultStore, executor: any Executor) async -> [String: StepOutcome] {
        let (document, diagnostics) = NotebookParser.parse(text, file: "slurm.md")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return await NotebookRun(document: document, store: store).run(executor: executor, progress: Progress(quiet: true))
    }

    @Test("a tiny notebook rendered by Slurm array tasks gives the local executor's tables, byte for byte")
    func equalsLocal() async throws {
        let slurm = SlurmTestCluster.temporaryStore("array"), local = SlurmTestCluster.temporaryStore("local")
        defer {
            try? FileManager.default.removeItem(at: slurm.directory)
            try? FileManager.default.removeItem(at: local.directory)
        }
        var start = Date()
        let bySlurm = await render(NotebookRunTests.notebook, store: slurm, executor: SlurmExecutor(options: SlurmTestCluster.options()))
        let slurmSeconds = Date().timeIntervalSince(start)
        start = Date()
        // One BLAS thread per unit, as each 1-CPU task has.
        let byLocal = await render(NotebookRunTests.notebook, store: local, executor: LocalExecutor(jobs: Machine.cores))
        let localSeconds = Date().timeIntervalSince(start)
        print(String(format: "tiny notebook: Slurm %.1f s, local %.1f s", slurmSeconds, localSeconds))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for id in ["base", "grid", "sharp", "line", "toy"] {
            guard case .completed(let a) = bySlurm[id], case .completed(let b) = byLocal[id] else {
                Issue.record("step \(id): Slurm \(String(describing: bySlurm[id])), local \(String(describing: byLocal[id]))")
                continue
            }
            #expect(a.table == b.table, "step \(id)")
            #expect(try encoder.encode(a.table) == encoder.encode(b.table), "step \(id)")
        }
        // Two waves, two arrays: trainings and simulations first, measurements after.
        let records = SlurmJobRecord.all(in: slurm.directory)
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.chunks.count == 1 })
    }

    @Test("a failing task fails its step with the tail of its log; other steps complete")
    func failingTask() async throws {
        let store = SlurmTestCluster.temporaryStore("failing")
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let text = "```simulate good\ndim: 2\nn: 50\nchains: 1\nsteps: 20\nratio: [0.01]\nbatch: [5]\n```\n\n"
            + "```simulate bad\ndim: 2\nn: 50\nchains: 1\nsteps: 20\nratio: [0.01]\nbatch: [100]\n```\n"
        let outcomes = await render(text, store: store, executor: SlurmExecutor(options: SlurmTestCluster.options()))
        guard case .completed = outcomes["good"] else { Issue.record("good: \(String(describing: outcomes["good"]))"); return }
        guard case .failed(let failure) = outcomes["bad"] else { Issue.record("bad: \(String(describing: outcomes["bad"]))"); return }
        let tail = try #require(failure.logTail)
        #expect(tail.contains("ended FAILED without a result"))
        #expect(tail.contains("batch 100 must be between 1 and n = 50"))
    }

    /// The simulation units of a small notebook (quick to compute).
    static func simulationUnits() -> [(step: String, unit: WorkUnit)] {
        let text = "```simulate toy\ndim: 2\nn: 50\nchains: 1\nsteps: 20\nratio: [0.01, 0.02]\nbatch: [1, 5]\n```\n"
        let (document, _) = NotebookParser.parse(text, file: "toy.md")
        return Plan(document: document).step("toy")!.units.map { ("toy", $0) }
    }

    /// The active (pending or running) tasks of `job`.
    static func activeTasks(_ job: String) -> Int {
        (SlurmExecutor.queueStates(jobs: [job]) ?? [:]).values.filter(\.isActive).count
    }

    @Test("cancelling a render cancels its array and leaves no queued task")
    func cancelling() async throws {
        let store = SlurmTestCluster.temporaryStore("cancel")
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let units = Self.simulationUnits()
        // Held tasks stay pending, so the render is surely still waiting when it is cancelled.
        let executor = SlurmExecutor(options: SlurmTestCluster.options(extra: ["--hold"]))
        let render = Task { await executor.execute(units, store: store, progress: Progress(quiet: true)) }
        var job: String?
        for _ in 0..<200 where job == nil {
            try await Task.sleep(for: .milliseconds(100))
            job = SlurmJobRecord.all(in: store.directory).first?.chunks.first?.job
        }
        let submitted = try #require(job)
        #expect(Self.activeTasks(submitted) == units.count)
        render.cancel()
        let failures = await render.value
        #expect(failures.count == units.count)
        #expect(failures.values.allSatisfy { $0.hasPrefix("cancelled") })
        #expect(Self.activeTasks(submitted) == 0)
    }

    @Test("a detached render leaves its tasks pending; the next render waits for them without resubmitting")
    func detachAndResume() async throws {
        let store = SlurmTestCluster.temporaryStore("detach")
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let units = Self.simulationUnits()
        let detached = await SlurmExecutor(options: SlurmTestCluster.options(detach: true, extra: ["--hold"]))
            .execute(units, store: store, progress: Progress(quiet: true))
        #expect(detached.count == units.count)
        #expect(detached.values.allSatisfy(SlurmExecutor.isPending))
        let job = try #require(SlurmJobRecord.all(in: store.directory).first?.chunks.first?.job)
        #expect(Self.activeTasks(job) == units.count)
        // Released, the held tasks run; the second render must adopt them, not submit anew.
        let release = Process()
        release.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        release.arguments = ["scontrol", "release", job]
        try release.run()
        release.waitUntilExit()
        let resumed = await SlurmExecutor(options: SlurmTestCluster.options())
            .execute(units, store: store, progress: Progress(quiet: true))
        #expect(resumed.isEmpty, "\(resumed)")
        #expect(units.allSatisfy { store.contains($0.unit.key) })
        #expect(SlurmJobRecord.all(in: store.directory).flatMap(\.chunks).map(\.job) == [job])
    }
}
