extension Network {
    /// `parameters` with every batch-norm layer's running statistics recomputed on `dataset`
    /// (or the samples at `indices`): training-mode forward passes over consecutive chunks of
    /// `chunk` samples, each layer's running mean and variance set to the sample-weighted mean of
    /// its chunks' batch mean and unbiased variance (the statistics evaluation would have after
    /// an epoch with momentum 1/k at chunk k; the protocol of Izmailov et al. 2018's `bn_update`
    /// and of the paper's interpolation). Lower layers normalise with batch statistics while the
    /// upper ones are measured, as in training. Without batch norm, returns `parameters`.
    /// - Complexity: one forward pass over the samples.
    public func recomputeBatchNormStatistics(
        _ parameters: Parameters, on dataset: Dataset, indices: [Int]? = nil, chunk: Int = 128
    ) -> Parameters {
        guard hasBatchNorm else { return parameters }
        precondition(dataset.features == inputCount && parameters.count == parameterCount,
                     "recomputeBatchNormStatistics: data of \(dataset.features) features for \(self)")
        let order = indices ?? Array(0..<dataset.count)
        precondition(!order.isEmpty && chunk > 0, "recomputeBatchNormStatistics: \(order.count) samples, chunk \(chunk)")
        let workspace = Workspace(network: self, capacity: min(chunk, order.count))
        let plan = workspace.plan
        var result = parameters
        var sums = [Double](repeating: 0, count: parameterCount)
        parameters.values.withUnsafeBufferPointer { p in
            dataset.inputs.withUnsafeBufferPointer { x in
                dataset.labels.withUnsafeBufferPointer { y in
                    order.withUnsafeBufferPointer { o in
                        for start in stride(from: 0, to: order.count, by: workspace.capacity) {
                            let rows = min(workspace.capacity, order.count - start)
                            Kernels.gatherRows(o.baseAddress! + start, rows: rows, columns: inputCount,
                                               from: x.baseAddress!, labels: y.baseAddress!, into: workspace.input,
                                               labelDestination: workspace.labels)
                            forward(parameters: p.baseAddress!, batch: rows, workspace: workspace, mode: .batch)
                            for layer in plan.layers {
                                guard case .batchNorm(let c) = layer.kind else { continue }
                                let m = rows * layer.inputShape.height * layer.inputShape.width
                                let stats = workspace.statistics[layer.scratch]
                                let correction = m > 1 ? Double(m) / Double(m - 1) : 1
                                for ch in 0..<c {
                                    sums[layer.parameterOffset + 2 * c + ch] += Double(rows) * Double(stats[ch])
                                    sums[layer.parameterOffset + 3 * c + ch] +=
                                        Double(rows) * Double(stats[2 * c + ch]) * correction
                                }
                            }
                        }
                    }
                }
            }
        }
        for layer in plan.layers {
            guard case .batchNorm(let c) = layer.kind else { continue }
            for i in (layer.parameterOffset + 2 * c)..<(layer.parameterOffset + 4 * c) {
                result.values[i] = Float(sums[i] / Double(order.count))
            }
        }
        return result
    }
}
