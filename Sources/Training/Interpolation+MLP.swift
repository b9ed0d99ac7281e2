extension Interpolation {
    /// Loss and accuracy of `model` along the line from `start` to `end` on each data set
    /// (e.g. the training and test subsets of PAPER.md F2).
    ///
    /// - Parameters:
    ///   - model: The network both parameter vectors belong to.
    ///   - start: `θ₁` (α = 0), e.g. the final parameters of one run.
    ///   - end: `θ₂` (α = 1), of another run of the same model.
    ///   - datasets: The sets to evaluate on; each point carries the set's `name`.
    /// - Returns: `alphas.count × datasets.count` points, by α then data set. Accuracy is
    ///   measured against the labels training sees.
    /// - Complexity: `alphas.count` forward passes over every set.
    /// - SeeAlso: `InterpolationTests`: the endpoints reproduce each run's own evaluation.
    public func path(model: MLP, from start: Parameters, to end: Parameters, on datasets: [Dataset]) -> [Point] {
        path(model: model.network, from: start, to: end, on: datasets)
    }

    /// ``path(model:from:to:on:)`` for any network. Batch norm is evaluated with the running
    /// statistics blended like every other parameter; to follow the protocol that re-estimates
    /// them at each point, use ``path(from:to:datasets:evaluate:)`` with
    /// ``Network/recomputeBatchNormStatistics(_:on:indices:chunk:)``.
    public func path(model: Network, from start: Parameters, to end: Parameters, on datasets: [Dataset]) -> [Point] {
        precondition(start.count == model.parameterCount && end.count == model.parameterCount,
                     "interpolation: \(start.count) and \(end.count) parameters for model \(model)")
        return path(from: start.values, to: end.values, datasets: datasets.map(\.name)) { theta, i in
            let evaluation = model.evaluate(Parameters(values: theta, slices: start.slices), on: datasets[i])
            return (evaluation.loss, evaluation.accuracy)
        }
    }
}
