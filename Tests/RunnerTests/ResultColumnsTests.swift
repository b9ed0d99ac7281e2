import Foundation
import Notebook
import Testing
@testable import Runner

/// The runner's tables against the language's result schema (`ResultColumns`, which `check`
/// validates plots and tables with): every column produced is declared, and every declared
/// column is produced by some configuration of its kind.
@Suite("Result columns")
struct ResultColumnsTests {
    /// Two tiny notebooks that together exercise every optional column: names and β, noisy
    /// labels, every metric, scheduled lr and batch, momentum and weight decay, both simulate forms.
    static let notebooks = [NotebookRunTests.notebook, """
        ---
        seeds: [1]
        ---

        ```dataset noisy
        source: blobs
        train: 64
        test: 32
        label_noise: 0.25
        ```

        ```train base
        data: noisy
        model: { mlp: [6], activation: tanh, init: he }
        lr: { step: 0.1, factor: 0.5, every: 1 }
        batch: { cyclic: [8, 16], phase: 1 }
        epochs: 2
        momentum: 0.5
        weight_decay: 0.001
        curvature: { at: [2], samples: 16, power_steps: 3, probes: 1, metrics: [lambda_max, trace_h, frobenius_h, trace_c, loss, accuracy] }
        ```

        ```sweep named
        base: base
        runs: [{ name: a, lr: 0.05 }, { name: b, lr: 0.1 }]
        scale: { beta: [1, 2] }
        ```

        ```measure all
        of: named
        metrics: [lambda_max, trace_h, frobenius_h, trace_c, loss, accuracy]
        samples: 16
        power_steps: 3
        probes: 1
        ```

        ```simulate scaled
        dim: 3
        n: 50
        chains: 1
        steps: 100
        sampling: [iid]
        scale: { beta: [1, 2], lr: 0.01, batch: 1 }
        ```

        ```simulate diverging
        dim: 3
        n: 50
        chains: 1
        steps: 200
        sampling: [iid]
        ratio: [5]
        batch: [1]
        ```
        """]

    /// Declared columns no configuration of the kind produces, and why. A plain `train` step
    /// declares the run labels of a sweep (`name`, `β`) so a plot reads train and sweep tables
    /// alike, but its runs have neither.
    /// Schedule parameters appear only for the forms that have them (`ResultColumns.runSettings`);
    /// an interpolation row has a setting unprefixed where its two runs agree and as
    /// `from_X`/`to_X` where they differ, so which of the two appears depends on the pair.
    static let conditional: [StepKind: Set<String>] = {
        let parameters = Set(ResultColumns.runSettings.filter {
            ($0.hasPrefix("lr_") || $0.hasPrefix("batch_")) && !$0.hasSuffix("_schedule")
        })
        return [.train: parameters.union(["name", "beta"]), .sweep: parameters, .measure: parameters,
                .interpolate: Set(ResultColumns.interpolateSettings + ResultColumns.interpolateEnds)]
    }()

    @Test("every column a computing step produces is declared, and every declared column is produced")
    func produced() async throws {
        var produced: [StepKind: Set<String>] = [:]
        for (n, text) in Self.notebooks.enumerated() {
            let (document, diagnostics) = NotebookParser.parse(text, file: "columns-\(n).md")
            #expect(diagnostics.isEmpty, "\(diagnostics)")
            let store = ResultStore(directory: FileManager.default.temporaryDirectory
                .appendingPathComponent("minima-test-\(UUID().uuidString)"))
            defer { try? FileManager.default.removeItem(at: store.directory) }
            let outcomes = await NotebookRun(document: document, store: store)
                .run(executor: LocalExecutor(jobs: 2), progress: Progress(quiet: true))
            for step in document.steps where step.kind.descriptor.hasOutcome {
                guard case .completed(let result) = outcomes[step.id] else {
                    Issue.record("step \(step.id) did not complete: \(String(describing: outcomes[step.id]))")
                    continue
                }
                let declared = Set(ResultColumns.columns(of: step.kind))
                let extra = Set(result.table.columns).subtracting(declared)
                #expect(extra.isEmpty, "step \(step.id) (\(step.kind)) produces undeclared columns \(extra.sorted())")
                produced[step.kind, default: []].formUnion(result.table.columns)
            }
        }
        for kind in StepKind.allCases where kind.descriptor.hasOutcome {
            let missing = Set(ResultColumns.columns(of: kind)).subtracting(produced[kind] ?? [])
                .subtracting(Self.conditional[kind] ?? [])
            #expect(missing.isEmpty, "no tiny \(kind) step produced the declared columns \(missing.sorted())")
        }
    }
}
