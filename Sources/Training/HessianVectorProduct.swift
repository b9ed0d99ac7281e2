/// Exact Hessian-vector products `Hv` of the mean softmax cross-entropy of a ``Network`` over a
/// fixed set of samples, by Pearlmutter's R-operator (forward-over-reverse; Pearlmutter 1994).
///
/// Every layer has an R-forward (`R(y)` from `R(x)` and `v`) and an R-backward (its part of
/// `Hv` and `R(∂L/∂x)` from `R(∂L/∂y)`), in `PlannedLayer+Passes.swift`; for a dense layer
/// with `R(·)` the directional derivative along `v = (V, r)`:
///
///     R(Z) = X·Vᵀ + R(X)·Wᵀ + r          R(A) = φ'(Z) ⊙ R(Z)
///     R(δ_last) = (1/n)·(diag p − ppᵀ)·R(Z_last)      (softmax cross-entropy, per row)
///     (Hv)_W = R(δ)ᵀ·X + δᵀ·R(X)          (Hv)_b = Σ_rows R(δ)
///     R(δ_{l−1}) = φ'(Z) ⊙ (R(δ)·W + δ·V) + φ''(Z) ⊙ R(Z) ⊙ (δ·W)
///
/// and the same with im2col for a conv. **Batch norm** is differentiated in training mode: the
/// loss is the one training sees, each sample normalised with the statistics of its batch, the
/// batches being the consecutive chunks of ``chunk`` samples of the set (all of it when it fits;
/// `L = Σ_c (n_c/n)·L_c`). The running statistics are constants (their rows of `H` are zero).
///
/// When all samples fit one chunk (memory below ``memoryBudget``), construction runs the forward
/// pass and the backward pass for the tensor gradients once, and every `apply` costs one R-forward
/// and one R-backward pass; otherwise each `apply` reruns them chunk by chunk.
/// It is a class because it owns its workspace; it is not thread-safe.
/// - SeeAlso: `HessianVectorProductTests`, `NetworkCurvatureTests` (finite differences of an
///   independent Double reference, symmetry).
public final class HessianVectorProduct: SymmetricOperator {
    /// The network.
    public let network: Network
    /// Number of samples the loss averages over.
    public let samples: Int
    /// Samples per chunk (the batch of batch norm's statistics).
    public let chunk: Int
    /// Mean loss at the parameters over the samples.
    public private(set) var loss: Double = .nan
    /// Fraction of the samples classified correctly at the parameters.
    public private(set) var accuracy: Double = .nan

    /// The parameter count: the length of `v` and `Hv`.
    public let dimension: Int

    /// Floats the workspace of one chunk may take (256 MB).
    public static let memoryBudget = 1 << 26

    private var parameters: [Float]
    private let inputs: [Float]
    private let labels: [Int32]
    private let workspace: Workspace
    private var partial: [Float]

    /// Prepares products at `parameters` for the mean loss over `inputs` and `labels`.
    ///
    /// - Parameters:
    ///   - network: The network.
    ///   - parameters: The point θ, `network.parameterCount` floats.
    ///   - inputs: Samples, [n, network.inputCount] row-major.
    ///   - labels: Classes, [n], in `0..<network.classes`.
    ///   - chunk: Samples per chunk; nil picks all samples, or as many as fit ``memoryBudget``.
    /// - Complexity: one forward and one backward pass over `n` samples.
    public init(network: Network, parameters: [Float], inputs: [Float], labels: [Int32], chunk: Int? = nil) {
        let n = labels.count
        precondition(n > 0 && inputs.count == n * network.inputCount,
                     "HVP: \(inputs.count) inputs for \(n) samples of \(network.inputCount)")
        precondition(parameters.count == network.parameterCount,
                     "HVP: \(parameters.count) parameters for a model of \(network.parameterCount)")
        self.network = network
        self.dimension = network.parameterCount
        self.samples = n
        self.parameters = parameters
        self.inputs = inputs
        self.labels = labels
        let perSample = Self.floatsPerSample(network.plan)
        let size = min(n, max(1, chunk ?? Self.memoryBudget / perSample))
        self.chunk = size
        workspace = Workspace(network: network, capacity: size, directional: true)
        partial = size < n ? [Float](repeating: 0, count: dimension) : []
        prepare()
    }

    /// Prepares products of an MLP (its ``MLP/network``).
    public convenience init(model: MLP, parameters: [Float], inputs: [Float], labels: [Int32]) {
        self.init(network: model.network, parameters: parameters, inputs: inputs, labels: labels)
    }

    /// Floats per sample of a directional workspace: values, gradients and their R-buffers.
    static func floatsPerSample(_ plan: NetworkPlan) -> Int {
        let values = Set(plan.valueRoot).reduce(0) { $0 + plan.tensorCounts[$1] }
        let gradients = Set(plan.gradientRoot).reduce(0) { $0 + plan.tensorCounts[$1] }
        let normalized = plan.layers.reduce(0) { sum, layer in
            if case .batchNorm = layer.kind { return sum + 2 * layer.inputShape.count }
            return sum
        }
        return 2 * (values + gradients) + normalized + 1
    }

    /// Moves to a new point θ on the same samples, reusing every buffer.
    ///
    /// - Complexity: one forward and one backward pass over the samples.
    public func update(parameters: [Float]) {
        precondition(parameters.count == dimension,
                     "HVP: \(parameters.count) parameters for a model of \(dimension)")
        self.parameters = parameters
        prepare()
    }

    /// Floating-point operations per sample of one product, products only, from
    /// ``Network/multiplyAddsPerSample`` per layer `m_l`: with cached passes (`cached`), the
    /// R-forward `2·m_l` (`+ 2·m_l` when the layer's input depends on θ) and the R-backward
    /// `2·m_l` (`+ 6·m_l` when it does: `δᵀ·R(X)`, `R(δ)·W`, `δ·V`); for 784-512-512-10,
    /// `2·(2·m₀ + 6·Σ_{l≥1} m_l)` = 4.81 M. From scratch (or chunked), also the forward pass
    /// `2·Σ m_l` and the backward pass for the tensor gradients the R-passes read, `2·m_l` per
    /// layer that forms one (for 784-512-512-10 with ReLU not the first hidden delta: 6.16 M).
    public static func flopsPerSample(_ network: Network, cached: Bool) -> Int {
        let plan = network.plan
        var flops = 0
        for layer in plan.layers {
            let m = layer.multiplyAdds
            flops += layer.needsInputGradient ? 12 * m : 4 * m
            if !cached {
                flops += 2 * m + (layer.needsInputGradient && layer.curvatureReadsInputGradient ? 2 * m : 0)
            }
        }
        return flops
    }

    /// ``flopsPerSample(_:cached:)`` of an MLP's network.
    public static func flopsPerSample(_ model: MLP, cached: Bool) -> Int {
        flopsPerSample(model.network, cached: cached)
    }

    /// Runs the forward and gradient passes of every chunk for the loss and accuracy; the last
    /// chunk stays in the workspace.
    private func prepare() {
        var lossSum = 0.0, correct = 0
        for index in 0..<((samples + chunk - 1) / chunk) {
            let rows = load(index)
            let result = forwardAndGradients(rows: rows)
            lossSum += result.loss * Double(rows)
            correct += result.correct
        }
        loss = lossSum / Double(samples)
        accuracy = Double(correct) / Double(samples)
    }

    /// Copies chunk `index`'s samples into the workspace; returns its size.
    private func load(_ index: Int) -> Int {
        let start = index * chunk, rows = min(chunk, samples - start), width = network.inputCount
        inputs.withUnsafeBufferPointer {
            workspace.input.update(from: $0.baseAddress! + start * width, count: rows * width)
        }
        labels.withUnsafeBufferPointer { workspace.labels.update(from: $0.baseAddress! + start, count: rows) }
        return rows
    }

    private func forwardAndGradients(rows: Int) -> (loss: Double, correct: Int) {
        parameters.withUnsafeBufferPointer { p in
            network.forward(parameters: p.baseAddress!, batch: rows, workspace: workspace, mode: .batch)
            let result = network.lossAndOutputDelta(batch: rows, workspace: workspace)
            network.propagate(parameters: p.baseAddress!, batch: rows, workspace: workspace, target: nil,
                              alpha: 1, beta: 0)
            return result
        }
    }

    /// Writes `Hv` into `result`; `v` and `result` have `dimension` floats.
    ///
    /// - Complexity: O(n · multiplyAddsPerSample): one R-forward and one R-backward pass (plus,
    ///   when chunked, the forward and backward passes).
    public func apply(_ v: [Float], into result: inout [Float]) {
        precondition(v.count == dimension && result.count == dimension,
                     "HVP: vectors of \(v.count) and \(result.count) for \(dimension) parameters")
        parameters.withUnsafeBufferPointer { p in
            v.withUnsafeBufferPointer { vp in
                result.withUnsafeMutableBufferPointer { rp in
                    guard chunk < samples else {
                        product(p.baseAddress!, vp.baseAddress!, rows: samples, into: rp.baseAddress!)
                        return
                    }
                    rp.baseAddress!.update(repeating: 0, count: dimension)
                    partial.withUnsafeMutableBufferPointer { part in
                        for index in 0..<((samples + chunk - 1) / chunk) {
                            let rows = load(index)
                            _ = forwardAndGradients(rows: rows)
                            product(p.baseAddress!, vp.baseAddress!, rows: rows, into: part.baseAddress!)
                            Kernels.axpy(count: dimension, Float(rows) / Float(samples), part.baseAddress!, rp.baseAddress!)
                        }
                    }
                }
            }
        }
    }

    private func product(
        _ w: UnsafePointer<Float>, _ v: UnsafePointer<Float>, rows n: Int, into out: UnsafeMutablePointer<Float>
    ) {
        let plan = workspace.plan
        for layer in plan.layers { layer.directional(w, v, n: n, workspace) }
        Kernels.softmaxHessianProduct(
            rows: n, classes: plan.outputShape.channels, logits: workspace.values[plan.logits],
            direction: workspace.rValues[plan.logits], scale: 1 / Float(n), into: workspace.rGradients[plan.logits])
        for layer in plan.layers.reversed() { layer.secondOrder(w, v, n: n, workspace, out: out) }
    }
}
