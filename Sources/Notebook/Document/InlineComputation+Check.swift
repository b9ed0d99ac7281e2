extension InlineComputation {
    /// Diagnostics of computations that could never evaluate: an unknown step, a step without
    /// a table, an expression or filter that does not parse or names a column the step never
    /// produces, a claim whose condition is not a comparison or test.
    static func check(_ computations: [InlineComputation], steps: [Step], profileNames: [String]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let ids = steps.map(\.id)
        let profiles = Set(profileNames)
        for c in computations {
            for profile in c.skipProfiles where !profiles.contains(profile) {
                diagnostics.append(Diagnostic(.error, at: c.position, "unknown profile '\(profile)' in 'skip='",
                                              notes: Suggestion.note(for: profile, in: profileNames)
                                                + ["profiles: \(profileNames.joined(separator: ", "))"]))
            }
            guard let step = steps.first(where: { $0.id == c.source }) else {
                diagnostics.append(Diagnostic(.error, at: c.sourcePosition, "unknown step '\(c.source)' in an inline \(c.kind == .value ? "value" : "claim")",
                                              notes: Suggestion.note(for: c.source, in: ids)))
                continue
            }
            guard step.kind.producesTable else {
                diagnostics.append(Diagnostic(.error, at: c.sourcePosition, "step '\(c.source)' is a \(step.kind.rawValue) step and has no result table to compute from",
                                              notes: ["name a step with a table: " + StepKind.tableKinds.map(\.rawValue).joined(separator: ", ")]))
                continue
            }
            let known = StepColumns.known(of: step, in: steps)
            let parts: [(text: String, at: SourcePosition, context: ColumnExpression.Context?)] =
                (c.filter.map { [($0, c.filterPosition ?? c.sourcePosition, ColumnExpression.Context.row)] } ?? [])
                + [(c.expression, c.expressionPosition, c.format.meanStd ? .row : nil)]
            for part in parts {
                diagnostics += ExpressionCheck.diagnostics(part.text, at: part.at, context: part.context,
                                                           columns: known, stepID: c.source, kind: step.kind)
            }
        }
        return diagnostics
    }
}
