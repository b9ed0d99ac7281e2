/// Batch norm's mode in a forward pass.
public enum NormalizationMode: String, Codable, Hashable, Sendable {
    /// Normalise by the batch's own statistics (training, and the loss curvature is measured on).
    case batch
    /// Normalise by the running statistics stored in the parameters (evaluation).
    case running
}

extension Network {
    /// Momentum of the batch-norm running statistics (PyTorch's default).
    public static let batchNormMomentum: Float = 0.1

    /// Runs the first `batch` rows of `workspace.input` through the network, keeping every
    /// tensor the backward and R-passes read; the logits end in ``Workspace/logits``.
    /// - Complexity: O(`batch` · ``multiplyAddsPerSample``) in products, plus elementwise work.
    public func forward(
        parameters: UnsafePointer<Float>, batch: Int, workspace: Workspace, mode: NormalizationMode = .batch
    ) {
        precondition(batch > 0 && batch <= workspace.capacity,
                     "forward: batch \(batch) does not fit a workspace of capacity \(workspace.capacity)")
        workspace.mode = mode
        for layer in workspace.plan.layers {
            layer.forward(parameters, n: batch, workspace, training: mode == .batch)
        }
    }

    /// Softmax cross-entropy of the last forward pass against `workspace.labels`; writes
    /// `∂(mean loss)/∂logits` for ``backward(parameters:batch:workspace:gradient:)``. Returns the
    /// mean loss and the number of correct arg-max predictions.
    @discardableResult
    public func lossAndOutputDelta(batch: Int, workspace: Workspace) -> (loss: Double, correct: Int) {
        let plan = workspace.plan
        let result = Kernels.softmaxCrossEntropy(
            rows: batch, classes: plan.outputShape.channels, logits: workspace.values[plan.logits],
            labels: workspace.labels, gradient: workspace.gradients[plan.logits], scale: 1 / Float(batch))
        return (result.lossSum / Double(batch), result.correct)
    }

    /// Summed loss and correct count of the last forward pass, without a gradient.
    public func lossSum(batch: Int, workspace: Workspace) -> (lossSum: Double, correct: Int) {
        let plan = workspace.plan
        return Kernels.softmaxCrossEntropy(
            rows: batch, classes: plan.outputShape.channels, logits: workspace.values[plan.logits],
            labels: workspace.labels, gradient: nil)
    }

    /// Back-propagates the output delta and writes the gradient of the mean batch loss into
    /// `gradient` [parameterCount] (zero for batch-norm running statistics).
    public func backward(
        parameters: UnsafePointer<Float>, batch: Int, workspace: Workspace, gradient: UnsafeMutablePointer<Float>
    ) {
        gradient.update(repeating: 0, count: workspace.plan.parameterCount)
        propagate(parameters: parameters, batch: batch, workspace: workspace, target: gradient, alpha: 1, beta: 0)
    }

    /// Back-propagates and writes `target = beta·target + alpha·gradient` layer by layer (trained
    /// parameters only), as soon as each layer's gradient is known. With `target` = the
    /// parameters, `alpha = −lr`, `beta = 1 − lr·weightDecay` this is a fused SGD step (a layer's
    /// weights are read for its input gradient before they move); with `target` = a momentum
    /// buffer, `alpha = 1`, `beta = μ`, it is `v = μv + g`. With `target` nil only the tensors'
    /// gradients are formed.
    /// - Complexity: about twice the forward pass's products.
    public func propagate(
        parameters: UnsafePointer<Float>, batch: Int, workspace: Workspace,
        target: UnsafeMutablePointer<Float>?, alpha: Float, beta: Float
    ) {
        precondition(batch > 0 && batch <= workspace.capacity,
                     "backward: batch \(batch) does not fit a workspace of capacity \(workspace.capacity)")
        let training = workspace.mode == .batch
        for layer in workspace.plan.layers.reversed() {
            layer.backward(parameters, n: batch, workspace, training: training, target: target, alpha: alpha, beta: beta)
        }
    }

    /// Moves every batch-norm layer's running statistics towards the last training-mode forward
    /// pass's batch statistics (``batchNormMomentum``; unbiased variance). No-op without batch norm.
    public func updateRunningStatistics(parameters: UnsafeMutablePointer<Float>, batch: Int, workspace: Workspace) {
        for layer in workspace.plan.layers {
            guard case .batchNorm(let c) = layer.kind else { continue }
            let p = parameters + layer.parameterOffset
            Kernels.batchNormUpdateRunning(
                rows: batch * layer.inputShape.height * layer.inputShape.width, channels: c,
                stats: workspace.statistics[layer.scratch], momentum: Self.batchNormMomentum,
                mean: p + 2 * c, variance: p + 3 * c)
        }
    }

    /// `axpy` of `alpha·x` into `y` over the trained parameter ranges only (one call for a
    /// network without batch norm).
    func axpyTrainable(_ ranges: [Range<Int>], _ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        for range in ranges {
            Kernels.axpy(count: range.count, alpha, x + range.lowerBound, y + range.lowerBound)
        }
    }
}

extension Workspace {
    /// The batch-norm mode of the last forward pass (backward follows it).
    var mode: NormalizationMode {
        get { modeStorage }
        set { modeStorage = newValue }
    }
}
