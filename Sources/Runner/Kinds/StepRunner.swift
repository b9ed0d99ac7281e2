import Notebook

/// How the runner handles one step kind: which units it plans, what its progress counts, and how
/// its outcome is assembled.
///
/// A protocol with one conforming type per kind (rather than `switch`es in `Plan`, `NotebookRun`
/// and `TableAssembly`) keeps a kind's planning and assembly in one file; `StepSpec.runner` is the
/// Runner module's one exhaustive `switch` over kinds, so the compiler names the place a new kind
/// must be added. The defaults fit a kind that reads other steps and has no units of its own
/// (upstream = its references; outcome built by `assemble`), so such a kind (e.g. a derived
/// table) implements `assemble` only.
///
/// Work units need no wave list: a unit runs once the units it reads (`WorkUnit.inputs`) are
/// done (`WorkUnit.depth`).
protocol StepRunner {
    /// Fills in `plan`'s units, upstream steps and planning failure, and records in `context`
    /// what later steps read (data sets, runs).
    func plan(_ plan: inout Plan.StepPlan, context: inout PlanContext)
    /// The word for `count` of its units in progress lines ("3 runs").
    func noun(_ count: Int) -> String
    /// The step's outcome once its upstream steps completed; nil for steps without one (plots
    /// and tables, which the report draws from their source's outcome).
    func assemble(_ step: Plan.StepPlan, context: AssemblyContext) -> StepOutcome?
}

extension StepRunner {
    func plan(_ plan: inout Plan.StepPlan, context: inout PlanContext) {
        plan.upstream = context.document.step(plan.id)?.spec.references.map(\.id) ?? []
    }

    func noun(_ count: Int) -> String { count == 1 ? "unit" : "units" }

    /// The table of the step's unit results (rows in unit order), or a failure naming the units
    /// that failed.
    func assemble(_ step: Plan.StepPlan, context: AssemblyContext) -> StepOutcome? {
        context.unitTable(step)
    }
}

extension StepSpec {
    /// The runner of this spec's kind.
    var runner: any StepRunner {
        switch self {
        case .dataset(let s): return DatasetStepRunner(spec: s)
        case .train(let s): return TrainStepRunner(spec: s)
        case .sweep(let s): return SweepStepRunner(spec: s)
        case .measure(let s): return MeasureStepRunner(spec: s)
        case .interpolate(let s): return InterpolateStepRunner(spec: s)
        case .simulate(let s): return SimulateStepRunner(spec: s)
        case .derive(let s): return DeriveStepRunner(spec: s)
        case .plot, .table: return PresentationStepRunner()
        }
    }
}

/// What planning a step can read of the steps planned before it (dependency order).
struct PlanContext {
    let document: NotebookDocument
    var data: [String: Result<DataUnit, PlanError>] = [:]
    var runs: [String: [RunUnit]] = [:]
    /// Plan a named data set that is not installed as if it were (`--dry-run`).
    var assumeMissingData = false

    /// The data unit of dataset step `ref`, or nil with `plan.failure` set.
    func dataUnit(_ ref: String, for plan: inout Plan.StepPlan) -> DataUnit? {
        switch data[ref] {
        case .success(let unit): return unit
        case .failure(let error): plan.failure = error.message; return nil
        case nil: plan.failure = "data set '\(ref)' is not available"; return nil
        }
    }

    /// The unit of `run` on `data`, its spec carrying the augmentation it trains with (its own,
    /// else its data set's: ``TrainSpec/resolvingAugment(from:)``), so the key says what it does.
    func runUnit(_ run: RunSpec, data: DataUnit) -> RunUnit {
        var run = run
        if case .dataset(let dataset)? = document.step(run.train.data)?.spec {
            run.train = run.train.resolvingAugment(from: dataset)
        }
        return RunUnit(run: run, data: data)
    }
}

/// What assembling a step can read: the store, the failed units, and the outcomes of the steps
/// before it in dependency order.
struct AssemblyContext {
    let document: NotebookDocument
    let store: ResultStore
    let failures: [CacheKey: String]
    let outcomes: [String: StepOutcome]

    /// The table of `step`'s unit results, or a failure naming the units that failed.
    func unitTable(_ step: Plan.StepPlan) -> StepOutcome {
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
            return .failed(StepFailure(message: "\(messages.count) of \(step.units.count) units failed",
                                       logTail: messages.prefix(10).joined(separator: "\n")))
        }
        return .completed(TableAssembly.result(for: step, results: results, document: document))
    }
}
