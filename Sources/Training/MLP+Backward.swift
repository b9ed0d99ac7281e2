extension MLP {
    /// Back-propagates the output delta and writes the gradient of the mean batch loss into
    /// `gradient` [parameterCount] (see ``Network/backward(parameters:batch:workspace:gradient:)``).
    /// - Complexity: O(`batch` · ``multiplyAddsPerSample``): per layer one `sgemm` for `∂L/∂W`, one
    ///   for the previous delta (skipped for the first layer) and a column sum for `∂L/∂b`.
    public func backward(
        parameters: UnsafePointer<Float>, batch: Int, workspace: Workspace, gradient: UnsafeMutablePointer<Float>
    ) {
        workspace.network.backward(parameters: parameters, batch: batch, workspace: workspace, gradient: gradient)
    }

    /// Back-propagates and writes `target = beta · target + alpha · gradient` layer by layer (see
    /// ``Network/propagate(parameters:batch:workspace:target:alpha:beta:)``).
    public func propagate(
        parameters: UnsafePointer<Float>, batch: Int, workspace: Workspace,
        target: UnsafeMutablePointer<Float>, alpha: Float, beta: Float
    ) {
        workspace.network.propagate(parameters: parameters, batch: batch, workspace: workspace, target: target,
                                    alpha: alpha, beta: beta)
    }
}
