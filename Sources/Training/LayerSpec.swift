/// The shape of one sample: `height × width × channels`, stored channels-last (HWC), row-major.
///
/// A plain feature vector is `1 × 1 × n`. Images keep their shape from the data set to the first
/// layer; a dense layer reads its input flattened in this order.
public struct TensorShape: Codable, Hashable, Sendable, CustomStringConvertible {
    public var height: Int
    public var width: Int
    public var channels: Int

    public init(height: Int, width: Int, channels: Int) {
        precondition(height > 0 && width > 0 && channels > 0, "TensorShape: \(height)×\(width)×\(channels)")
        self.height = height
        self.width = width
        self.channels = channels
    }

    /// A feature vector of `count` values (`1 × 1 × count`).
    public static func vector(_ count: Int) -> TensorShape { TensorShape(height: 1, width: 1, channels: count) }

    /// Values per sample.
    public var count: Int { height * width * channels }
    /// True for a `1 × 1 × n` vector.
    public var isVector: Bool { height == 1 && width == 1 }
    /// `28×28×1`, or `784` for a vector.
    public var description: String { isVector ? "\(channels)" : "\(height)×\(width)×\(channels)" }
}

/// One layer of a network, as a description: Codable and Hashable, so it belongs in run
/// configurations, checkpoints and cache keys. The numbers live in ``Parameters``.
///
/// A network is a sequence of these from the input shape to the logits; the last layer's output
/// count is the number of classes.
public indirect enum LayerSpec: Codable, Hashable, Sendable {
    /// Fully connected to `units` outputs (weights `[units, inputs]`, then a bias); a non-vector
    /// input is read flattened in HWC order.
    case dense(units: Int)
    /// 2-D convolution with a square `kernel`, `stride`, zero `padding` on each side and a bias
    /// per output channel.
    case conv(channels: Int, kernel: Int, stride: Int, padding: Int)
    /// Maximum over `size × size` windows moved by `stride`.
    case maxPool(size: Int, stride: Int)
    /// Mean over `size × size` windows moved by `stride`.
    case averagePool(size: Int, stride: Int)
    /// Mean over all positions: `h × w × c` → `1 × 1 × c`.
    case globalAveragePool
    /// `h × w × c` → `1 × 1 × (h·w·c)` (HWC order; no numbers change).
    case flatten
    /// Per-channel batch normalisation with a learned scale and shift; batch statistics in
    /// training, running statistics in evaluation.
    case batchNorm
    /// An elementwise nonlinearity.
    case activation(Activation)
    /// `body(x) + shortcut(x)`; an empty shortcut is the identity (shapes must then agree).
    case residual(body: [LayerSpec], shortcut: [LayerSpec])
}
