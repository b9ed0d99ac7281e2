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

    /// Edit distance by Unicode scalars, a swap of two neighbours counting as one edit
    /// (optimal string alignment), so 'gird' is one edit from 'grid'.
    /// - Complexity: O(*a* · *b*).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
