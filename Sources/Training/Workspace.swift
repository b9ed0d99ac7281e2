import Synchronization

/// Preallocated scratch memory for forward, backward and (optionally) R-operator passes of one
/// ``Network`` at up to ``capacity`` samples per batch, so that a training step allocates nothing.
///
/// It holds, per tensor of the compiled network (shared buffers counted once), the values and
/// the gradient of the loss for `capacity` samples; per batch-norm layer the batch statistics and
/// normalised inputs; per max-pool layer the arg-max positions; one im2col matrix for the largest
/// conv chunk per worker; the batch ``input`` [n, inputCount], its ``labels`` [n] and a ``gradient``
/// [parameterCount]. With `directional: true` it also holds `R(·)` of every value and gradient
/// (for ``HessianVectorProduct``). It is a class because it owns manually allocated memory
/// (freed in `deinit`); it is not thread-safe: use one workspace per concurrently training run.
public final class Workspace {
    /// The network the buffers are laid out for.
    public let network: Network
    /// The largest batch the buffers hold.
    public let capacity: Int
    /// The batch inputs, [capacity, inputCount].
    public let input: UnsafeMutablePointer<Float>
    /// The batch labels, [capacity].
    public let labels: UnsafeMutablePointer<Int32>
    /// A gradient (or other direction) over all parameters, [parameterCount].
    public let gradient: UnsafeMutablePointer<Float>

    let plan: NetworkPlan
    /// Per tensor: values and gradients [capacity, count] (and their directional derivatives).
    let values: [UnsafeMutablePointer<Float>]
    let gradients: [UnsafeMutablePointer<Float>]
    let rValues: [UnsafeMutablePointer<Float>]
    let rGradients: [UnsafeMutablePointer<Float>]
    /// Per scratch slot: batch norm's per-channel statistics `[mean, 1/σ, batch var, R-scalars…]`
    /// (8·c floats) and normalised input `x̂` then `R(x̂)` [2·capacity·count]; max pool's arg-max
    /// positions.
    let statistics: [UnsafeMutablePointer<Float>]
    let normalized: [UnsafeMutablePointer<Float>]
    let positions: [UnsafeMutablePointer<Int32>]
    /// Floats of one worker's im2col matrix (one conv chunk), and the matrices by worker,
    /// allocated when a worker first needs one (``columns(_:)``).
    let columnCount: Int
    private let columnBlocks = Mutex<[Int]>([])  // addresses (a pointer is not Sendable)
    /// One weight-gradient partial per sample group, [maximumGroups, largest conv's parameters].
    let partials: UnsafeMutablePointer<Float>
    /// The flipped, transposed filters of the conv whose input gradient is being formed.
    let flipped: UnsafeMutablePointer<Float>
    /// `capacity` ones (bias components of products as `gemv`).
    let ones: UnsafeMutablePointer<Float>

    var modeStorage = NormalizationMode.batch
    private var floatBlocks: [UnsafeMutablePointer<Float>] = []
    private var intBlocks: [UnsafeMutablePointer<Int32>] = []

    /// Allocates buffers for `network` at batches of up to `capacity` samples; `directional`
    /// adds the R-operator buffers.
    public init(network: Network, capacity: Int, directional: Bool = false) {
        precondition(capacity > 0, "Workspace: capacity \(capacity) must be positive")
        self.network = network
        self.capacity = capacity
        let plan = network.plan
        self.plan = plan
        var blocks: [UnsafeMutablePointer<Float>] = []
        func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            p.initialize(repeating: 0, count: max(count, 1))
            blocks.append(p)
            return p
        }
        func perTensor(_ roots: [Int], skipInput: Bool) -> [UnsafeMutablePointer<Float>] {
            var byRoot: [Int: UnsafeMutablePointer<Float>] = [:]
            return plan.tensorCounts.indices.map { t in
                let root = roots[t]
                if let p = byRoot[root] { return p }
                let p = floats(capacity * plan.tensorCounts[root])
                byRoot[root] = p
                return p
            }
        }
        values = perTensor(plan.valueRoot, skipInput: false)
        gradients = perTensor(plan.gradientRoot, skipInput: true)
        rValues = directional ? perTensor(plan.valueRoot, skipInput: false) : []
        rGradients = directional ? perTensor(plan.gradientRoot, skipInput: true) : []
        input = values[0]
        gradient = floats(plan.parameterCount)
        ones = floats(capacity)
        ones.update(repeating: 1, count: capacity)
        var statistics: [UnsafeMutablePointer<Float>] = []
        var normalized: [UnsafeMutablePointer<Float>] = []
        var positions: [UnsafeMutablePointer<Int32>] = []
        var ints: [UnsafeMutablePointer<Int32>] = []
        var columnCount = 0, partialCount = 0, flippedCount = 0
        for layer in plan.layers {
            switch layer.kind {
            case .batchNorm(let c):
                statistics.append(floats(8 * c))
                normalized.append(floats((directional ? 2 : 1) * capacity * layer.inputShape.count))
                positions.append(UnsafeMutablePointer<Int32>.allocate(capacity: 1))
                ints.append(positions.last!)
            case .maxPool:
                statistics.append(floats(1))
                normalized.append(floats(1))
                let p = UnsafeMutablePointer<Int32>.allocate(capacity: capacity * layer.outputShape.count)
                p.initialize(repeating: 0, count: capacity * layer.outputShape.count)
                positions.append(p)
                ints.append(p)
            case .conv(let g):
                partialCount = max(partialCount, layer.parameterCount)
                if !g.isPointwise {
                    columnCount = max(columnCount, min(capacity, Self.chunkSamples(g)) * g.positions * g.patch)
                }
                if g.hasSameTranspose {
                    let t = g.transposed
                    columnCount = max(columnCount, min(capacity, Self.chunkSamples(t)) * t.positions * t.patch)
                    flippedCount = max(flippedCount, g.outChannels * g.patch)
                }
            default: break
            }
        }
        self.statistics = statistics
        self.normalized = normalized
        self.positions = positions
        self.columnCount = columnCount
        partials = floats(Kernels.maximumGroups * partialCount)
        flipped = floats(flippedCount)
        labels = .allocate(capacity: capacity)
        labels.initialize(repeating: 0, count: capacity)
        floatBlocks = blocks
        intBlocks = ints
    }

    /// Allocates buffers for `model` (as ``MLP/network``) at batches of up to `capacity` samples.
    public convenience init(model: MLP, capacity: Int) {
        self.init(network: model.network, capacity: capacity)
    }

    deinit {
        for block in floatBlocks { block.deallocate() }
        columnBlocks.withLock { blocks in for block in blocks { UnsafeMutablePointer<Float>(bitPattern: block)?.deallocate() } }
        for block in intBlocks { block.deallocate() }
        labels.deallocate()
    }

    /// Floats of the im2col matrix per chunk (about 1 MB), so a conv's product works on a slice
    /// of its sample group that stays in a core's cache.
    static let columnBudget = 1 << 18

    /// Samples per conv chunk (the last chunk of a sample group may be shorter): a function of
    /// the layer's shape only (never of the workspace), so results do not depend on a
    /// workspace's capacity.
    static func chunkSamples(_ g: ConvGeometry) -> Int {
        max(1, columnBudget / max(1, g.positions * g.patch))
    }

    /// Worker `worker`'s im2col matrix [columnCount] (allocated on first use; the memory of a
    /// worker that never runs a conv is never taken).
    func columns(_ worker: Int) -> UnsafeMutablePointer<Float> {
        let address = columnBlocks.withLock { blocks in
            while blocks.count <= worker {
                let block = UnsafeMutablePointer<Float>.allocate(capacity: max(columnCount, 1))
                block.initialize(repeating: 0, count: max(columnCount, 1))
                blocks.append(Int(bitPattern: block))
            }
            return blocks[worker]
        }
        return UnsafeMutablePointer(bitPattern: address)!
    }

    /// The logits of the last forward pass, [capacity, classes].
    public var logits: UnsafeMutablePointer<Float> { values[plan.logits] }
}
