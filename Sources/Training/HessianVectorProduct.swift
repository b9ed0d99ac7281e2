/// Exact Hessian-vector products `Hv` of the mean softmax cross-entropy of an `MLP` over a fixed
/// set of samples, by Pearlmutter's R-operator (forward-over-reverse; Pearlmutter 1994).
///
/// Construction runs one forward pass and a backward pass for the deltas `δ_l = ∂L/∂Z_l` over
/// all samples at once and keeps them (for ReLU, `δ_0` is never read and not computed); every
/// `apply` then costs one R-forward and one R-backward pass (per layer at most four `sgemm`s over
/// all samples, about 4.81 MFLOP per sample for 784-512-512-10). With `R(·)` the directional derivative along `v = (V_l, r_l)`:
///
///     R(Z_l) = X_l·V_lᵀ + R(X_l)·W_lᵀ + r_l          R(X_{l+1}) = φ'(Z_l) ⊙ R(Z_l)
///     R(δ_last) = (1/n)·(diag p − ppᵀ)·R(Z_last)      (softmax cross-entropy, per row)
///     (Hv)_{W_l} = R(δ_l)ᵀ·X_l + δ_lᵀ·R(X_l)          (Hv)_{b_l} = Σ_rows R(δ_l)
///     R(δ_{l−1}) = φ'(Z) ⊙ (R(δ_l)·W_l + δ_l·V_l) + φ''(Z) ⊙ R(Z) ⊙ (δ_l·W_l)
///
/// It is a class because it owns its buffers (freed in `deinit`); it is not thread-safe.
/// Memory: about `n·(inputWidth + 6·Σ hidden widths)` floats for `n` samples.
/// - SeeAlso: `HessianVectorProductTests` (finite differences, closed forms, symmetry).
public final class HessianVectorProduct: SymmetricOperator {
    /// The network.
    public let model: MLP
    /// Number of samples the loss averages over.
    public let samples: Int
    /// Mean loss at the parameters over the samples.
    public private(set) var loss: Double = .nan
    /// Fraction of the samples classified correctly at the parameters.
    public private(set) var accuracy: Double = .nan

    /// The parameter count: the length of `v` and `Hv`.
    public var dimension: Int { model.parameterCount }

    private var parameters: [Float]
    private let workspace: Workspace
    private let storage: UnsafeMutablePointer<Float>
    /// Per layer: `R(Z_l)`, `R(A_l)` (hidden layers; the last layer's is unused) and `R(δ_l)`.
    private let rPre: [UnsafeMutablePointer<Float>]
    private let rAct: [UnsafeMutablePointer<Float>]
    private let rDelta: [UnsafeMutablePointer<Float>]
    /// `n` ones: bias components are column sums, `R(δ)ᵀ·1`, by `sgemv`.
    private let ones: UnsafeMutablePointer<Float>

    /// Prepares products at `parameters` for the mean loss over `inputs` and `labels`.
    ///
    /// - Parameters:
    ///   - model: The network.
    ///   - parameters: The point θ, `model.parameterCount` floats.
    ///   - inputs: Samples, [n, model.inputWidth] row-major.
    ///   - labels: Classes, [n], in `0..<model.classes`.
    /// - Complexity: one forward and one delta-only backward pass over `n` samples.
    public init(model: MLP, parameters: [Float], inputs: [Float], labels: [Int32]) {
        let n = labels.count
        precondition(n > 0 && inputs.count == n * model.inputWidth,
                     "HVP: \(inputs.count) inputs for \(n) samples of width \(model.inputWidth)")
        precondition(parameters.count == model.parameterCount,
                     "HVP: \(parameters.count) parameters for a model of \(model.parameterCount)")
        self.model = model
        self.samples = n
        self.parameters = parameters
        let workspace = Workspace(model: model, capacity: n)
        inputs.withUnsafeBufferPointer { workspace.input.update(from: $0.baseAddress!, count: $0.count) }
        labels.withUnsafeBufferPointer { workspace.labels.update(from: $0.baseAddress!, count: n) }
        self.workspace = workspace
        let widths = Array(model.widths.dropFirst())
        let total = 3 * n * widths.reduce(0, +) + n
        storage = .allocate(capacity: total)
        storage.initialize(repeating: 0, count: total)
        ones = storage + 3 * n * widths.reduce(0, +)
        ones.update(repeating: 1, count: n)
        rPre = widths.indices.map { [storage] l in storage + n * widths[..<l].reduce(0, +) }
        rAct = widths.indices.map { [storage] l in storage + n * (widths.reduce(0, +) + widths[..<l].reduce(0, +)) }
        rDelta = widths.indices.map { [storage] l in
            storage + n * (2 * widths.reduce(0, +) + widths[..<l].reduce(0, +))
        }
        prepare()
    }

    /// Moves to a new point θ on the same samples, reusing every buffer.
    ///
    /// - Complexity: one forward and one delta-only backward pass over the samples.
    public func update(parameters: [Float]) {
        precondition(parameters.count == model.parameterCount,
                     "HVP: \(parameters.count) parameters for a model of \(model.parameterCount)")
        self.parameters = parameters
        prepare()
    }

    /// Floating-point operations per sample of one product, matrix products only, with layer
    /// multiply-adds `m_l = fanIn·fanOut` (0-based `l`). With cached activations (`cached`): the
    /// R-forward and R-backward passes, `2·(2·m₀ + 6·Σ_{l≥1} m_l)` (4.81 M for 784-512-512-10).
    /// From scratch, also the forward pass `2·Σ m_l` and the deltas the R-passes read,
    /// `2·Σ_{l≥2} m_l` for ReLU (the first hidden layer's delta is never needed) or
    /// `2·Σ_{l≥1} m_l` for tanh: 6.16 M for 784-512-512-10 with ReLU.
    public static func flopsPerSample(_ model: MLP, cached: Bool) -> Int {
        let m = model.layers.map { $0.fanIn * $0.fanOut }
        let rPass = 2 * (2 * m[0] + 6 * m.dropFirst().reduce(0, +))
        let deltas = 2 * m.dropFirst(firstDelta(model)).reduce(0, +)
        return cached ? rPass : rPass + 2 * m.reduce(0, +) + deltas
    }

    /// The lowest layer `l` whose weights back-propagate a delta the R-passes read: the deltas
    /// `δ_l` for `l ≥ 1` enter `Hv` directly, and tanh's second-order term also reads `δ_0`.
    private static func firstDelta(_ model: MLP) -> Int { model.activation == .tanh ? 1 : 2 }

    /// Runs the forward pass and the delta-only backward pass at `parameters`.
    private func prepare() {
        let n = samples
        let (loss, correct) = parameters.withUnsafeBufferPointer { p in
            model.forward(parameters: p.baseAddress!, batch: n, workspace: workspace)
            let result = model.lossAndOutputDelta(batch: n, workspace: workspace)
            Self.backpropagateDeltas(model: model, parameters: p.baseAddress!, batch: n, workspace: workspace)
            return result
        }
        self.loss = loss
        self.accuracy = Double(correct) / Double(n)
    }

    deinit { storage.deallocate() }

    /// Writes `Hv` into `result`; `v` and `result` have `dimension` floats.
    ///
    /// - Complexity: O(n · multiplyAddsPerSample): one R-forward and one R-backward pass.
    public func apply(_ v: [Float], into result: inout [Float]) {
        precondition(v.count == dimension && result.count == dimension,
                     "HVP: vectors of \(v.count) and \(result.count) for \(dimension) parameters")
        parameters.withUnsafeBufferPointer { p in
            v.withUnsafeBufferPointer { vp in
                result.withUnsafeMutableBufferPointer { rp in
                    product(parameters: p.baseAddress!, direction: vp.baseAddress!, into: rp.baseAddress!)
                }
            }
        }
    }

    private func product(
        parameters w: UnsafePointer<Float>, direction v: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>
    ) {
        let layers = model.layers, n = samples, last = layers.count - 1
        // R-forward.
        for (l, layer) in layers.enumerated() {
            let x = workspace.layerInput(l)
            Kernels.gemm(transposeB: true, m: n, n: layer.fanOut, k: layer.fanIn,
                         x, v + layer.weightOffset, into: rPre[l])
            if l > 0 {
                Kernels.gemm(transposeB: true, m: n, n: layer.fanOut, k: layer.fanIn,
                             rAct[l - 1], w + layer.weightOffset, beta: 1, into: rPre[l])
            }
            Kernels.directionalBiasActivation(
                rows: n, columns: layer.fanOut, v + layer.biasOffset, rPre: rPre[l],
                activation: l < last ? model.activation : nil, pre: workspace.preActivation(l),
                out: workspace.activation(l), into: rAct[l])
        }
        // Output: R(δ_last) = (1/n)(diag p − ppᵀ) R(Z_last).
        Kernels.softmaxHessianProduct(
            rows: n, classes: model.classes, logits: workspace.preActivation(last), direction: rPre[last],
            scale: 1 / Float(n), into: rDelta[last])
        // R-backward.
        for l in stride(from: last, through: 0, by: -1) {
            let layer = layers[l]
            Kernels.gemm(transposeA: true, m: layer.fanOut, n: layer.fanIn, k: n,
                         rDelta[l], workspace.layerInput(l), into: out + layer.weightOffset)
            if l > 0 {
                Kernels.gemm(transposeA: true, m: layer.fanOut, n: layer.fanIn, k: n,
                             workspace.delta(l), rAct[l - 1], beta: 1, into: out + layer.weightOffset)
            }
            Kernels.gemv(transpose: true, rows: n, columns: layer.fanOut, rDelta[l], ones,
                         into: out + layer.biasOffset)
            guard l > 0 else { continue }
            let previous = rDelta[l - 1]
            Kernels.gemm(m: n, n: layer.fanIn, k: layer.fanOut, rDelta[l], w + layer.weightOffset, into: previous)
            Kernels.gemm(m: n, n: layer.fanIn, k: layer.fanOut, workspace.delta(l), v + layer.weightOffset,
                         beta: 1, into: previous)
            Kernels.activationSecondOrder(
                model.activation, count: n * layer.fanIn, pre: workspace.preActivation(l - 1),
                out: workspace.activation(l - 1), preDirection: rPre[l - 1], delta: workspace.delta(l - 1),
                result: previous)
        }
    }

    /// Fills the deltas the R-passes read from the last one, without forming the gradient.
    private static func backpropagateDeltas(
        model: MLP, parameters: UnsafePointer<Float>, batch: Int, workspace: Workspace
    ) {
        let layers = model.layers
        for l in stride(from: layers.count - 1, through: firstDelta(model), by: -1) {
            let layer = layers[l]
            Kernels.gemm(m: batch, n: layer.fanIn, k: layer.fanOut, workspace.delta(l),
                         parameters + layer.weightOffset, into: workspace.delta(l - 1))
            Kernels.activationBackward(
                model.activation, count: batch * layer.fanIn, pre: workspace.preActivation(l - 1),
                out: workspace.activation(l - 1), delta: workspace.delta(l - 1))
        }
    }
}
