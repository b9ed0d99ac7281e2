/// A fenced code block of the notebook, copied out of cmark's tree.
///
/// Debian's libcmark 0.30 cannot tell fenced from indented code blocks, so a block counts as
/// fenced when its first source line starts (after spaces) with ``` or ~~~.
public struct FencedBlock: Hashable, Sendable {
    /// The info string after the fence, trimmed: "train baseline".
    public var info: String
    /// The block's content, without the fences.
    public var body: String
    /// The position of the opening fence.
    public var fence: SourcePosition
    /// The column (in scalars) of the fence's first character; body lines are indented by up
    /// to this much minus one, which cmark removes.
    public var indent: Int
    /// False when no closing fence was found: cmark then runs the block to the end of the
    /// document (or of its container), so prose after it is read as the block's body.
    public var isClosed: Bool = true

    /// The first word of the info string ("train").
    public var kind: String { String(info.split(separator: " ", maxSplits: 1).first ?? "") }

    /// The words after the kind ("baseline").
    public var arguments: [String] { info.split(separator: " ").dropFirst().map(String.init) }

    /// Maps a 1-based line and scalar column inside `body` to the notebook file.
    public func position(bodyLine: Int, column: Int) -> SourcePosition {
        SourcePosition(file: fence.file, line: fence.line + bodyLine, column: column + indent - 1)
    }
}
