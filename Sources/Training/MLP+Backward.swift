extension MLP {
    /// Back-propagates the last layer's delta (set by ``lossAndOutputDelta(batch:workspace:)``) and
    /// writes the gradient of the mean batch loss into `gradient` [parameterCount].
    ///
    /// Every layer's delta `∂L/∂Z_l` is left in `workspace.delta(l)`.
    /// - Complexity: O(`batch` · ``multiplyAddsPerSample``): per layer one `sgemm` for `∂L/∂W`, one
    ///   for the previous delta (skipped for the first layer) and a column sum for `∂L/∂b`.
    public func backward(
        parameters: UnsafePointer<Float>, batch: Int, workspace: Workspace, gradient: UnsafeMutablePointer<Float>
    ) {
        propagate(parameters: parameters, batch: batch, workspace: workspace, target: gradient, alpha: 1, beta: 0)
    }

    /// Back-propagates like ``backward(parameters:batch:workspace:gradient:)`` but writes
    /// `target = beta · target + alpha · gradient`, layer by layer, as soon as each layer's gradient
    /// is known. With `target` = the parameters, `alpha = −lr`, `beta = 1 − lr · weightDecay`, this is
    /// a fused SGD step (each layer's weights are read for the previous delta before they are
    /// updated); with `target` = a momentum buffer, `alpha = 1`, `beta = μ`, it is `v = μv + g`.
    /// - Complexity: as ``backward(parameters:batch:workspace:gradient:)``.
    public func propagate(
        parameters: UnsafePointer<Float>, batch: Int, workspace: Workspace,
        target: UnsafeMutablePointer<Float>, alpha: Float, beta: Float
    ) {
        precondition(batch > 0 && batch <= workspace.capacity && workspace.model == self,
                     "backward: batch \(batch) does not fit a workspace of capacity \(workspace.capacity)")
        let layers = workspace.layers
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[l]
            let delta = workspace.delta(l)
            if l > 0 {
                let previous = workspace.delta(l - 1)
                Kernels.gemm(m: batch, n: layer.fanIn, k: layer.fanOut, delta, parameters + layer.weightOffset,
                             into: previous)
                Kernels.activationBackward(
                    activation, count: batch * layer.fanIn, pre: workspace.preActivation(l - 1),
                    out: workspace.activation(l - 1), delta: previous)
            }
            Kernels.gemm(transposeA: true, m: layer.fanOut, n: layer.fanIn, k: batch, alpha: alpha,
                         delta, workspace.layerInput(l), beta: beta, into: target + layer.weightOffset)
            Kernels.columnSums(rows: batch, columns: layer.fanOut, delta, alpha: alpha, beta: beta,
                               into: target + layer.biasOffset)
        }
    }
}
