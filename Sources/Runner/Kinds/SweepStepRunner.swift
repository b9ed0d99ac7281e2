import Notebook

/// `sweep`: one run unit per variant and seed of its base `train` step.
struct SweepStepRunner: StepRunner {
    let spec: SweepSpec

    func plan(_ plan: inout Plan.StepPlan, context: inout PlanContext) {
        plan.upstream = [spec.base]
        guard let base = context.document.step(spec.base), case .train(let baseSpec) = base.spec else { return }
        let expanded = spec.expand(base: baseSpec, defaultSeeds: context.document.frontMatter.seeds)
        for data in expanded.map(\.train.data) where !plan.upstream.contains(data) { plan.upstream.append(data) }
        var units: [RunUnit] = []
        for run in expanded {
            guard let data = context.dataUnit(run.train.data, for: &plan) else { break }
            units.append(context.runUnit(run, data: data))
        }
        guard plan.failure == nil else { return }
        context.runs[plan.id] = units
        plan.units = units.map(WorkUnit.run)
    }

    func noun(_ count: Int) -> String { count == 1 ? "run" : "runs" }
}
