import Notebook

/// `interpolate`: one unit per matched (from, to) pair of runs, one pair per seed.
struct InterpolateStepRunner: StepRunner {
    let spec: InterpolateSpec

    func plan(_ plan: inout Plan.StepPlan, context: inout PlanContext) {
        plan.upstream = [spec.of]
        let candidates = context.runs[spec.of] ?? []
        for (index, pair) in spec.pairs.enumerated() {
            let from = candidates.filter { RunSelector.matches($0, pair.from) }
            let to = candidates.filter { RunSelector.matches($0, pair.to) }
            guard !from.isEmpty, !to.isEmpty, from.count == to.count else {
                plan.failure = RunSelector.mismatch(pair: index + 1, from: from.count, to: to.count, of: spec.of)
                break
            }
            let label = pair.label ?? "\(RunSelector.describe(pair.from)) → \(RunSelector.describe(pair.to))"
            for (a, b) in zip(from, to) {
                plan.units.append(.interpolate(InterpolateUnit(
                    settings: .init(alpha: spec.alpha.values, samples: spec.samples, label: label, pair: index + 1),
                    from: a, to: b)))
            }
        }
    }

    func noun(_ count: Int) -> String { count == 1 ? "pair" : "pairs" }
}
