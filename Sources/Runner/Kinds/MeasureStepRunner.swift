import Notebook

/// `measure`: one unit per run of the step it reads, at the run's final parameters.
struct MeasureStepRunner: StepRunner {
    let spec: MeasureSpec

    func plan(_ plan: inout Plan.StepPlan, context: inout PlanContext) {
        plan.upstream = [spec.of]
        let settings = MeasureUnit.Settings(metrics: spec.metrics, samples: spec.samples,
                                            powerSteps: spec.powerSteps, probes: spec.probes, seed: spec.seed)
        plan.units = (context.runs[spec.of] ?? []).map { .measure(MeasureUnit(settings: settings, run: $0)) }
    }
}
