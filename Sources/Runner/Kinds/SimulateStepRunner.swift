import Notebook

/// `simulate`: one unit per setting of the linear-regression SDE toy.
struct SimulateStepRunner: StepRunner {
    let spec: SimulateSpec

    func plan(_ plan: inout Plan.StepPlan, context: inout PlanContext) {
        plan.units = spec.points.map {
            .simulate(SimulateUnit(dim: spec.dim, spectrum: spec.spectrum, noise: spec.noise, chains: spec.chains,
                                   steps: spec.steps, seed: spec.seed, point: $0))
        }
    }

    func noun(_ count: Int) -> String { count == 1 ? "setting" : "settings" }
}
