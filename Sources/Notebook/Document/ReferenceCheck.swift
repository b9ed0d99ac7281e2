import Synchronization

/// `@id` references in the prose that name no plot or table: the report would leave them as
/// literal text, so `check` warns at their position (with a "did you mean" note).
///
/// The prose is rendered once with a reference hook that records every id, so the check sees
/// exactly the `@id`s the report resolves (not those in code, not `a@b` addresses).
enum ReferenceCheck {
    static func diagnostics(_ document: NotebookDocument, known: Set<String>) -> [Diagnostic] {
        let asked = Mutex<[String]>([])
        let hooks = BodyHooks(fragments: [:], math: { _, _ in "" },
                              reference: { id in asked.withLock { $0.append(id) }; return nil })
        _ = document.renderBody(hooks: hooks)
        let unknown = asked.withLock { $0 }.filter { !known.contains($0) }
        guard !unknown.isEmpty else { return [] }
        var diagnostics: [Diagnostic] = []
        var remaining = Dictionary(unknown.map { ($0, 1) }, uniquingKeysWith: +)
        let lines = document.body.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let scalars = Array(line.unicodeScalars)
            var i = 0
            while i < scalars.count {
                defer { i += 1 }
                guard scalars[i] == "@", i == 0 || !(scalars[i - 1].properties.isAlphabetic || ("0"..."9").contains(scalars[i - 1])) else { continue }
                var j = i + 1
                while j < scalars.count, scalars[j].properties.isAlphabetic || ("0"..."9").contains(scalars[j])
                        || scalars[j] == "-" || scalars[j] == "_" { j += 1 }
                let id = String(String.UnicodeScalarView(scalars[(i + 1)..<j]))
                guard let left = remaining[id], left > 0 else { continue }
                remaining[id] = left - 1
                diagnostics.append(Diagnostic(
                    .warning, at: SourcePosition(file: document.file, line: index + 1, column: i + 1),
                    "'@\(id)' names no step, so it is shown as text",
                    notes: Suggestion.note(for: id, in: known.sorted())
                        + ["'@ID' links to the step with that id (\"Figure N\" for a plot or table)"]))
            }
        }
        return diagnostics
    }
}
