import Foundation
import Notebook

/// Runs a checked notebook: plans, looks up the cache, computes what is missing with an
/// executor, and assembles each step's table in document order.
public struct NotebookRun: Sendable {
    public let document: NotebookDocument
    public let store: ResultStore
    public let plan: Plan

    /// - Parameter assumingMissingData: Plan a named data set that is not installed as if its
    ///   files were there (without their digests, so the keys are provisional): `--dry-run` shows
    ///   the work and cost of a notebook whose data lives elsewhere (CIFAR-10 on a cluster).
    public init(document: NotebookDocument, store: ResultStore, assumingMissingData: Bool = false) {
        self.document = document
        self.store = store
        self.plan = Plan(document: document, assumingMissingData: assumingMissingData)
    }

    /// Units not yet in the cache, per step, in document order (for `--dry-run`).
    public func uncached() -> [(step: String, total: Int, missing: Int)] {
        plan.steps.filter { !$0.units.isEmpty }.map { step in
            (step.id, step.units.count, step.units.filter { !store.contains($0.key) }.count)
        }
    }

    /// Computes every missing unit with `executor`, then returns the outcome of each step that
    /// has one (see `StepKindDescriptor.hasOutcome`), keyed by step id.
    /// A failed unit fails its step; steps reading a failed step are skipped.
    ///
    /// Units run in waves by `WorkUnit.depth`: a unit runs once every unit it reads is done
    /// (training runs and simulations first, then what measures or interpolates them).
    public func run(executor: any Executor, progress: Progress) async -> [String: StepOutcome] {
        assemble(failures: await execute(executor: executor, progress: progress))
    }

    /// Computes every missing unit with `executor` (the first half of ``run(executor:progress:)``)
    /// and returns the failure message of each unit that failed.
    public func execute(executor: any Executor, progress: Progress) async -> [CacheKey: String] {
        var failures: [CacheKey: String] = [:]
        let depths = Set(plan.steps.flatMap { $0.units.map(\.depth) }).sorted()
        for depth in depths {
            var seen = Set<CacheKey>()
            var missing: [(step: String, unit: WorkUnit)] = []
            for step in plan.steps where step.failure == nil && step.units.contains(where: { $0.depth == depth }) {
                for unit in step.units where unit.depth == depth && !store.contains(unit.key) && seen.insert(unit.key).inserted
                    && !unit.inputs.contains(where: { failures[$0.key] != nil }) {
                    missing.append((step.id, unit))
                }
                let cached = step.units.count - step.units.filter { !store.contains($0.key) }.count
                let noun = document.step(step.id)?.spec.runner.noun(step.units.count) ?? "units"
                progress.note("\(step.id): \(step.units.count) \(noun), \(cached) cached")
            }
            failures.merge(await executor.execute(missing, store: store, progress: progress)) { a, _ in a }
        }
        return failures
    }

    /// Units that are neither in the store nor failed, in document order (without repeats).
    public func missingUnits(failures: [CacheKey: String] = [:]) -> [WorkUnit] {
        var seen = Set<CacheKey>()
        return plan.steps.filter { $0.failure == nil }.flatMap(\.units).filter { unit in
            failures[unit.key] == nil && !unit.inputs.contains(where: { failures[$0.key] != nil })
                && seen.insert(unit.key).inserted && !store.contains(unit.key)
        }
    }

    /// The outcomes of the steps that can be assembled now, while units are still computing (a
    /// page drawn before the runs end, as `minima preview` does): a step with a unit neither in
    /// the store nor in `failures` is left out, and so is every step that reads it.
    public func availableOutcomes(failures: [CacheKey: String] = [:]) -> [String: StepOutcome] {
        let missing = Set(missingUnits(failures: failures).map(\.key))
        let waiting = Set(plan.steps.filter { $0.units.contains { missing.contains($0.key) } }.map(\.id))
        return assemble(failures: failures, waiting: waiting)
    }

    /// Builds each step's outcome from the store, in dependency order; steps in `waiting`, and
    /// the steps reading them, get none.
    func assemble(failures: [CacheKey: String], waiting: Set<String> = []) -> [String: StepOutcome] {
        var outcomes: [String: StepOutcome] = [:]
        var pending = waiting
        for id in document.order {
            guard let step = plan.step(id), let spec = document.step(id)?.spec else { continue }
            if pending.contains(id) || step.upstream.contains(where: pending.contains) {
                pending.insert(id)
                continue
            }
            if let bad = step.upstream.first(where: { outcomes[$0].map(isBad) ?? false }) {
                outcomes[id] = .skipped(reason: "step '\(bad)' did not complete")
                continue
            }
            if let failure = step.failure {
                outcomes[id] = .failed(StepFailure(message: failure))
                continue
            }
            let context = AssemblyContext(document: document, store: store, failures: failures, outcomes: outcomes)
            if let outcome = spec.runner.assemble(step, context: context) { outcomes[id] = outcome }
        }
        return outcomes
    }

    private func isBad(_ outcome: StepOutcome) -> Bool {
        if case .completed = outcome { return false }
        return true
    }
}
