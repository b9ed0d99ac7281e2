extension MLP {
    /// Runs the first `batch` rows of `workspace.input` through the network (see
    /// ``Network/forward(parameters:batch:workspace:mode:)``; the MLP is ``network``).
    /// - Complexity: O(`batch` · ``multiplyAddsPerSample``), one `sgemm` and one fused bias+activation
    ///   pass per layer.
    public func forward(parameters: UnsafePointer<Float>, batch: Int, workspace: Workspace) {
        workspace.network.forward(parameters: parameters, batch: batch, workspace: workspace)
    }

    /// Softmax cross-entropy of the logits of the last forward pass against `workspace.labels`;
    /// writes `∂(mean loss)/∂logits`. Returns the mean loss and the number of correct predictions.
    /// - Complexity: O(`batch` · ``classes``).
    @discardableResult
    public func lossAndOutputDelta(batch: Int, workspace: Workspace) -> (loss: Double, correct: Int) {
        workspace.network.lossAndOutputDelta(batch: batch, workspace: workspace)
    }

    /// Summed loss and correct count of the last forward pass, without a gradient (for evaluation).
    /// - Complexity: O(`batch` · ``classes``).
    public func lossSum(batch: Int, workspace: Workspace) -> (lossSum: Double, correct: Int) {
        workspace.network.lossSum(batch: batch, workspace: workspace)
    }
}
