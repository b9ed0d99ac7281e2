/// Preallocated scratch memory for forward and backward passes of one model at up to
/// ``capacity`` samples per batch, so that a training step allocates nothing.
///
/// Per layer `l` (0-based) it holds, for the current batch of `n ≤ capacity` rows:
/// - ``preActivation(_:)`` `Z_l = X_l · W_lᵀ + b_l`, [n, fanOut] (for the last layer: the logits);
/// - ``activation(_:)`` `A_l = φ(Z_l)`, [n, fanOut] (for the last layer: the logits again);
/// - ``delta(_:)`` `∂L/∂Z_l`, [n, fanOut];
///
/// plus the batch ``input`` [n, inputWidth], its ``labels`` [n] and a ``gradient`` [parameterCount].
/// It is a class because it owns manually allocated memory (freed in `deinit`); it is not
/// thread-safe: use one workspace per concurrently training run.
public final class Workspace {
    /// The model the buffers are laid out for.
    public let model: MLP
    /// The model's layers (cached so that a step allocates nothing).
    public let layers: [DenseLayer]
    /// The largest batch the buffers hold.
    public let capacity: Int
    /// The batch inputs, [capacity, inputWidth].
    public let input: UnsafeMutablePointer<Float>
    /// The batch labels, [capacity].
    public let labels: UnsafeMutablePointer<Int32>
    /// A gradient (or other direction) over all parameters, [parameterCount].
    public let gradient: UnsafeMutablePointer<Float>

    private let storage: UnsafeMutablePointer<Float>
    private let storageCount: Int
    private let pre: [UnsafeMutablePointer<Float>]
    private let act: [UnsafeMutablePointer<Float>]
    private let deltas: [UnsafeMutablePointer<Float>]

    /// Allocates buffers for `model` at batches of up to `capacity` samples.
    public init(model: MLP, capacity: Int) {
        precondition(capacity > 0, "Workspace: capacity \(capacity) must be positive")
        self.model = model
        self.capacity = capacity
        layers = model.layers
        let hidden = model.widths.dropFirst()
        let activations = model.widths.dropFirst().dropLast()
        let hiddenWidths = Array(hidden)
        let count = capacity * model.inputWidth + 2 * capacity * hidden.reduce(0, +)
            + capacity * activations.reduce(0, +) + model.parameterCount
        let base = UnsafeMutablePointer<Float>.allocate(capacity: count)
        base.initialize(repeating: 0, count: count)
        var cursor = base
        func take(_ size: Int) -> UnsafeMutablePointer<Float> {
            defer { cursor += size }
            return cursor
        }
        let inputBuffer = take(capacity * model.inputWidth)
        let gradientBuffer = take(model.parameterCount)
        let preBuffers = hiddenWidths.map { take(capacity * $0) }
        let deltaBuffers = hiddenWidths.map { take(capacity * $0) }
        let actBuffers = hiddenWidths.indices.map { l in
            l == hiddenWidths.count - 1 ? preBuffers[l] : take(capacity * hiddenWidths[l])
        }
        precondition(cursor == base + count, "Workspace: layout does not tile the storage")
        storage = base
        storageCount = count
        input = inputBuffer
        gradient = gradientBuffer
        pre = preBuffers
        deltas = deltaBuffers
        act = actBuffers
        labels = .allocate(capacity: capacity)
        labels.initialize(repeating: 0, count: capacity)
    }

    deinit {
        storage.deallocate()
        labels.deallocate()
    }

    /// `Z_l`, the pre-activations of layer `l` (0-based), [capacity, fanOut]; logits for the last layer.
    public func preActivation(_ layer: Int) -> UnsafeMutablePointer<Float> { pre[layer] }

    /// `A_l = φ(Z_l)`, the outputs of layer `l`, [capacity, fanOut]; the logits for the last layer.
    public func activation(_ layer: Int) -> UnsafeMutablePointer<Float> { act[layer] }

    /// `∂L/∂Z_l` for layer `l`, [capacity, fanOut].
    public func delta(_ layer: Int) -> UnsafeMutablePointer<Float> { deltas[layer] }

    /// The input of layer `l`: the batch ``input`` for `l = 0`, else ``activation(_:)`` of `l − 1`.
    public func layerInput(_ layer: Int) -> UnsafeMutablePointer<Float> { layer == 0 ? input : act[layer - 1] }
}
