import Foundation
import Notebook

/// Runs a checked notebook: plans, looks up the cache, computes what is missing with an
/// executor, and assembles each step's table in document order.
public struct NotebookRun: Sendable {
    public let document: NotebookDocument
    public let store: ResultStore
    public let plan: Plan

    public init(document: NotebookDocument, store: ResultStore) {
        self.document = document
        self.store = store
        self.plan = Plan(document: document)
    }

    /// Units not yet in the cache, per step, in document order (for `--dry-run`).
    public func uncached() -> [(step: String, total: Int, missing: Int)] {
        plan.steps.filter { !$0.units.isEmpty }.map { step in
            (step.id, step.units.count, step.units.filter { !store.contains($0.key) }.count)
        }
    }

    /// Computes every missing unit with `executor`, then returns the outcome of each step that
    /// computes (dataset, train, sweep, measure, interpolate, simulate), keyed by step id.
    /// A failed unit fails its step; steps reading a failed step are skipped.
    public func run(executor: any Executor, progress: Progress) async -> [String: StepOutcome] {
        // Wave 1 trains and simulates; wave 2 measures and interpolates the trained runs.
        var failures: [CacheKey: String] = [:]
        for wave in [[StepKind.train, .sweep, .simulate], [.measure, .interpolate]] {
            var seen = Set<CacheKey>()
            var missing: [(step: String, unit: WorkUnit)] = []
            for step in plan.steps where wave.contains(step.kind) && step.failure == nil {
                for unit in step.units where !store.contains(unit.key) && seen.insert(unit.key).inserted
                    && !unit.inputs.contains(where: { failures[$0.key] != nil }) {
                    missing.append((step.id, unit))
                }
                let cached = step.units.count - step.units.filter { !store.contains($0.key) }.count
                if !step.units.isEmpty {
                    progress.note("\(step.id): \(step.units.count) \(noun(step.kind, step.units.count)), \(cached) cached")
                }
            }
            failures.merge(await executor.execute(missing, store: store, progress: progress)) { a, _ in a }
        }
        return assemble(failures: failures)
    }

    private func noun(_ kind: StepKind, _ count: Int) -> String {
        switch kind {
        case .train, .sweep: return count == 1 ? "run" : "runs"
        case .interpolate: return count == 1 ? "pair" : "pairs"
        case .simulate: return count == 1 ? "setting" : "settings"
        default: return count == 1 ? "unit" : "units"
        }
    }

    /// Builds each step's outcome from the store, in dependency order.
    func assemble(failures: [CacheKey: String]) -> [String: StepOutcome] {
        var outcomes: [String: StepOutcome] = [:]
        for id in document.order {
            guard let step = plan.step(id) else { continue }
            if let bad = step.upstream.first(where: { outcomes[$0].map(isBad) ?? false }) {
                outcomes[id] = .skipped(reason: "step '\(bad)' did not complete")
                continue
            }
            if let failure = step.failure {
                outcomes[id] = .failed(StepFailure(message: failure))
                continue
            }
            switch step.kind {
            case .plot, .table: continue
            case .dataset:
                outcomes[id] = datasetOutcome(id)
                continue
            default: break
            }
            var results: [UnitResult] = []
            var messages: [String] = []
            for unit in step.units {
                let inputFailure = unit.inputs.compactMap { failures[$0.key] }.first
                if let message = failures[unit.key] ?? inputFailure {
                    messages.append("\(unit.label): \(message)")
                } else if let result = store.load(UnitResult.self, for: unit.key) {
                    results.append(result)
                } else {
                    messages.append("\(unit.label): no result in the cache")
                }
            }
            if !messages.isEmpty {
                outcomes[id] = .failed(StepFailure(message: "\(messages.count) of \(step.units.count) units failed",
                                                   logTail: messages.prefix(10).joined(separator: "\n")))
                continue
            }
            outcomes[id] = .completed(TableAssembly.result(for: step, results: results, document: document))
        }
        return outcomes
    }

    private func isBad(_ outcome: StepOutcome) -> Bool {
        if case .completed = outcome { return false }
        return true
    }

    private func datasetOutcome(_ id: String) -> StepOutcome {
        guard let step = document.step(id), case .dataset(let spec) = step.spec else { return .skipped(reason: "") }
        do {
            let unit = try DataSources.unit(for: spec)
            return .completed(try DatasetSummary.result(unit))
        } catch {
            return .failed(StepFailure(message: "\(error)"))
        }
    }
}
