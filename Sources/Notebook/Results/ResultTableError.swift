/// A user error found while querying a result table (an unknown column, a bad sort key).
///
/// The caller turns it into a `file:line:col` diagnostic at the key that named the column.
public struct ResultTableError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The column or key the error is about, e.g. `batch_sise`.
    public var subject: String
    /// What is wrong, in diagnostic style: lowercase, names in single quotes, no final period.
    public var message: String
    /// The closest existing column, if one is near enough to suggest.
    public var suggestion: String?

    /// Creates a value from its parts.
    public init(subject: String, message: String, suggestion: String? = nil) {
        self.subject = subject
        self.message = message
        self.suggestion = suggestion
    }

    public var description: String {
        message + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
    }

    /// The error for a column `name` that `table` does not have, with a suggestion.
    static func unknownColumn(_ name: String, in table: ResultTable) -> ResultTableError {
        let available = table.columns.map { "'\($0)'" }.joined(separator: ", ")
        return ResultTableError(
            subject: name,
            message: "unknown column '\(name)' (the table has \(available))",
            suggestion: closestName(to: name, in: table.columns))
    }
}

/// The candidate nearest to `name` by edit distance, if it is at most a third of the length away.
func closestName(to name: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1,
                                 previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
    let target = Array(name)
    let scored = candidates.map { (name: $0, d: distance(target, Array($0))) }
    guard let best = scored.min(by: { ($0.d, $0.name) < ($1.d, $1.name) }) else { return nil }
    return best.d <= max(1, target.count / 3) ? best.name : nil
}
