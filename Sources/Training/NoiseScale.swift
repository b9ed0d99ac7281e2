/// The SGD noise scale: the ratio of learning rate to batch size that sets the temperature of
/// SGD's SDE, `dθ = −g dt + √(η/S)·R dW` with `RRᵀ = C` (Jastrzębski et al. 2017, §2).
public enum NoiseScale {
    /// `η/S`, the ratio the paper's claims are stated in.
    ///
    /// - Parameters:
    ///   - learningRate: `η`.
    ///   - batchSize: `S`, at least 1.
    public static func ratio(learningRate: Double, batchSize: Int) -> Double {
        precondition(batchSize >= 1, "batch size \(batchSize)")
        return learningRate / Double(batchSize)
    }

    /// `(η/S)·(N−S)/(N−1)`: the ratio corrected for batches of distinct examples drawn from a
    /// finite set of `N`, whose noise is smaller by `(N−S)/(N−1)` (0 when `S = N`: full batch).
    ///
    /// - Parameters:
    ///   - learningRate: `η`.
    ///   - batchSize: `S`, between 1 and `N`.
    ///   - examples: `N`, the training-set size.
    public static func finiteSampleRatio(learningRate: Double, batchSize: Int, examples: Int) -> Double {
        precondition(batchSize >= 1 && batchSize <= examples, "batch size \(batchSize) of \(examples)")
        guard examples > 1 else { return 0 }
        return ratio(learningRate: learningRate, batchSize: batchSize)
            * Double(examples - batchSize) / Double(examples - 1)
    }
}
