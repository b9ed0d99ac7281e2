/// Stochastic gradient descent with optional heavy-ball momentum and L2 weight decay, in
/// PyTorch's convention: `g ← ∇L + λθ`, `v ← μv + g`, `θ ← θ − η v` (with `μ = 0`: `θ ← θ − η g`).
public struct SGD: Codable, Hashable, Sendable {
    /// Momentum coefficient `μ` (0 = plain SGD, the paper's default).
    public var momentum: Float
    /// L2 weight-decay coefficient `λ`.
    public var weightDecay: Float

    /// An optimiser with the given momentum and weight decay (both default to 0).
    public init(momentum: Float = 0, weightDecay: Float = 0) {
        precondition(momentum >= 0 && weightDecay >= 0, "SGD: momentum \(momentum), weight decay \(weightDecay) must be ≥ 0")
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    /// True when the optimiser keeps a velocity buffer.
    public var usesVelocity: Bool { momentum != 0 }

    /// Back-propagates the current batch (after ``Network/forward(parameters:batch:workspace:mode:)``
    /// and ``Network/lossAndOutputDelta(batch:workspace:)``) and applies one step to `parameters`
    /// in place. Batch-norm running statistics are not trained (no decay, no step).
    ///
    /// Without momentum the update is fused into back-propagation (no gradient buffer is written);
    /// with momentum, `velocity` [parameterCount] is updated first.
    /// - Complexity: O(`batch` · multiply-adds per sample + parameterCount).
    public func step(
        model: Network, parameters: UnsafeMutablePointer<Float>, velocity: UnsafeMutablePointer<Float>?,
        learningRate: Float, batch: Int, workspace: Workspace
    ) {
        if momentum == 0 {
            model.propagate(parameters: parameters, batch: batch, workspace: workspace, target: parameters,
                            alpha: -learningRate, beta: 1 - learningRate * weightDecay)
            return
        }
        guard let velocity else { preconditionFailure("SGD.step: momentum \(momentum) needs a velocity buffer") }
        model.propagate(parameters: parameters, batch: batch, workspace: workspace, target: velocity,
                        alpha: 1, beta: momentum)
        let ranges = workspace.plan.trainableRanges
        if weightDecay != 0 { model.axpyTrainable(ranges, weightDecay, parameters, velocity) }
        model.axpyTrainable(ranges, -learningRate, velocity, parameters)
    }

    /// One step of an MLP (its ``MLP/network``); see ``step(model:parameters:velocity:learningRate:batch:workspace:)``.
    public func step(
        model: MLP, parameters: UnsafeMutablePointer<Float>, velocity: UnsafeMutablePointer<Float>?,
        learningRate: Float, batch: Int, workspace: Workspace
    ) {
        step(model: workspace.network, parameters: parameters, velocity: velocity, learningRate: learningRate,
             batch: batch, workspace: workspace)
    }
}
