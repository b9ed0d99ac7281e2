import Notebook

/// A plot or table spec that does not fit the data it reads (an unknown column, a bad
/// expression), found when the figure is built. The fragment renderer shows it as an error
/// box at the step's position.
public struct FigureError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The spec key the error is about, e.g. `y` or `columns`.
    public var key: String
    /// For an expression syntax error, the 0-based scalar offset inside the key's value.
    public var offset: Int?
    /// The message in diagnostic style.
    public var message: String

    /// Creates a value from its parts.
    public init(key: String, offset: Int? = nil, message: String) {
        self.key = key
        self.offset = offset
        self.message = message
    }

    public var description: String { "'\(key)': \(message)" }

    init(key: String, _ error: ResultTableError) {
        self.init(key: key, message: error.description)
    }

    init(key: String, expression: String, _ error: ExpressionError) {
        self.init(key: key, offset: error.offset,
                  message: "in '\(expression)' at offset \(error.offset): \(error.message)")
    }
}

/// Expressions of a spec, parsed once, each remembered with the key that wrote it.
struct ParsedExpressions {
    /// Source text → parsed expression.
    private(set) var byText: [String: ColumnExpression] = [:]
    /// Source text → spec key, for error messages.
    private var keyOf: [String: String] = [:]

    /// Parses `text` written under `key`; nil text is ignored.
    mutating func add(_ text: String?, key: String) throws(FigureError) {
        guard let text, byText[text] == nil else { return }
        do {
            byText[text] = try ColumnExpression(parsing: text)
            keyOf[text] = key
        } catch {
            throw FigureError(key: key, expression: text, error)
        }
    }

    /// `keys` plus every derived column computed from keys only (`lr/batch` when `lr` and
    /// `batch` are keys), so a table's declared key columns extend to expressions over them.
    func extending(keys: [String]) -> [String] {
        var out = keys
        for text in byText.keys.sorted() where !out.contains(text) {
            let e = byText[text]!
            if case .column = e { continue }
            if !e.columns.isEmpty && e.columns.allSatisfy(keys.contains) { out.append(text) }
        }
        return out
    }

    /// `table` with one column per non-trivial expression, named by its source text.
    func derive(into table: ResultTable) throws(FigureError) -> ResultTable {
        var out = table
        for text in byText.keys.sorted() {
            let expression = byText[text]!
            if case .column(let name, _) = expression, name == text {
                guard table.index(of: name) != nil else {
                    throw FigureError(key: keyOf[text]!, ResultTableError.unknownColumnError(name, in: table))
                }
                continue
            }
            do { out = try out.adding(text, expression) } catch { throw FigureError(key: keyOf[text]!, error) }
        }
        return out
    }
}

extension ResultTableError {
    /// The unknown-column error for `name` in `table`, with its suggestion.
    static func unknownColumnError(_ name: String, in table: ResultTable) -> ResultTableError {
        do {
            _ = try table.cells(of: .column(name))
        } catch {
            return error
        }
        return ResultTableError(subject: name, message: "unknown column '\(name)'")
    }
}
