import Notebook

/// `derive`: no units; its table is computed from the completed tables of the steps it reads
/// (`Derivation.table`), so it never trains and re-computes on every render in microseconds.
struct DeriveStepRunner: StepRunner {
    let spec: DeriveSpec

    func assemble(_ step: Plan.StepPlan, context: AssemblyContext) -> StepOutcome? {
        var tables: [String: ResultTable] = [:]
        var upstream: [StepProvenance] = []
        for id in spec.of + spec.join.map(\.step) {
            guard case .completed(let result) = context.outcomes[id] else {
                return .skipped(reason: "step '\(id)' did not complete")
            }
            tables[id] = result.table
            upstream.append(result.provenance)
        }
        do {
            let table = try Derivation.table(spec, tables: tables)
            // Its key names what it was computed from: the upstream keys and its own spec.
            let ids = spec.of + spec.join.map(\.step)
            let key = CacheKey(kind: "derive", spec: spec,
                               inputs: Dictionary(zip(ids, upstream.map(\.cacheKey)), uniquingKeysWith: { a, _ in a }))
            let provenance = StepProvenance(
                cacheKey: key.hex, wallSeconds: 0, seeds: Array(Set(upstream.flatMap(\.seeds))).sorted(), threads: 1,
                machine: upstream.first?.machine ?? Machine.description,
                dataDigests: upstream.reduce(into: [:]) { $0.merge($1.dataDigests) { a, _ in a } })
            return .completed(StepResult(table: table, provenance: provenance))
        } catch {
            return .failed(StepFailure(message: "\(error)"))
        }
    }
}
