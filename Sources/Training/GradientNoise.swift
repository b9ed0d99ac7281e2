/// The trace of the per-example gradient covariance,
/// `Tr(C) = (1/n)·Σᵢ ‖gᵢ − ḡ‖² = (1/n)·Σᵢ ‖gᵢ‖² − ‖ḡ‖²` (since `Σᵢ gᵢ·ḡ = n‖ḡ‖²`), where `gᵢ`
/// is the gradient of example `i`'s loss and `ḡ` their mean: the noise that SGD's SDE scales by
/// `η/S` (PAPER.md claim 2).
///
/// Design note: per-example gradient norms come from one batched backward pass, layer by layer
/// (`PlannedLayer.exampleNorms`). For a dense layer the gradient of example `i` is the outer
/// product `δᵢxᵢᵀ` (plus `δᵢ` for the bias), so `‖∂ℓᵢ/∂W‖² + ‖∂ℓᵢ/∂b‖² = ‖δᵢ‖²·(‖xᵢ‖² + 1)`
/// from rows the pass already holds (Goodfellow 2015). That identity does not hold for a conv
/// (a filter is shared across positions): there the exact per-example gradient
/// `δᵢᵀ·col(xᵢ)` is formed, one small product per example, and its norm taken. Batch norm in
/// training mode couples the examples of a batch (a batch's statistics depend on all of them),
/// so networks with batch norm are measured in **evaluation mode** (running statistics), where
/// each example's loss depends on it alone; batch norm's own per-example gradients
/// (`Σ_p δ·x̂`, `Σ_p δ` per channel) are then exact too.
public struct GradientNoise: Codable, Hashable, Sendable {
    /// `Tr(C)`, the mean squared distance of per-example gradients from their mean.
    public var trace: Double
    /// `(1/n)·Σᵢ ‖gᵢ‖²`.
    public var meanSquaredNorm: Double
    /// `‖ḡ‖²`, the squared norm of the full-batch gradient.
    public var meanGradientSquaredNorm: Double
    /// Number of examples `n`.
    public var samples: Int

    /// Measures `Tr(C)` of the softmax cross-entropy of `model` at `parameters` over `dataset`
    /// (or the samples at `indices`), in chunks of up to `chunk` samples.
    ///
    /// - Complexity: one forward and one backward pass over the samples, plus
    ///   O(n·Σ widths) for the row norms.
    /// - SeeAlso: `GradientNoiseTests`, against per-example gradients formed one by one.
    public init(
        model: MLP, parameters: Parameters, on dataset: Dataset, indices: [Int]? = nil, chunk: Int = 1000
    ) {
        self.init(network: model.network, parameters: parameters, on: dataset, indices: indices, chunk: chunk)
    }

    /// Measures `Tr(C)` of `network` (batch norm in evaluation mode; see the design note).
    public init(
        network model: Network, parameters: Parameters, on dataset: Dataset, indices: [Int]? = nil, chunk: Int = 1000
    ) {
        precondition(dataset.features == model.inputCount && dataset.classes == model.classes,
                     "GradientNoise: data \(dataset.features)→\(dataset.classes) does not fit model \(model)")
        let order = indices ?? Array(0..<dataset.count)
        let n = order.count
        precondition(n > 0 && chunk > 0, "GradientNoise: \(n) samples in chunks of \(chunk)")
        let capacity = min(chunk, n)
        let workspace = Workspace(network: model, capacity: capacity)
        let plan = workspace.plan
        var mean = [Float](repeating: 0, count: model.parameterCount)
        var norms = [Double](repeating: 0, count: capacity)
        var sumOfNorms = 0.0
        parameters.values.withUnsafeBufferPointer { p in
            dataset.inputs.withUnsafeBufferPointer { x in
                dataset.labels.withUnsafeBufferPointer { y in
                    order.withUnsafeBufferPointer { o in
                        mean.withUnsafeMutableBufferPointer { g in
                            norms.withUnsafeMutableBufferPointer { r in
                                for start in stride(from: 0, to: n, by: capacity) {
                                    let rows = min(capacity, n - start)
                                    Kernels.gatherRows(
                                        o.baseAddress! + start, rows: rows, columns: model.inputCount,
                                        from: x.baseAddress!, labels: y.baseAddress!, into: workspace.input,
                                        labelDestination: workspace.labels)
                                    model.forward(parameters: p.baseAddress!, batch: rows, workspace: workspace,
                                                  mode: .running)
                                    model.lossAndOutputDelta(batch: rows, workspace: workspace)
                                    // ḡ += (rows/n)·(chunk mean gradient).
                                    model.propagate(
                                        parameters: p.baseAddress!, batch: rows, workspace: workspace,
                                        target: g.baseAddress!, alpha: Float(rows) / Float(n), beta: 1)
                                    for i in 0..<rows { r[i] = 0 }
                                    // Deltas are of the chunk's mean loss: ∂ℓᵢ/∂Z = rows·δᵢ.
                                    for layer in plan.layers {
                                        layer.exampleNorms(n: rows, workspace, scale: Double(rows),
                                                           into: r.baseAddress!, scratch: workspace.gradient)
                                    }
                                    for i in 0..<rows { sumOfNorms += r[i] }
                                }
                            }
                        }
                    }
                }
            }
        }
        meanSquaredNorm = sumOfNorms / Double(n)
        meanGradientSquaredNorm = Kernels.dotDouble(mean, mean)
        trace = meanSquaredNorm - meanGradientSquaredNorm
        samples = n
    }
}
