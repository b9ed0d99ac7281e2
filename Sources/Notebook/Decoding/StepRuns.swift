extension Array where Element == Step {
    /// The spec of the `dataset` step with id `id`, if there is one.
    func dataset(_ id: String) -> DatasetSpec? {
        guard case .dataset(let d) = first(where: { $0.id == id })?.spec else { return nil }
        return d
    }

    /// The runs a `train` step (itself) or a `sweep` step (expanded from its base, at most
    /// `limit`) trains, for checks made before anything runs; empty for other steps.
    func trainRuns(of step: Step, seeds: [UInt64], limit: Int) -> [TrainSpec] {
        switch step.spec {
        case .train(let t): return [t]
        case .sweep(let s):
            guard case .train(let base)? = first(where: { $0.id == s.base })?.spec else { return [] }
            return s.expand(base: base, defaultSeeds: seeds).prefix(limit).map(\.train)
        default: return []
        }
    }
}
