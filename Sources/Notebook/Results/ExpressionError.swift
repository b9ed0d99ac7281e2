/// An error in a column expression: a syntax error from the parser, or a problem `check` finds
/// (an unknown column, a wrong number of arguments, an aggregate where rows are read one by one).
public struct ExpressionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, in diagnostic style ("expected a column name or number after '*'").
    public var message: String
    /// 0-based offset in Unicode scalars of the character the error points at.
    public var offset: Int
    /// For an unknown column, its name, so a caller can word the diagnostic its own way.
    public var unknownColumn: String?
    /// For an unknown column, the closest known one, if near enough to suggest.
    public var suggestion: String?

    /// Creates a value from its parts.
    public init(message: String, offset: Int, unknownColumn: String? = nil, suggestion: String? = nil) {
        self.message = message
        self.offset = offset
        self.unknownColumn = unknownColumn
        self.suggestion = suggestion
    }

    public var description: String {
        "\(offset): \(message)" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
    }
}
