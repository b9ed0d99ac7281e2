import Notebook
import Training

/// `dataset`: locates the files when planning (their digests key the runs); its outcome is a
/// one-row-per-split summary.
struct DatasetStepRunner: StepRunner {
    let spec: DatasetSpec

    func plan(_ plan: inout Plan.StepPlan, context: inout PlanContext) {
        do { context.data[plan.id] = .success(try DataSources.unit(for: spec)) } catch DataError.unknownDataset where context.assumeMissingData {
            context.data[plan.id] = .success(DataUnit(spec: spec, fileDigests: [:]))
        } catch {
            context.data[plan.id] = .failure(PlanError(message: "\(error)"))
            plan.failure = "\(error)"
        }
    }

    func assemble(_ step: Plan.StepPlan, context: AssemblyContext) -> StepOutcome? {
        do {
            let unit = try DataSources.unit(for: spec)
            return .completed(try DatasetSummary.result(unit))
        } catch {
            return .failed(StepFailure(message: "\(error)"))
        }
    }
}
