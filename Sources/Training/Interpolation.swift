/// Loss and accuracy along the straight line between two parameter vectors,
/// `θ(α) = (1−α)·θ₁ + α·θ₂` (Goodfellow et al. 2015; PAPER.md F2): `α = 0` is `θ₁`, `α = 1`
/// is `θ₂`, and values outside [0, 1] extrapolate past either end.
public struct Interpolation: Codable, Hashable, Sendable {
    /// The points `α` at which the path is evaluated, in order.
    public var alphas: [Double]

    /// The paper's grid by default: 31 evenly spaced points on [−1, 2] (steps of 0.1).
    public init(alphas: [Double] = Interpolation.grid(from: -1, to: 2, count: 31)) {
        self.alphas = alphas
    }

    /// `count` evenly spaced points from `lower` to `upper`, both included.
    public static func grid(from lower: Double, to upper: Double, count: Int) -> [Double] {
        precondition(count >= 1, "grid of \(count) points")
        guard count > 1 else { return [lower] }
        return (0..<count).map { lower + (upper - lower) * Double($0) / Double(count - 1) }
    }

    /// One evaluation on the path.
    public struct Point: Codable, Hashable, Sendable {
        /// The path coordinate α.
        public var alpha: Double
        /// Name of the data set the numbers are measured on (e.g. "train", "test").
        public var dataset: String
        /// Mean loss per example at `θ(α)`.
        public var loss: Double
        /// Fraction of examples classified correctly at `θ(α)`, in [0, 1].
        public var accuracy: Double
    }

    /// Evaluates every data set at every `θ(α)`.
    ///
    /// - Parameters:
    ///   - start: `θ₁`, the flat parameter vector at `α = 0`.
    ///   - end: `θ₂`, of the same length, at `α = 1`.
    ///   - datasets: Names of the data sets, passed back to `evaluate` by index.
    ///   - evaluate: Mean loss and accuracy of the given parameters on data set `i`.
    /// - Returns: `alphas.count × datasets.count` points, ordered by α, then data set.
    /// - Complexity: O(alphas·n) plus `alphas·datasets` evaluations.
    public func path(
        from start: [Float], to end: [Float], datasets: [String],
        evaluate: (_ parameters: [Float], _ dataset: Int) throws -> (loss: Double, accuracy: Double)
    ) rethrows -> [Point] {
        precondition(start.count == end.count, "interpolating \(start.count) and \(end.count) parameters")
        var theta = [Float](repeating: 0, count: start.count)
        var points: [Point] = []
        for alpha in alphas {
            Kernels.blend(start, end, alpha: Float(alpha), into: &theta)
            for (i, name) in datasets.enumerated() {
                let (loss, accuracy) = try evaluate(theta, i)
                points.append(Point(alpha: alpha, dataset: name, loss: loss, accuracy: accuracy))
            }
        }
        return points
    }
}
