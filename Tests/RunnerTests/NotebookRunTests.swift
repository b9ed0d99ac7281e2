import Foundation
import Notebook
import Testing
@testable import Runner

/// End-to-end runs of tiny notebooks on generated data (no files needed).
@Suite("Notebook runs")
struct NotebookRunTests {
    static let notebook = """
        ---
        title: Tiny
        seeds: [1, 2]
        ---

        ```dataset blobs
        source: blobs
        train: 96
        test: 48
        seed: 3
        ```

        ```train base
        data: blobs
        model: { mlp: [8] }
        lr: 0.1
        batch: 16
        epochs: 3
        evaluate: 40
        curvature: { at: [0, 3], samples: 32, power_steps: 5, probes: 2 }
        ```

        ```sweep grid
        base: base
        grid: { lr: [0.05, 0.2], batch: [8, 32] }
        seeds: [1]
        ```

        ```measure sharp
        of: grid
        metrics: [lambda_max, trace_h, loss, accuracy]
        samples: 32
        power_steps: 5
        probes: 2
        ```

        ```interpolate line
        of: grid
        pairs:
          - { from: { lr: 0.05, batch: 8 }, to: { lr: 0.2, batch: 32 } }
        alpha: { from: -1, to: 2, points: 4 }
        ```

        ```simulate toy
        dim: 4
        n: 200
        chains: 2
        steps: 400
        sampling: [iid, distinct]
        ratio: [0.001]
        batch: [1, 4]
        ```
        """

    func temporaryStore() -> ResultStore {
        ResultStore(directory: FileManager.default.temporaryDirectory
            .appendingPathComponent("minima-test-\(UUID().uuidString)"))
    }

    func render(_ store: ResultStore) async throws -> [String: StepOutcome] {
        let (document, diagnostics) = NotebookParser.parse(Self.notebook, file: "tiny.md")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let run = NotebookRun(document: document, store: store)
        return await run.run(executor: LocalExecutor(jobs: 2), progress: Progress(quiet: true))
    }

    func table(_ outcomes: [String: StepOutcome], _ id: String) throws -> ResultTable {
        guard case .completed(let result) = try #require(outcomes[id]) else {
            Issue.record("step \(id) did not complete: \(String(describing: outcomes[id]))")
            throw CancellationError()
        }
        return result.table
    }

    @Test("every compute step of a tiny notebook completes with the rows its units imply")
    func completes() async throws {
        let store = temporaryStore()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let outcomes = try await render(store)
        // 2 seeds × 3 epochs, plus the epoch-0 curvature row per seed.
        let base = try table(outcomes, "base")
        #expect(base.rows.count == 2 * 4)
        #expect(base.columns.starts(with: ["lr", "batch", "seed", "epoch"]))
        let lambda = try #require(base.values(of: "lambda_max")).compactMap(\.number)
        #expect(lambda.count == 4)   // epochs 0 and 3, two seeds
        #expect(lambda.allSatisfy { $0.isFinite })
        // 2 lr × 2 batch × 1 seed runs, 3 epochs each plus the inherited epoch-0 curvature row.
        #expect(try table(outcomes, "grid").rows.count == 4 * 4)
        let sharp = try table(outcomes, "sharp")
        #expect(sharp.rows.count == 4)
        #expect(try #require(sharp.values(of: "accuracy")).allSatisfy { ($0.number ?? -1) >= 0 && ($0.number ?? 2) <= 1 })
        let line = try table(outcomes, "line")
        #expect(try #require(line.values(of: "alpha")).compactMap(\.number) == [-1, 0, 1, 2])
        #expect(try #require(line.values(of: "pair")).compactMap(\.number) == [1, 1, 1, 1])
        // 2 sampling modes × 1 ratio × 2 batch sizes.
        let toy = try table(outcomes, "toy")
        #expect(toy.rows.count == 4)
        #expect(try #require(toy.values(of: "lr")).compactMap(\.number) == [0.001, 0.004, 0.001, 0.004])
    }

    @Test("interpolation endpoints equal the measured losses of the two runs")
    func interpolationEndpoints() async throws {
        let store = temporaryStore()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let outcomes = try await render(store)
        let line = try table(outcomes, "line")
        let grid = try table(outcomes, "grid")
        // α = 0 is the 'from' run (lr 0.05, batch 8) and α = 1 the 'to' run, evaluated on the
        // full training set, which is also what the run's last epoch row reports (per-epoch rows
        // use 40-example subsets; the final row is always measured on the full splits).
        func finalTrainLoss(lr: Double, batch: Double) -> Double? {
            let lrs = grid.values(of: "lr")!, batches = grid.values(of: "batch")!, losses = grid.values(of: "train_loss")!
            return Array(zip(zip(lrs, batches), losses)).last { $0.0.0.number == lr && $0.0.1.number == batch }?.1.number
        }
        let alphaLosses = line.values(of: "train_loss")!.map(\.number)
        let from = try #require(finalTrainLoss(lr: 0.05, batch: 8))
        let to = try #require(finalTrainLoss(lr: 0.2, batch: 32))
        #expect(abs(try #require(alphaLosses[1]) - from) <= 1e-6 * max(1, from))
        #expect(abs(try #require(alphaLosses[2]) - to) <= 1e-6 * max(1, to))
    }

    @Test("a second render computes nothing and gives the same tables")
    func cached() async throws {
        let store = temporaryStore()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let first = try await render(store)
        let (document, _) = NotebookParser.parse(Self.notebook, file: "tiny.md")
        let run = NotebookRun(document: document, store: store)
        #expect(run.uncached().allSatisfy { $0.missing == 0 })
        let second = await run.run(executor: LocalExecutor(jobs: 1), progress: Progress(quiet: true))
        #expect(first == second)
    }

    @Test("two renders into separate caches give identical results (determinism)")
    func deterministic() async throws {
        let a = temporaryStore(), b = temporaryStore()
        defer {
            try? FileManager.default.removeItem(at: a.directory)
            try? FileManager.default.removeItem(at: b.directory)
        }
        let first = try await render(a), second = try await render(b)
        for id in ["base", "grid", "sharp", "line", "toy"] {
            #expect(try table(first, id) == table(second, id), "step \(id)")
        }
    }

    @Test("a step that cannot run fails in place and its readers are skipped")
    func failureInPlace() async throws {
        let text = "```dataset d\nsource: no-such-set\n```\n\n```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\n```\n\n```measure m\nof: t\n```\n\n```simulate s\ndim: 2\nn: 50\nchains: 1\nsteps: 10\nratio: [0.01]\nbatch: [100]\n```\n"
        let (document, diagnostics) = NotebookParser.parse(text, file: "bad.md")
        #expect(diagnostics.isEmpty)
        let store = temporaryStore()
        defer { try? FileManager.default.removeItem(at: store.directory) }
        let outcomes = await NotebookRun(document: document, store: store)
            .run(executor: LocalExecutor(jobs: 1), progress: Progress(quiet: true))
        guard case .failed(let failure) = outcomes["d"] else { Issue.record("dataset did not fail"); return }
        #expect(failure.message.contains("no-such-set"))
        guard case .skipped(let reason) = outcomes["m"] else { Issue.record("measure not skipped"); return }
        #expect(reason.contains("'t'"))
        guard case .failed(let simFailure) = outcomes["s"] else { Issue.record("simulate did not fail"); return }
        #expect(simFailure.logTail?.contains("batch 100 must be between 1 and n = 50") == true)
    }
}
