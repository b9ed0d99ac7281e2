/// A problem in a notebook, reported like a compiler: `file:line:col: error: message`.
///
/// Messages start in lowercase, quote names in single quotes, say what was expected and what
/// was found; the fix goes in a note. All diagnostics of a notebook are collected before
/// anything runs (`minima check`).
public struct Diagnostic: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning, note }

    public var severity: Severity
    public var position: SourcePosition
    public var message: String
    public var notes: [String]

    public init(_ severity: Severity, at position: SourcePosition, _ message: String, notes: [String] = []) {
        self.severity = severity
        self.position = position
        self.message = message
        self.notes = notes
    }

    public var description: String {
        (["\(position): \(severity.rawValue): \(message)"] + notes.map { "    note: \($0)" })
            .joined(separator: "\n")
    }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error (warnings do not stop a render).
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
