/// How the weights of a fresh model are drawn (from a seeded stream).
public enum Initialization: String, Codable, Hashable, Sendable, CaseIterable {
    /// `W, b ~ U(−1/√fanIn, +1/√fanIn)`: PyTorch's `nn.Linear` default, used by the paper notebook.
    case uniform
    /// He (Kaiming) normal: `W ~ N(0, 2/fanIn)`, `b = 0`; suited to ReLU.
    case he
    /// Xavier (Glorot) uniform: `W ~ U(±√(6/(fanIn + fanOut)))`, `b = 0`; suited to tanh.
    case xavier

    /// Fills one layer's weights and biases, drawing in index order (weights, then biases).
    func fill(_ layer: DenseLayer, into values: inout [Float], using rng: inout SplitMix64) {
        let weights = layer.weightOffset..<layer.biasOffset
        let biases = layer.biasOffset..<layer.endOffset
        switch self {
        case .uniform:
            let bound = 1 / Float(layer.fanIn).squareRoot()
            for i in weights { values[i] = (2 * rng.nextUnitFloat() - 1) * bound }
            for i in biases { values[i] = (2 * rng.nextUnitFloat() - 1) * bound }
        case .he:
            let deviation = (2 / Double(layer.fanIn)).squareRoot()
            for i in weights { values[i] = Float(rng.nextGaussian() * deviation) }
            for i in biases { values[i] = 0 }
        case .xavier:
            let bound = (6 / Float(layer.fanIn + layer.fanOut)).squareRoot()
            for i in weights { values[i] = (2 * rng.nextUnitFloat() - 1) * bound }
            for i in biases { values[i] = 0 }
        }
    }
}
