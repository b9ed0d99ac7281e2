/// Where one dense layer `y = x · Wᵀ + b` keeps its numbers in the flat parameter vector.
///
/// `W` is stored row-major as [fanOut, fanIn] (one row per output unit), followed by `b` [fanOut].
public struct DenseLayer: Hashable, Sendable {
    /// Inputs per sample.
    public let fanIn: Int
    /// Outputs per sample.
    public let fanOut: Int
    /// Offset of `W` in the flat parameter vector.
    public let weightOffset: Int

    /// Offset of `b` in the flat parameter vector (right after `W`).
    public var biasOffset: Int { weightOffset + fanIn * fanOut }
    /// The number of scalars of `W` and `b` together.
    public var parameterCount: Int { fanIn * fanOut + fanOut }
    /// Offset just past this layer's parameters.
    public var endOffset: Int { weightOffset + parameterCount }
}
