import Notebook

/// A step named on the command line that the notebook does not have.
public struct UnknownStepError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The name given.
    public var name: String
    /// The notebook's step ids, in document order.
    public var known: [String]
    /// The closest id by edit distance, when one is close enough to be a typo.
    public var suggestion: String?

    /// "no step 'gird' in the notebook" (the suggestion and the ids go in notes).
    public var description: String { "no step '\(name)' in the notebook" }

    /// Notes for the diagnostic: the suggestion, then the ids there are.
    public var notes: [String] {
        (suggestion.map { ["did you mean '\($0)'?"] } ?? [])
            + ["the steps are: " + known.joined(separator: ", ")]
    }
}

extension NotebookRun {
    /// The plan of step `id`.
    /// - Throws: `UnknownStepError` with the closest id when there is no such step.
    public func stepPlan(_ id: String) throws(UnknownStepError) -> Plan.StepPlan {
        if let step = plan.step(id) { return step }
        let known = document.steps.map(\.id)
        let ranked = known.map { (id: $0, distance: Self.editDistance(id.lowercased(), $0.lowercased())) }
            .min { $0.distance < $1.distance }
        let suggestion = ranked.flatMap { $0.distance <= max(1, (id.count + 1) / 3) ? $0.id : nil }
        throw UnknownStepError(name: id, known: known, suggestion: suggestion)
    }

    /// Levenshtein distance by Unicode scalars.
    /// - Complexity: O(*a* · *b*).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        var previous = Array(0...b.count)
        for i in a.indices {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for j in b.indices {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a[i] == b[j] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
