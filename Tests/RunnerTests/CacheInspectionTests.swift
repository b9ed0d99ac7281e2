import Foundation
import Notebook
import Testing
@testable import Runner

/// `minima cache ls|clean|explain` over a cache filled by rendering a tiny notebook.
@Suite("Cache inspection")
struct CacheInspectionTests {
    static let notebook = """
        ---
        title: Tiny
        seeds: [1]
        params: { lr: 0.1 }
        ---

        ```dataset blobs
        source: blobs
        train: 48
        test: 24
        seed: 3
        ```

        ```train base
        data: blobs
        model: { mlp: [4] }
        lr: ${lr}
        batch: 16
        epochs: 1
        ```

        ```sweep grid
        base: base
        grid: { batch: [8, 24] }
        caption: Two batch sizes.
        ```

        ```measure sharp
        of: grid
        metrics: [loss]
        samples: 16
        ```
        """

    static func document(_ overrides: [(String, String)] = [], text: String = notebook) -> NotebookDocument {
        let (document, diagnostics) = NotebookParser.parse(text, file: "tiny.md", overrides: overrides)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        return document
    }

    /// A fresh cache holding the rendered notebook: 3 runs (base, 2 grid) and 2 measurements.
    static func filledStore() async -> ResultStore {
        let store = ResultStore(directory: FileManager.default.temporaryDirectory
            .appendingPathComponent("minima-inspect-\(UUID().uuidString)"))
        let outcomes = await NotebookRun(document: document(), store: store)
            .run(executor: LocalExecutor(jobs: 1), progress: Progress(quiet: true))
        #expect(outcomes.values.allSatisfy { if case .completed = $0 { true } else { false } }, "\(outcomes)")
        return store
    }

    @Test("ls counts entries, parameter files, recorded specs and checkpoints; clean removes them")
    func listAndClean() async throws {
        let store = await Self.filledStore()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        var summary = store.summary()
        #expect(summary.entries == 5)          // 3 runs + 2 measurements
        #expect(summary.parameterFiles == 3)   // one per run
        #expect(summary.recordedSpecs == 5)    // the runner records every unit it computes
        #expect(summary.checkpoints == 0)
        #expect(summary.totalBytes > 0)

        try store.saveCheckpoint(["epoch": 1], for: CacheKey(hex: String(repeating: "ab", count: 32)))
        summary = store.summary()
        #expect(summary.checkpoints == 1)
        let file = store.directory.appendingPathComponent("checkpoints/\(String(repeating: "ab", count: 32)).json")
        #expect(summary.checkpointBytes == (try Data(contentsOf: file)).count)   // {"epoch":1} in its envelope

        let removed = try store.clean(checkpointsOnly: true)
        #expect(removed.checkpoints == 1)
        #expect(store.summary().checkpoints == 0)
        #expect(store.summary().entries == 5)    // finished results stay

        try store.clean(checkpointsOnly: false)
        #expect(store.summary() == CacheSummary(entries: 0, parameterFiles: 0, checkpoints: 0, recordedSpecs: 0,
                                                totalBytes: 0, checkpointBytes: 0))
    }

    @Test("explain says every unit is cached, also after a caption edit")
    func cachedAfterCaptionEdit() async throws {
        let store = await Self.filledStore()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let edited = Self.notebook.replacingOccurrences(of: "Two batch sizes.", with: "A new caption.")
        let explanation = try NotebookRun(document: Self.document(text: edited), store: store).explain(step: "grid")
        #expect(explanation.units.count == 2)
        #expect(explanation.units.allSatisfy { $0.cached })
        #expect(explanation.text.contains("2 cached, nothing to run"))
    }

    @Test("after lr changes, each run is compared with its cached twin and shows 'lr: 0.1 → 0.2'")
    func lrChange() async throws {
        let store = await Self.filledStore()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let run = NotebookRun(document: Self.document([("lr", "0.2")]), store: store)
        let grid = try run.explain(step: "grid")
        #expect(grid.units.map(\.cached) == [false, false])
        for unit in grid.units {
            #expect(unit.changes == [.init(field: "lr", old: "0.1", new: "0.2")])
            // The twin has the same batch: lr=0.1 batch=8 for lr=0.2 batch=8.
            #expect(unit.closest == unit.label.replacingOccurrences(of: "lr=0.2", with: "lr=0.1"))
        }
        #expect(grid.text.contains("lr: 0.1 → 0.2"))
        try store.saveCheckpoint(["epoch": 1], for: grid.units[0].key)
        #expect(try run.explain(step: "grid").units[0].notes.contains { $0.contains("checkpointed; the next render resumes it") })
        let sharp = try run.explain(step: "sharp")
        #expect(sharp.units.allSatisfy { $0.changes == [.init(field: "run.lr", old: "0.1", new: "0.2")] })
        #expect(sharp.units.allSatisfy { $0.notes.contains { $0.contains("not cached either") } })
    }

    /// Explains step `base` (lr 0.3) against one other cached entry whose recorded spec is the
    /// same unit, recorded as `record(unit)` says; returns the unit's status and the entry's key.
    static func explainAgainst(_ record: (WorkUnit) -> SpecRecord) async throws -> (CacheExplanation.UnitStatus, CacheKey) {
        let store = await Self.filledStore()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let run = NotebookRun(document: Self.document([("lr", "0.3")]), store: store)
        let unit = try #require(run.plan.step("base")?.units.first)
        let old = CacheKey(hex: String(repeating: "0", count: 64))
        try store.save(UnitResult(rows: [], wallSeconds: 0, threads: 1, machine: "test"), for: old)
        try ResultStore.writeAtomically(try ResultStore.encoder.encode(record(unit)),
                                        to: store.directory.appendingPathComponent("index/\(old.hex).json"))
        return (try #require(try run.explain(step: "base").units.first), old)
    }

    @Test("a spec recorded by an older core version shows the version change")
    func coreVersion() async throws {
        // The same spec, computed by the previous core version.
        let (status, old) = try await Self.explainAgainst { SpecRecord(coreVersion: CacheKey.coreVersion - 1, unit: $0) }
        #expect(status.closestKey == old)
        #expect(status.changes == [.init(field: "core version", old: "\(CacheKey.coreVersion - 1)", new: "\(CacheKey.coreVersion)")])
    }

    @Test("a spec recorded with another BLAS kernel family shows the kernel change and how to reuse it")
    func blasKernel() async throws {
        let (status, old) = try await Self.explainAgainst { SpecRecord(blasKernel: "Penryn", unit: $0) }
        #expect(status.closestKey == old)
        #expect(status.changes == [.init(field: "BLAS kernel", old: "Penryn", new: CacheKey.blasKernel)])
        #expect(status.notes.contains { $0.contains("OPENBLAS_CORETYPE=Penryn") })
    }

    @Test("a changed data file shows as a field of the run")
    func dataDigest() {
        let train = TrainSpec(data: "d", model: ModelSpec(mlp: [4]), lr: .constant(0.1), batch: .constant(8), epochs: 1)
        func unit(_ digest: String) -> WorkUnit {
            .run(RunUnit(run: RunSpec(train: train, seed: 1),
                         data: DataUnit(spec: DatasetSpec(source: "fashion-mnist"), fileDigests: ["train.gz": digest])))
        }
        let a = String(repeating: "a", count: 64), b = String(repeating: "b", count: 64)
        let changes = SpecFields.differences(from: SpecFields.fields(of: unit(a)), to: SpecFields.fields(of: unit(b)))
        #expect(changes.map(\.name) == ["data file train.gz"])
        #expect(changes.first?.old == String(a.prefix(12)))
    }

    @Test("an unknown step is an error that suggests the closest id")
    func unknownStep() throws {
        let run = NotebookRun(document: Self.document(), store: ResultStore(directory: URL(fileURLWithPath: "/nonexistent")))
        #expect(throws: UnknownStepError(name: "gird", known: ["blobs", "base", "grid", "sharp"], suggestion: "grid")) {
            try run.explain(step: "gird")
        }
        #expect(throws: UnknownStepError(name: "zzzz", known: ["blobs", "base", "grid", "sharp"], suggestion: nil)) {
            try run.explain(step: "zzzz")
        }
    }
}
