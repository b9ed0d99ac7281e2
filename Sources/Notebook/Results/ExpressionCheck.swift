/// Turns the problems of one expression into notebook diagnostics that point inside it.
enum ExpressionCheck {
    /// - Parameters:
    ///   - at: The position of the expression's first character.
    ///   - columns: The columns the source step produces.
    ///   - context: nil picks the set context when the expression aggregates, else the row context.
    static func diagnostics(_ text: String, at: SourcePosition, context: ColumnExpression.Context?, columns: [String],
                            stepID: String, kind: StepKind) -> [Diagnostic] {
        let expression: ColumnExpression
        do { expression = try ColumnExpression(parsing: text) } catch {
            var position = at
            position.column += error.offset
            return [Diagnostic(.error, at: position, "invalid expression '\(text)': \(error.message)",
                               notes: ["see 'Expressions' in docs/notebook-format.md for the syntax and functions"])]
        }
        let context = context ?? (expression.containsAggregate ? .set : .row)
        return expression.check(columns: Set(columns), context: context).map { error in
            var position = at
            position.column += error.offset
            if let name = error.unknownColumn {
                return Diagnostic(.error, at: position, "step '\(stepID)' has no column '\(name)'",
                                  notes: Suggestion.note(for: name, in: columns)
                                      + ["a \(kind.rawValue) step's columns: \(columns.joined(separator: ", "))"])
            }
            return Diagnostic(.error, at: position, "invalid expression '\(text)': \(error.message)")
        }
    }
}
