/// The nonlinearity applied after every hidden dense layer (the output layer is linear).
public enum Activation: String, Codable, Hashable, Sendable, CaseIterable {
    /// `max(0, z)`: the paper's default.
    case relu
    /// `tanh(z)`: smooth, so gradients and Hessians can be checked by finite differences.
    case tanh
}
