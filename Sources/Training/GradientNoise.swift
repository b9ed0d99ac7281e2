/// The trace of the per-example gradient covariance,
/// `Tr(C) = (1/n)·Σᵢ ‖gᵢ − ḡ‖² = (1/n)·Σᵢ ‖gᵢ‖² − ‖ḡ‖²` (since `Σᵢ gᵢ·ḡ = n‖ḡ‖²`), where `gᵢ`
/// is the gradient of example `i`'s loss and `ḡ` their mean: the noise that SGD's SDE scales by
/// `η/S` (PAPER.md claim 2).
///
/// Design note: per-example gradients are never formed. For a dense layer the gradient of
/// example `i` is the outer product `δᵢxᵢᵀ` (plus `δᵢ` for the bias), so
/// `‖∂ℓᵢ/∂W‖² + ‖∂ℓᵢ/∂b‖² = ‖δᵢ‖²·(‖xᵢ‖² + 1)` from the rows a batched backward pass already
/// holds (Goodfellow 2015, "Efficient per-example gradient computations").
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
        precondition(dataset.features == model.inputWidth && dataset.classes == model.classes,
                     "GradientNoise: data \(dataset.features)→\(dataset.classes) does not fit model \(model.widths)")
        let order = indices ?? Array(0..<dataset.count)
        let n = order.count
        precondition(n > 0 && chunk > 0, "GradientNoise: \(n) samples in chunks of \(chunk)")
        let capacity = min(chunk, n)
        let workspace = Workspace(model: model, capacity: capacity)
        var mean = [Float](repeating: 0, count: model.parameterCount)
        var norms = [Double](repeating: 0, count: capacity)
        var sumOfNorms = 0.0
        let layers = model.layers
        parameters.values.withUnsafeBufferPointer { p in
            dataset.inputs.withUnsafeBufferPointer { x in
                dataset.labels.withUnsafeBufferPointer { y in
                    order.withUnsafeBufferPointer { o in
                        mean.withUnsafeMutableBufferPointer { g in
                            norms.withUnsafeMutableBufferPointer { r in
                                for start in stride(from: 0, to: n, by: capacity) {
                                    let rows = min(capacity, n - start)
                                    Kernels.gatherRows(
                                        o.baseAddress! + start, rows: rows, columns: model.inputWidth,
                                        from: x.baseAddress!, labels: y.baseAddress!, into: workspace.input,
                                        labelDestination: workspace.labels)
                                    model.forward(parameters: p.baseAddress!, batch: rows, workspace: workspace)
                                    model.lossAndOutputDelta(batch: rows, workspace: workspace)
                                    // ḡ += (rows/n)·(chunk mean gradient).
                                    model.propagate(
                                        parameters: p.baseAddress!, batch: rows, workspace: workspace,
                                        target: g.baseAddress!, alpha: Float(rows) / Float(n), beta: 1)
                                    for i in 0..<rows { r[i] = 0 }
                                    // Deltas are of the chunk's mean loss: ∂ℓᵢ/∂Z = rows·δᵢ.
                                    for (l, layer) in layers.enumerated() {
                                        Kernels.accumulateExampleGradientNorms(
                                            rows: rows, fanIn: layer.fanIn, fanOut: layer.fanOut,
                                            input: workspace.layerInput(l), delta: workspace.delta(l),
                                            scale: Double(rows), into: r.baseAddress!)
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
