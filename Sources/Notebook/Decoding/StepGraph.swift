/// Checks the references between steps and orders the steps so each runs after what it reads.
enum StepGraph {
    /// The ids in dependency order (document order where free), and diagnostics for duplicate
    /// ids, references to missing steps or to steps of the wrong kind, and cycles.
    static func order(_ steps: [Step]) -> ([String], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var byID: [String: Step] = [:]
        for step in steps {
            if let earlier = byID[step.id] {
                diagnostics.append(Diagnostic(.error, at: step.block.fence, "duplicate step id '\(step.id)'",
                                              notes: ["first defined at \(earlier.block.fence)"]))
            } else {
                byID[step.id] = step
            }
        }
        var edges: [String: [String]] = [:]
        for step in steps {
            for ref in step.spec.references {
                let at = step.keyPositions[ref.key] ?? step.block.fence
                guard let target = byID[ref.id] else {
                    let candidates = steps.filter { ref.kinds.contains($0.kind) }.map(\.id)
                    let near = Suggestion.closest(to: ref.id, in: candidates)
                    diagnostics.append(Diagnostic(
                        .error, at: at, "step '\(step.id)' reads unknown step '\(ref.id)' in '\(ref.key)'",
                        notes: near.map { ["did you mean '\($0)' (defined at \(byID[$0]!.block.fence))?"] }
                            ?? [candidates.isEmpty ? "no \(ref.kinds.map(\.rawValue).joined(separator: " or ")) step has an id"
                                                   : "steps that fit: \(candidates.joined(separator: ", "))"]))
                    continue
                }
                guard ref.kinds.contains(target.kind) else {
                    diagnostics.append(Diagnostic(
                        .error, at: at,
                        "'\(ref.key)' of step '\(step.id)' must name a \(ref.kinds.map(\.rawValue).joined(separator: " or ")) step, but '\(ref.id)' is a \(target.kind.rawValue) step"))
                    continue
                }
                edges[step.id, default: []].append(ref.id)
            }
        }
        // Depth-first topological order; a back edge is a cycle.
        var order: [String] = []
        var state: [String: Int] = [:]   // 1 visiting, 2 done
        func visit(_ id: String, path: [String]) {
            if state[id] == 2 { return }
            if state[id] == 1 {
                let cycle = path.drop { $0 != id } + [id]
                diagnostics.append(Diagnostic(.error, at: byID[id]!.block.fence,
                                              "steps read each other in a cycle: \(cycle.joined(separator: " → "))"))
                return
            }
            state[id] = 1
            for dep in edges[id] ?? [] { visit(dep, path: path + [id]) }
            state[id] = 2
            order.append(id)
        }
        for step in steps where byID[step.id] == step { visit(step.id, path: []) }
        return (order, diagnostics)
    }
}
