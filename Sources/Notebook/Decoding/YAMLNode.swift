import Foundation
import Yams

/// A YAML value with the notebook position of every node, built from Yams' composed tree.
///
/// Yams' `Mark` counts Unicode-scalar columns from the start of the YAML text; the block
/// offsets them into the notebook file here, once (`FencedBlock.position(bodyLine:column:)`).
struct YAMLNode: Hashable, Sendable {
    indirect enum Content: Hashable, Sendable {
        case scalar(String)
        case sequence([YAMLNode])
        case mapping([Pair])
        case null
    }

    struct Pair: Hashable, Sendable {
        var key: YAMLNode
        var value: YAMLNode
    }

    var content: Content
    var position: SourcePosition
    /// For a scalar, how many columns after `position` its text starts (1 past a quote), or nil
    /// when its text does not start on that line (a literal `|` or folded `>` block).
    var textShift: Int? = 0

    /// The scalar's text, or nil for collections and null.
    var scalar: String? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    /// The mapping's pairs, or nil when this is not a mapping.
    var pairs: [Pair]? {
        if case .mapping(let p) = content { return p }
        return nil
    }

    /// The value under `key` in a mapping.
    subscript(key: String) -> YAMLNode? {
        pairs?.first { $0.key.scalar == key }?.value
    }

    /// What the node is, for messages: "a number", "a list", "a mapping" …
    var kindDescription: String {
        switch content {
        case .scalar(let s): return "'\(s)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .null: return "nothing"
        }
    }

    /// Parses `text` (a step body or the front matter) into nodes positioned by `locate`.
    /// - Throws: `Diagnostic` for YAML syntax errors, at the offending line and column.
    static func parse(_ text: String, locate: (Int, Int) -> SourcePosition) throws -> YAMLNode? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.diagnostic(for: error, in: text, locate: locate)
        }
        guard let node else { return nil }
        var budget = maximumNodes
        do {
            return try convert(node, locate: locate, budget: &budget)
        } catch {
            // Aliases are shared in Yams' tree but copied here: a "billion laughs" block of a few
            // hundred bytes would expand to billions of nodes.
            throw Diagnostic(.error, at: locate(1, 1), "YAML expands to more than \(maximumNodes) values",
                             notes: ["aliases ('*name') repeat what their anchor ('&name') holds; nested aliases multiply",
                                     "write the values out, or use fewer nested aliases"])
        }
    }

    /// The most values (scalars, lists and mappings, aliases counted expanded) one block may hold.
    static let maximumNodes = 100_000

    private struct TooManyNodes: Error {}

    private static func convert(_ node: Node, locate: (Int, Int) -> SourcePosition, budget: inout Int) throws -> YAMLNode {
        budget -= 1
        if budget < 0 { throw TooManyNodes() }
        let position = node.mark.map { locate($0.line, $0.column) } ?? locate(1, 1)
        switch node {
        case .scalar(let scalar):
            let isNull = scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
            let shift: Int? = switch scalar.style {
            case .singleQuoted, .doubleQuoted: 1
            case .literal, .folded: nil
            default: 0
            }
            return YAMLNode(content: isNull ? .null : .scalar(scalar.string), position: position, textShift: shift)
        case .sequence(let sequence):
            return YAMLNode(content: .sequence(try sequence.map { try convert($0, locate: locate, budget: &budget) }),
                            position: position)
        case .mapping(let mapping):
            return YAMLNode(content: .mapping(try mapping.map {
                Pair(key: try convert($0.key, locate: locate, budget: &budget),
                     value: try convert($0.value, locate: locate, budget: &budget))
            }), position: position)
        case .alias:
            return YAMLNode(content: .null, position: position)
        }
    }

    private static func diagnostic(for error: YamlError, in text: String, locate: (Int, Int) -> SourcePosition) -> Diagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = mark.line >= 1 && mark.line <= lines.count ? String(lines[mark.line - 1]) : ""
            return Diagnostic(.error, at: locate(mark.line, mark.column), "invalid YAML: \(problem)",
                              notes: hints(problem: problem, line: line) + ["step bodies are YAML mappings, e.g. 'lr: 0.1'"])
        default:
            return Diagnostic(.error, at: locate(1, 1), "invalid YAML: \(error)")
        }
    }

    /// Plain-words hints for the YAML mistakes people make most: a tab used to indent, and a
    /// colon inside an unquoted value.
    static func hints(problem: String, line: String) -> [String] {
        var notes: [String] = []
        if problem.contains("tab") || line.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
            notes.append("YAML indents with spaces only: replace the tab at the start of the line with spaces")
        }
        if problem.contains("mapping values are not allowed"), let colon = line.firstIndex(of: ":") {
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if !value.hasPrefix("\""), !value.hasPrefix("'"), value.contains(": ") {
                notes.append("a value that contains ': ' must be quoted, e.g. \(key): \"\(value.replacingOccurrences(of: "\"", with: "\\\""))\"")
            }
        }
        return notes
    }
}
