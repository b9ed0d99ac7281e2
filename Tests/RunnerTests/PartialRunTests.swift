import Foundation
import Notebook
import Testing
@testable import Runner

/// What `minima preview` needs of the runner: the steps that can be drawn while units still
/// compute, progress told to an observer, and cache entries read once per process.
@Suite("Runs seen while they go on")
struct PartialRunTests {
    static let notebook = """
        ---
        seeds: [1]
        ---

        ```dataset blobs
        source: blobs
        train: 64
        test: 32
        ```

        ```train a
        data: blobs
        model: { mlp: [4] }
        lr: 0.1
        batch: 16
        epochs: 2
        ```

        ```train b
        data: blobs
        model: { mlp: [4] }
        lr: 0.05
        batch: 16
        epochs: 2
        ```

        ```sweep s
        base: a
        grid: { lr: [0.2] }
        ```
        """

    static func store(memo: ResultMemo? = nil) -> ResultStore {
        ResultStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("minima-partial-\(UUID().uuidString)"),
                    memo: memo)
    }

    @Test("before its units are computed a step has no outcome, nor do the steps reading it; cached steps do")
    func availableOutcomes() async throws {
        let store = Self.store()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let (document, diagnostics) = NotebookParser.parse(Self.notebook, file: "p.md")
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let run = NotebookRun(document: document, store: store)
        #expect(run.missingUnits().count == 3)   // a, b, and the sweep's one run
        let before = run.availableOutcomes()
        #expect(before["a"] == nil && before["b"] == nil && before["s"] == nil)
        #expect(before["blobs"] != nil)            // the data set needs no unit

        // Compute only b's unit: b is drawn, a and the sweep reading it wait.
        let plan = try #require(run.plan.step("b"))
        _ = await LocalExecutor(jobs: 1).execute(plan.units.map { ("b", $0) }, store: store, progress: Progress(quiet: true))
        #expect(run.missingUnits().count == 2)
        let middle = run.availableOutcomes()
        guard case .completed? = middle["b"] else { Issue.record("b: \(String(describing: middle["b"]))"); return }
        #expect(middle["a"] == nil && middle["s"] == nil)

        let failed = await run.execute(executor: LocalExecutor(jobs: 1), progress: Progress(quiet: true))
        #expect(failed.isEmpty)
        #expect(run.missingUnits().isEmpty)
        let after = run.availableOutcomes()
        for id in ["a", "b", "s"] {
            guard case .completed? = after[id] else { Issue.record("\(id): \(String(describing: after[id]))"); continue }
        }
        #expect(after == run.assemble(failures: [:]))
    }

    @Test("a unit that failed is not missing, and its step shows the failure")
    func failedUnitsAreNotMissing() throws {
        let store = Self.store()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let (document, _) = NotebookParser.parse(Self.notebook, file: "p.md")
        let run = NotebookRun(document: document, store: store)
        let a = try #require(run.plan.step("a")?.units.first)
        let outcomes = run.availableOutcomes(failures: [a.key: "diverged"])
        #expect(!run.missingUnits(failures: [a.key: "diverged"]).contains { $0.key == a.key })
        guard case .failed? = outcomes["a"] else { Issue.record("a: \(String(describing: outcomes["a"]))"); return }
    }

    @Test("the progress observer hears of the batch, of epochs and of every finished unit")
    func progressObserver() async throws {
        let store = Self.store()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let (document, _) = NotebookParser.parse(Self.notebook, file: "p.md")
        let heard = Heard()
        let progress = Progress(quiet: true) { heard.add($0) }
        _ = await NotebookRun(document: document, store: store).execute(executor: LocalExecutor(jobs: 1), progress: progress)
        let reports = heard.all
        #expect(reports.first?.done == 0)
        #expect(reports.first?.total == 3)
        #expect(reports.last?.done == 3)
        #expect(reports.last?.lines.last?.contains("3/3 units") == true)
        #expect(reports.map(\.done) == reports.map(\.done).sorted())
    }

    @Test("with a memo, an entry read once is served from memory (even after its file is gone)")
    func memo() throws {
        let memo = ResultMemo()
        let store = Self.store(memo: memo)
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let key = CacheKey(kind: "t", spec: [7])
        #expect(!store.contains(key))
        #expect(memo.count == 0)                   // misses are not remembered
        try store.save([1.0, 2.0], for: key)
        #expect(store.load([Double].self, for: key) == [1.0, 2.0])
        #expect(memo.count == 1)
        try FileManager.default.removeItem(at: store.entryURL(key))
        #expect(store.contains(key))
        #expect(store.load([Double].self, for: key) == [1.0, 2.0])
        // Without the memo the same store reads the disk.
        #expect(!ResultStore(directory: store.directory).contains(key))
    }
}

final class Heard: @unchecked Sendable {
    private var reports: [ProgressReport] = []
    private let lock = NSLock()
    func add(_ report: ProgressReport) { lock.withLock { reports.append(report) } }
    var all: [ProgressReport] { lock.withLock { reports } }
}
