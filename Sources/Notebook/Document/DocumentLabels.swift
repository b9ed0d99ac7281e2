/// A heading labelled for cross-references: `## Results {#sec-results}` is referred to as
/// `@sec-results`, and its element id on the page is the label.
public struct SectionLabel: Hashable, Sendable {
    /// The label without `#`, e.g. `sec-results`.
    public var label: String
    /// The heading's plain text without the label.
    public var text: String
    public var level: Int
    /// Where `{#…}` is written.
    public var position: SourcePosition
}

/// A numbered display equation: `$$ … $$ {#eq-loss}`, numbered 1, 2 … in document order.
public struct EquationLabel: Hashable, Sendable {
    /// The label without `#`, e.g. `eq-loss`.
    public var label: String
    /// 1-based, in document order.
    public var number: Int
}
