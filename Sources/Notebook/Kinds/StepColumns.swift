/// The columns a step's result table can have, as `check` knows them before anything runs.
///
/// Fixed per kind (`StepKindDescriptor.columns`) except for `derive`, whose columns follow from
/// its spec and the steps it reads.
public enum StepColumns {
    /// The columns of `step`'s table (empty for kinds without one).
    public static func known(of step: Step, in steps: [Step]) -> [String] {
        var visiting: Set<String> = []
        return known(step, steps, &visiting)
    }

    private static func known(_ step: Step, _ steps: [Step], _ visiting: inout Set<String>) -> [String] {
        guard case .derive(let spec) = step.spec else { return step.kind.descriptor.columns }
        guard visiting.insert(step.id).inserted else { return [] }   // a cycle is reported elsewhere
        defer { visiting.remove(step.id) }
        var cache: [String: [String]] = [:]
        for id in spec.of + spec.join.map(\.step) where cache[id] == nil {
            cache[id] = steps.first { $0.id == id }.map { known($0, steps, &visiting) } ?? []
        }
        return Derivation.columns(spec, inputs: { cache[$0] ?? [] })
    }
}
