import Notebook

/// `train`: one run unit per seed.
struct TrainStepRunner: StepRunner {
    let spec: TrainSpec

    func plan(_ plan: inout Plan.StepPlan, context: inout PlanContext) {
        plan.upstream = [spec.data]
        guard let data = context.dataUnit(spec.data, for: &plan) else { return }
        let runs = spec.expand(defaultSeeds: context.document.frontMatter.seeds).map { context.runUnit($0, data: data) }
        context.runs[plan.id] = runs
        plan.units = runs.map(WorkUnit.run)
    }

    func noun(_ count: Int) -> String { count == 1 ? "run" : "runs" }
}
