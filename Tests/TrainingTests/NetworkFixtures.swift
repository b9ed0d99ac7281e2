import Foundation
import MinimaTestSupport
import Testing
@testable import Training

/// Small seeded networks, each with its independent Double reference (`ReferenceNetwork`).
struct NetworkCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: TensorShape
    var layers: [LayerSpec]
    var reference: [ReferenceNetwork.Layer]
    var samples = 6
    var testDescription: String { name }

    var network: Network { Network(input: input, layers: layers) }

    func referenceNetwork(training: Bool = true) -> ReferenceNetwork {
        ReferenceNetwork(height: input.height, width: input.width, channels: input.channels, layers: reference,
                         training: training)
    }

    /// Parameters away from their initial values (batch norm's scale and shift too), running
    /// statistics with means in ±0.5 and variances in [0.5, 1.5].
    func parameters(seed: UInt64) -> Parameters {
        var parameters = network.initialParameters(.uniform, seed: seed)
        var rng = SplitMix64(seed: seed &+ 100)
        for slice in parameters.slices {
            for i in slice.range {
                if slice.name.hasSuffix("running_var") {
                    parameters.values[i] = 0.5 + rng.nextUnitFloat()
                } else if slice.name.hasSuffix("running_mean") {
                    parameters.values[i] = rng.nextUnitFloat() - 0.5
                } else {
                    parameters.values[i] += 0.2 * (rng.nextUnitFloat() - 0.5)
                }
            }
        }
        return parameters
    }

    func batch(seed: UInt64) -> (inputs: [Float], labels: [Int32]) {
        var rng = SplitMix64(seed: seed)
        let inputs = (0..<(samples * input.count)).map { _ in 2 * rng.nextUnitFloat() - 1 }
        let classes = network.classes
        let labels = (0..<samples).map { Int32($0 % classes) }
        return (inputs, labels)
    }

    /// Up to `count` parameter indices: the first and last of every slice, the rest evenly spread.
    func probeIndices(count: Int = 40) -> [Int] {
        let slices = network.slices
        var indices = Set(slices.flatMap { [$0.range.lowerBound, $0.range.upperBound - 1] })
        let total = network.parameterCount
        let step = max(1, total / max(1, count - indices.count))
        for i in stride(from: step / 2, to: total, by: step) { indices.insert(i) }
        return indices.sorted()
    }

    static let all: [NetworkCase] = [
        NetworkCase(
            name: "conv 3×3 p1 → tanh → max pool → flatten → dense",
            input: TensorShape(height: 6, width: 6, channels: 2),
            layers: [.conv(channels: 3, kernel: 3, stride: 1, padding: 1), .activation(.tanh),
                     .maxPool(size: 2, stride: 2), .flatten, .dense(units: 3)],
            reference: [.conv(channels: 3, kernel: 3, stride: 1, padding: 1), .tanh, .maxPool(size: 2, stride: 2),
                        .flatten, .dense(3)]),
        NetworkCase(
            name: "strided conv → tanh → average pool → 2×2 conv → global average pool → dense",
            input: TensorShape(height: 7, width: 7, channels: 2),
            layers: [.conv(channels: 4, kernel: 3, stride: 2, padding: 1), .activation(.tanh),
                     .averagePool(size: 2, stride: 1), .conv(channels: 3, kernel: 2, stride: 1, padding: 0),
                     .activation(.tanh), .globalAveragePool, .dense(units: 3)],
            reference: [.conv(channels: 4, kernel: 3, stride: 2, padding: 1), .tanh, .averagePool(size: 2, stride: 1),
                        .conv(channels: 3, kernel: 2, stride: 1, padding: 0), .tanh, .globalAveragePool, .dense(3)]),
        NetworkCase(
            name: "batch norm after a conv and after a dense layer",
            input: TensorShape(height: 5, width: 5, channels: 2),
            layers: [.conv(channels: 3, kernel: 3, stride: 1, padding: 1), .batchNorm, .activation(.tanh), .flatten,
                     .dense(units: 5), .batchNorm, .activation(.tanh), .dense(units: 3)],
            reference: [.conv(channels: 3, kernel: 3, stride: 1, padding: 1), .batchNorm, .tanh, .flatten, .dense(5),
                        .batchNorm, .tanh, .dense(3)]),
        NetworkCase(
            name: "residual blocks with identity and projection shortcuts",
            input: TensorShape(height: 6, width: 6, channels: 3),
            layers: [.conv(channels: 4, kernel: 3, stride: 1, padding: 1), .activation(.tanh),
                     .residual(body: [.conv(channels: 4, kernel: 3, stride: 1, padding: 1), .batchNorm,
                                      .activation(.tanh), .conv(channels: 4, kernel: 3, stride: 1, padding: 1)],
                               shortcut: []),
                     .activation(.tanh),
                     .residual(body: [.conv(channels: 6, kernel: 3, stride: 2, padding: 1), .batchNorm],
                               shortcut: [.conv(channels: 6, kernel: 1, stride: 2, padding: 0)]),
                     .activation(.tanh), .globalAveragePool, .dense(units: 3)],
            reference: [.conv(channels: 4, kernel: 3, stride: 1, padding: 1), .tanh,
                        .residual(body: [.conv(channels: 4, kernel: 3, stride: 1, padding: 1), .batchNorm, .tanh,
                                         .conv(channels: 4, kernel: 3, stride: 1, padding: 1)], shortcut: []),
                        .tanh,
                        .residual(body: [.conv(channels: 6, kernel: 3, stride: 2, padding: 1), .batchNorm],
                                  shortcut: [.conv(channels: 6, kernel: 1, stride: 2, padding: 0)]),
                        .tanh, .globalAveragePool, .dense(3)]),
        NetworkCase(
            name: "ReLU and a 1×1 conv",
            input: TensorShape(height: 4, width: 4, channels: 3),
            layers: [.conv(channels: 5, kernel: 1, stride: 1, padding: 0), .activation(.relu),
                     .conv(channels: 3, kernel: 3, stride: 1, padding: 0), .activation(.relu), .flatten,
                     .dense(units: 3)],
            reference: [.conv(channels: 5, kernel: 1, stride: 1, padding: 0), .relu,
                        .conv(channels: 3, kernel: 3, stride: 1, padding: 0), .relu, .flatten, .dense(3)]),
        // "Same" stride-1 convs form their input gradient as a conv with flipped filters: here with
        // more, then fewer, output than input channels, and a 5×5 kernel.
        NetworkCase(
            name: "same-padded convs widening and narrowing the channels (transposed input gradients)",
            input: TensorShape(height: 5, width: 4, channels: 2),
            layers: [.conv(channels: 3, kernel: 3, stride: 1, padding: 1), .activation(.tanh),
                     .conv(channels: 5, kernel: 3, stride: 1, padding: 1), .activation(.tanh),
                     .conv(channels: 2, kernel: 5, stride: 1, padding: 2), .activation(.tanh), .flatten,
                     .dense(units: 3)],
            reference: [.conv(channels: 3, kernel: 3, stride: 1, padding: 1), .tanh,
                        .conv(channels: 5, kernel: 3, stride: 1, padding: 1), .tanh,
                        .conv(channels: 2, kernel: 5, stride: 1, padding: 2), .tanh, .flatten, .dense(3)]),
        // Sixteen channels: max pooling and batch norm take their eight-lane paths.
        NetworkCase(
            name: "sixteen channels through batch norm and max pooling",
            input: TensorShape(height: 4, width: 4, channels: 1),
            layers: [.conv(channels: 16, kernel: 3, stride: 1, padding: 1), .batchNorm, .activation(.tanh),
                     .maxPool(size: 2, stride: 2), .flatten, .dense(units: 3)],
            reference: [.conv(channels: 16, kernel: 3, stride: 1, padding: 1), .batchNorm, .tanh,
                        .maxPool(size: 2, stride: 2), .flatten, .dense(3)]),
    ]
}

/// Loss and gradient of the mean batch loss by the core, with batch norm in `mode`.
func networkLossAndGradient(
    _ network: Network, _ parameters: [Float], inputs: [Float], labels: [Int32], mode: NormalizationMode = .batch
) -> (Double, [Float]) {
    let n = labels.count
    let workspace = Workspace(network: network, capacity: n)
    workspace.input.update(from: inputs, count: inputs.count)
    workspace.labels.update(from: labels, count: n)
    var gradient = [Float](repeating: 0, count: network.parameterCount)
    let loss = parameters.withUnsafeBufferPointer { p in
        gradient.withUnsafeMutableBufferPointer { g in
            network.forward(parameters: p.baseAddress!, batch: n, workspace: workspace, mode: mode)
            let loss = network.lossAndOutputDelta(batch: n, workspace: workspace).loss
            network.backward(parameters: p.baseAddress!, batch: n, workspace: workspace, gradient: g.baseAddress!)
            return loss
        }
    }
    return (loss, gradient)
}
