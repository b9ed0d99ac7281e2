import Foundation

/// Resolved param values and the `${name}` substitution into step bodies.
///
/// Substitution is textual, before YAML parsing, so `${width}` works anywhere, also inside
/// flow collections like `mlp: [${width}, ${width}]`; a value is written in YAML flow form (a
/// list param becomes `[1, 2]`). Type checks happen after substitution, when the step is decoded;
/// columns of diagnostics on a line with a substitution are mapped back to the source.
public struct Params: Sendable {
    /// Param name → value, after profiles and command-line overrides.
    var values: [String: YAMLNode]
    /// Names in front-matter order.
    var names: [String]

    /// Resolves the front matter's params with `-P name=value` overrides (a `profile` override
    /// picks a profile first; other overrides win over it).
    /// - Returns: The params and diagnostics for unknown names or profiles.
    static func resolve(_ front: FrontMatter, overrides: [(String, String)], file: String) -> (Params, [Diagnostic]) {
        var values: [String: YAMLNode] = [:]
        for p in front.params { values[p.name] = p.value }
        var diagnostics: [Diagnostic] = []
        let cli = SourcePosition(file: "<command line>", line: 1, column: 1)
        for (name, value) in overrides where name == "profile" {
            guard let profile = front.profiles[value] else {
                diagnostics.append(Diagnostic(.error, at: cli, "unknown profile '\(value)'",
                                              notes: Suggestion.note(for: value, in: front.profiles.keys.sorted())
                                                + ["profiles: \(front.profiles.keys.sorted().joined(separator: ", "))"]))
                continue
            }
            for p in profile { values[p.name] = p.value }
        }
        for (name, value) in overrides where name != "profile" {
            guard values[name] != nil else {
                diagnostics.append(Diagnostic(.error, at: cli, "unknown param '\(name)'",
                                              notes: Suggestion.note(for: name, in: front.paramNames)
                                                + ["params: \(front.paramNames.joined(separator: ", "))"]))
                continue
            }
            let node = (try? YAMLNode.parse(value) { _, c in SourcePosition(file: "<command line>", line: 1, column: c) })
                ?? nil
            values[name] = node ?? YAMLNode(content: .scalar(value), position: cli)
        }
        return (Params(values: values, names: front.paramNames), diagnostics)
    }

    /// A substitution on one line: where it starts in the result and in the source, and how
    /// many scalars longer the result is.
    struct Shift: Hashable { var line: Int; var resultColumn: Int; var sourceColumn: Int; var resultLength: Int; var sourceLength: Int }

    /// Replaces every `${name}` in `body`; unknown names are diagnostics at their own position.
    func substitute(in body: String, block: FencedBlock) -> (String, [Shift], [Diagnostic]) {
        var shifts: [Shift] = []
        var diagnostics: [Diagnostic] = []
        var lines: [String] = []
        for (index, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var out = "", rest = Substring(line), sourceColumn = 1, resultColumn = 1
            while let open = rest.range(of: "${") {
                let before = rest[..<open.lowerBound]
                out += before
                sourceColumn += before.unicodeScalars.count
                resultColumn += before.unicodeScalars.count
                guard let close = rest[open.upperBound...].firstIndex(of: "}") else { rest = rest[open.lowerBound...]; break }
                let name = String(rest[open.upperBound..<close]).trimmingCharacters(in: .whitespaces)
                let sourceLength = rest[open.lowerBound...close].unicodeScalars.count
                let replacement: String
                if let value = values[name] {
                    replacement = value.flowText
                } else {
                    diagnostics.append(Diagnostic(.error, at: block.position(bodyLine: index + 1, column: sourceColumn),
                                                  "unknown param '\(name)'",
                                                  notes: Suggestion.note(for: name, in: names)
                                                    + [names.isEmpty ? "declare it under 'params:' in the front matter"
                                                                     : "params: \(names.joined(separator: ", "))"]))
                    replacement = "0"
                }
                out += replacement
                shifts.append(Shift(line: index + 1, resultColumn: resultColumn, sourceColumn: sourceColumn,
                                    resultLength: replacement.unicodeScalars.count, sourceLength: sourceLength))
                sourceColumn += sourceLength
                resultColumn += replacement.unicodeScalars.count
                rest = rest[rest.index(after: close)...]
            }
            out += rest
            lines.append(out)
        }
        return (lines.joined(separator: "\n"), shifts, diagnostics)
    }

    /// Maps a column on a substituted line back to the source column.
    static func sourceColumn(line: Int, column: Int, shifts: [Shift]) -> Int {
        var delta = 0
        for s in shifts where s.line == line {
            if column >= s.resultColumn + s.resultLength { delta += s.sourceLength - s.resultLength }
            else if column >= s.resultColumn { return s.sourceColumn }
        }
        return column + delta
    }
}

extension YAMLNode {
    /// The node in YAML flow form, for textual substitution: `0.1`, `"a b"`, `[1, 2]`, `{a: 1}`.
    var flowText: String {
        switch content {
        case .null: return "null"
        case .scalar(let s):
            let plain = !s.isEmpty && s.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "._-+".unicodeScalars.contains($0)
            }
            if plain { return s }
            let escaped = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        case .sequence(let items): return "[" + items.map(\.flowText).joined(separator: ", ") + "]"
        case .mapping(let pairs): return "{" + pairs.map { "\($0.key.flowText): \($0.value.flowText)" }.joined(separator: ", ") + "}"
        }
    }
}
