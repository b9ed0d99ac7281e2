import Synchronization

/// Checks the prose's references and citations against what the notebook defines, at check
/// time, with a "did you mean" note. What `@X` means, first match wins:
///
/// 1. `X` is a step id: a plot or table ("Figure N", "Table N") or any other step with an id
///    (a link to it). This is the older `@id` form, kept as it was.
/// 2. `fig-ID` / `tbl-ID`: the plot / table step `ID`.
/// 3. `sec-ID` / `eq-ID` (or any other label): a heading labelled `{#sec-ID}`, a numbered
///    equation `$$ … $$ {#eq-ID}`.
/// 4. a key of the bibliography: an in-text citation, "Jastrzębski et al. (2017)".
///
/// An unknown `@fig-…`, `@tbl-…`, `@sec-…` or `@eq-…` and an unknown key in `[@key]` are
/// errors; any other unknown `@word` is a warning (it stays as text, as before). Duplicate
/// labels are errors. The prose is rendered once with hooks that record every reference, so
/// the check sees exactly what the report resolves (not `@` in code, not `a@b` addresses).
enum ReferenceCheck {
    static let prefixes = ["fig-", "tbl-", "sec-", "eq-"]

    static func diagnostics(_ document: NotebookDocument, steps: [Step], undecoded: [String],
                            bibliographyNamed: Bool) -> [Diagnostic] {
        var diagnostics = duplicateLabels(document)
        let asked = Mutex<[String]>([])
        let cited = Mutex<[String]>([])
        let hooks = BodyHooks(fragments: [:], math: { _, _ in "" },
                              reference: { id in asked.withLock { $0.append(id) }; return nil },
                              citation: { items in cited.withLock { $0 += items.map(\.key) }; return nil })
        _ = document.renderBody(hooks: hooks)

        let plots = Set(steps.filter { $0.kind == .plot }.map(\.id))
        let tables = Set(steps.filter { $0.kind == .table }.map(\.id))
        let stepIDs = Set(steps.filter { $0.kind == .plot || $0.kind == .table || $0.hasExplicitID }.map(\.id) + undecoded)
        let labels = Set(document.sections.map(\.label) + document.equations.map(\.label))
        let keys = document.bibliography.map { Set($0.keys) } ?? []

        // id → the problem with it (message, severity, notes); nil when it resolves.
        var problems: [String: Diagnostic] = [:]
        let here = SourcePosition(file: document.file, line: 1, column: 1)
        for id in asked.withLock({ $0 }) where problems[id] == nil {
            if stepIDs.contains(id) || labels.contains(id) || keys.contains(id) { continue }
            if id.hasPrefix("fig-") || id.hasPrefix("tbl-") {
                let isFigure = id.hasPrefix("fig-")
                let target = String(id.dropFirst(4))
                let wanted = isFigure ? plots : tables
                if wanted.contains(target) { continue }
                let other = isFigure ? tables : plots
                if other.contains(target) {
                    let fix = isFigure ? "tbl-" : "fig-"
                    problems[id] = Diagnostic(.error, at: here, "'@\(id)' refers to \(isFigure ? "table" : "plot") '\(target)', not a \(isFigure ? "plot" : "table")",
                                              notes: ["write '@\(fix)\(target)'"])
                } else {
                    let prefix = isFigure ? "fig-" : "tbl-"
                    problems[id] = Diagnostic(.error, at: here, "'@\(id)' names no \(isFigure ? "plot" : "table") step",
                                              notes: atNote(id, wanted.sorted().map { prefix + $0 })
                                                + ["'@\(prefix)ID' refers to the \(isFigure ? "plot" : "table") step with id ID"])
                }
                continue
            }
            if id.hasPrefix("sec-") || id.hasPrefix("eq-") {
                let isSection = id.hasPrefix("sec-")
                let candidates = (isSection ? document.sections.map(\.label) : document.equations.map(\.label)).sorted()
                problems[id] = Diagnostic(.error, at: here, "'@\(id)' names no \(isSection ? "labelled heading" : "numbered equation")",
                                          notes: atNote(id, candidates)
                                            + [isSection ? "label a heading with a trailing '{#\(id)}', e.g. '## Results {#\(id)}'"
                                                         : "number a display equation with '$$ … $$ {#\(id)}'"])
                continue
            }
            let all = (stepIDs.union(labels).union(keys)).sorted()
            problems[id] = Diagnostic(.warning, at: here, "'@\(id)' names no step, label or citation key, so it is shown as text",
                                      notes: atNote(id, all)
                                        + ["'@ID' links to the step with that id (\"Figure N\" for a plot or table); '@fig-ID', '@tbl-ID', '@sec-ID', '@eq-ID' to figures, tables, sections and equations; '@key' cites a bibliography entry"])
        }
        for key in cited.withLock({ $0 }) where !keys.contains(key) {
            if !bibliographyNamed {
                problems[key] = Diagnostic(.error, at: here, "citation '[@\(key)]' needs a bibliography",
                                           notes: ["name a BibTeX file in the front matter: 'bibliography: refs.bib'"])
            } else if document.bibliography != nil {
                problems[key] = Diagnostic(.error, at: here, "unknown citation key '\(key)' in '\(document.bibliography!.file)'",
                                           notes: Suggestion.note(for: key, in: keys.sorted()))
            }   // an unreadable .bib is reported once, where it is named
        }
        guard !problems.isEmpty else { return diagnostics }
        diagnostics += positioned(problems, in: document)
        return diagnostics
    }

    /// "did you mean '@x'?" for the closest candidate, if any.
    private static func atNote(_ id: String, _ candidates: [String]) -> [String] {
        Suggestion.closest(to: id, in: candidates).map { ["did you mean '@\($0)'?"] } ?? []
    }

    /// Each problem at every place its `@id` is written in the prose (outside code).
    private static func positioned(_ problems: [String: Diagnostic], in document: NotebookDocument) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var found = Set<String>()
        let lines = document.body.split(separator: "\n", omittingEmptySubsequences: false)
        var inFence: Character?
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == ">" }
            if let fence = inFence {
                if trimmed.hasPrefix(String(repeating: fence, count: 3)) { inFence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence = trimmed.first; continue }
            let chars = Array(line)
            var i = 0, inCode = false
            while i < chars.count {
                defer { i += 1 }
                if chars[i] == "`" { inCode.toggle(); continue }
                guard !inCode, chars[i] == "@", i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber) else { continue }
                let length = ReferenceSyntax.idLength(chars, from: i + 1)
                let id = String(chars[(i + 1)..<(i + 1 + length)])
                guard var diagnostic = problems[id] else { continue }
                diagnostic.position = SourcePosition(file: document.file, line: index + 1,
                                                     column: String(chars[..<i]).unicodeScalars.count + 1)
                out.append(diagnostic)
                found.insert(id)
            }
        }
        // Not found on a line (e.g. a reference broken over lines): reported at the file's start.
        for (id, diagnostic) in problems.sorted(by: { $0.key < $1.key }) where !found.contains(id) { out.append(diagnostic) }
        return out
    }

    /// Two headings or equations with one label.
    private static func duplicateLabels(_ document: NotebookDocument) -> [Diagnostic] {
        var seen: [String: SourcePosition] = [:]
        var out: [Diagnostic] = []
        for section in document.sections {
            if let first = seen[section.label] {
                out.append(Diagnostic(.error, at: section.position, "label '\(section.label)' is used twice",
                                      notes: ["the first is at \(first); give one of them another label"]))
            } else { seen[section.label] = section.position }
        }
        var equations: [String: Int] = [:]
        for equation in document.equations {
            equations[equation.label, default: 0] += 1
            let occurrence = equations[equation.label]! + (seen[equation.label] == nil ? 0 : 1)
            guard occurrence > 1 else { continue }
            out.append(Diagnostic(.error, at: labelPosition(equation.label, occurrence: occurrence, in: document),
                                  "label '\(equation.label)' is used twice", notes: ["give each equation and heading its own label"]))
        }
        return out
    }

    /// Where the `n`-th `{#label}` is written (line and column of `{`); the file's start if not found.
    private static func labelPosition(_ label: String, occurrence n: Int, in document: NotebookDocument) -> SourcePosition {
        let needle = "{#\(label)}"
        var count = 0
        for (index, line) in document.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let range = rest.range(of: needle) {
                count += 1
                if count == n {
                    return SourcePosition(file: document.file, line: index + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
                }
                rest = rest[range.upperBound...]
            }
        }
        return SourcePosition(file: document.file, line: 1, column: 1)
    }
}
