/// Mean loss and accuracy of a model on a set of samples.
public struct Evaluation: Codable, Hashable, Sendable {
    /// Mean softmax cross-entropy against the labels training sees.
    public var loss: Double
    /// Fraction of samples whose arg-max prediction equals that label.
    public var accuracy: Double
    /// Fraction whose prediction equals the clean (original) label; equals ``accuracy`` without label noise.
    public var cleanAccuracy: Double
}

extension MLP {
    /// Evaluates `parameters` on all of `dataset` (or on the samples at `indices`); see
    /// ``Network/evaluate(_:on:indices:)``.
    public func evaluate(_ parameters: Parameters, on dataset: Dataset, indices: [Int]? = nil) -> Evaluation {
        network.evaluate(parameters, on: dataset, indices: indices)
    }
}

extension Network {
    /// Evaluates `parameters` on all of `dataset` (or on the samples at `indices`), in chunks of up to
    /// 1 000 samples through one workspace; batch norm uses the running statistics.
    /// - Complexity: O(samples · ``multiplyAddsPerSample``).
    public func evaluate(_ parameters: Parameters, on dataset: Dataset, indices: [Int]? = nil) -> Evaluation {
        parameters.values.withUnsafeBufferPointer { p in
            evaluate(parameters: p.baseAddress!, on: dataset, indices: indices ?? Array(0..<dataset.count))
        }
    }

    /// ``evaluate(_:on:indices:)`` over a raw parameter buffer.
    func evaluate(parameters: UnsafePointer<Float>, on dataset: Dataset, indices: [Int]) -> Evaluation {
        precondition(dataset.features == inputCount && dataset.classes == classes,
                     "evaluate: data \(dataset.features)→\(dataset.classes) does not fit model \(self)")
        guard !indices.isEmpty else { return Evaluation(loss: .nan, accuracy: .nan, cleanAccuracy: .nan) }
        let chunk = min(1000, indices.count)
        let workspace = Workspace(network: self, capacity: chunk)
        var totalLoss = 0.0
        var correct = 0
        var cleanCorrect = 0
        dataset.inputs.withUnsafeBufferPointer { x in
            dataset.labels.withUnsafeBufferPointer { y in
                dataset.cleanLabels.withUnsafeBufferPointer { clean in
                    indices.withUnsafeBufferPointer { order in
                        for start in stride(from: 0, to: indices.count, by: chunk) {
                            let rows = min(chunk, indices.count - start)
                            Kernels.gatherRows(order.baseAddress! + start, rows: rows, columns: inputCount,
                                               from: x.baseAddress!, labels: y.baseAddress!,
                                               into: workspace.input, labelDestination: workspace.labels)
                            forward(parameters: parameters, batch: rows, workspace: workspace, mode: .running)
                            let result = self.lossSum(batch: rows, workspace: workspace)
                            totalLoss += result.lossSum
                            correct += result.correct
                            for r in 0..<rows { workspace.labels[r] = clean[order[start + r]] }
                            cleanCorrect += self.lossSum(batch: rows, workspace: workspace).correct
                        }
                    }
                }
            }
        }
        let n = Double(indices.count)
        return Evaluation(loss: totalLoss / n, accuracy: Double(correct) / n, cleanAccuracy: Double(cleanCorrect) / n)
    }
}
