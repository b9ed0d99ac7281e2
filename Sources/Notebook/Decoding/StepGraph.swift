/// Checks the references between steps and orders the steps so each runs after what it reads.
enum StepGraph {
    /// The ids in dependency order (document order where free), and diagnostics for duplicate
    /// ids, references to missing steps or to steps of the wrong kind, and cycles.
    /// A step block whose spec did not decode (its errors are already reported).
    struct Undecoded {
        var id: String
        var fence: SourcePosition
    }

    /// - Parameter undecoded: Blocks that failed to decode: their ids are checked for duplicates
    ///   like the others, and a reference to one is not reported (it would be a follow-on error).
    static func order(_ steps: [Step], undecoded: [Undecoded] = []) -> ([String], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var byID: [String: Step] = [:]
        var firstFence: [String: SourcePosition] = [:]
        let blocks = (steps.map { Undecoded(id: $0.id, fence: $0.block.fence) } + undecoded).sorted { $0.fence < $1.fence }
        for block in blocks {
            if let earlier = firstFence[block.id] {
                diagnostics.append(Diagnostic(.error, at: block.fence, "duplicate step id '\(block.id)'",
                                              notes: ["first defined at \(earlier)"]))
            } else {
                firstFence[block.id] = block.fence
            }
        }
        for step in steps where firstFence[step.id] == step.block.fence { byID[step.id] = step }
        let failed = Set(undecoded.map(\.id))
        var edges: [String: [String]] = [:]
        for step in steps {
            var seen: [String: Int] = [:]
            for ref in step.spec.references {
                // The n-th reference under one key is the n-th item when the key holds a list.
                let item = seen[ref.key, default: 0]
                seen[ref.key] = item + 1
                let at = step.keyPositions["\(ref.key).\(item)"] ?? step.keyPositions[ref.key] ?? step.block.fence
                guard let target = byID[ref.id] else {
                    if failed.contains(ref.id) || steps.contains(where: { $0.id == ref.id }) { continue }
                    let candidates = steps.filter { ref.kinds.contains($0.kind) }.map(\.id)
                    let near = Suggestion.closest(to: ref.id, in: candidates)
                    diagnostics.append(Diagnostic(
                        .error, at: at, "step '\(step.id)' reads unknown step '\(ref.id)' in '\(ref.key)'",
                        notes: near.map { ["did you mean '\($0)' (defined at \(firstFence[$0]!))?"] }
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
