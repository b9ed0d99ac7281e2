import Notebook

/// `plot` and `table`: nothing to compute; the report draws them from their source's outcome.
struct PresentationStepRunner: StepRunner {
    func assemble(_ step: Plan.StepPlan, context: AssemblyContext) -> StepOutcome? { nil }
}
