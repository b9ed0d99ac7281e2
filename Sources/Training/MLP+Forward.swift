extension MLP {
    /// Runs the first `batch` rows of `workspace.input` through the network, storing every layer's
    /// pre-activation and activation in `workspace`; the logits end in `workspace.preActivation(last)`.
    ///
    /// `parameters` points at ``parameterCount`` floats laid out as ``layers``.
    /// - Complexity: O(`batch` · ``multiplyAddsPerSample``), one `sgemm` and one fused bias+activation
    ///   pass per layer.
    public func forward(parameters: UnsafePointer<Float>, batch: Int, workspace: Workspace) {
        precondition(batch > 0 && batch <= workspace.capacity && workspace.model == self,
                     "forward: batch \(batch) does not fit a workspace of capacity \(workspace.capacity)")
        let layers = workspace.layers
        for (l, layer) in layers.enumerated() {
            let z = workspace.preActivation(l)
            Kernels.gemm(transposeB: true, m: batch, n: layer.fanOut, k: layer.fanIn,
                         workspace.layerInput(l), parameters + layer.weightOffset, into: z)
            let isLast = l == layers.count - 1
            Kernels.addBias(rows: batch, columns: layer.fanOut, parameters + layer.biasOffset, pre: z,
                            activation: isLast ? nil : activation, into: workspace.activation(l))
        }
    }

    /// Softmax cross-entropy of the logits of the last ``forward(parameters:batch:workspace:)``
    /// against `workspace.labels`; writes `∂(mean loss)/∂logits` into the last layer's delta.
    /// Returns the mean loss over the batch and the number of correct arg-max predictions.
    /// - Complexity: O(`batch` · ``classes``).
    @discardableResult
    public func lossAndOutputDelta(batch: Int, workspace: Workspace) -> (loss: Double, correct: Int) {
        let last = widths.count - 2
        let result = Kernels.softmaxCrossEntropy(
            rows: batch, classes: classes, logits: workspace.preActivation(last), labels: workspace.labels,
            gradient: workspace.delta(last), scale: 1 / Float(batch))
        return (result.lossSum / Double(batch), result.correct)
    }

    /// Summed loss and correct count of the last forward pass, without a gradient (for evaluation).
    /// - Complexity: O(`batch` · ``classes``).
    public func lossSum(batch: Int, workspace: Workspace) -> (lossSum: Double, correct: Int) {
        Kernels.softmaxCrossEntropy(
            rows: batch, classes: classes, logits: workspace.preActivation(widths.count - 2),
            labels: workspace.labels, gradient: nil)
    }
}
