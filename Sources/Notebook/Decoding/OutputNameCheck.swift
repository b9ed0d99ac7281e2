/// Diagnostics for steps whose output files (`OutputNames`) could not be written as named: two
/// steps writing the same file (also when the names differ only in case or Unicode
/// normalisation, which collide on macOS and Windows), and names longer than a file system
/// accepts.
///
/// ```text
/// nb.md:30:1: error: step 'table-1' would write 'table-1.csv', which Table 1 also writes
///     note: the table at nb.md:24:1 writes 'table-1.csv'; rename step 'table-1'
/// ```
enum OutputNameCheck {
    static func diagnostics(_ steps: [Step]) -> [Diagnostic] {
        let files = OutputNames.files(of: steps.map { ($0.kind, $0.hasExplicitID ? $0.id : nil) })
        var diagnostics: [Diagnostic] = []
        var owner: [String: (step: Int, name: String)] = [:]
        var figures = 0, tables = 0
        var labels: [String] = []   // how each step is named in messages
        for step in steps {
            switch step.kind {
            case .plot: figures += 1; labels.append(step.hasExplicitID ? "plot '\(step.id)' (Figure \(figures))" : "Figure \(figures)")
            case .table: tables += 1; labels.append(step.hasExplicitID ? "table '\(step.id)' (Table \(tables))" : "Table \(tables)")
            default: labels.append("step '\(step.id)'")
            }
        }
        var seen = Set<String>()
        for (index, step) in steps.enumerated() where seen.insert(step.id).inserted {   // duplicates: StepGraph
            for name in files[index] {
                let bytes = name.utf8.count
                if bytes > OutputNames.maximumNameBytes {
                    diagnostics.append(Diagnostic(
                        .error, at: step.block.fence,
                        "step id '\(step.id.prefix(40))…' is too long: its file '\(name.prefix(40))…' would be \(bytes) bytes, and file systems accept at most \(OutputNames.maximumNameBytes)",
                        notes: ["use an id of at most \(OutputNames.maximumNameBytes - 5) bytes"]))
                    break
                }
                let key = OutputNames.collisionKey(name)
                if let first = owner[key] {
                    let same = first.name == name ? "'\(name)'" : "'\(first.name)' (the names differ only in case)"
                    diagnostics.append(Diagnostic(
                        .error, at: step.block.fence,
                        "\(labels[index]) would write '\(name)', but \(labels[first.step]) already writes \(same)",
                        notes: ["\(labels[first.step]) is at \(steps[first.step].block.fence); give one of them another id"]))
                    break   // one diagnostic per pair of steps (not one for .csv and one for .json)
                } else {
                    owner[key] = (index, name)
                }
            }
        }
        return diagnostics
    }
}
