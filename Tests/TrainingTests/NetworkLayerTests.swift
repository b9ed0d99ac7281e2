import Foundation
import MinimaTestSupport
import Testing
@testable import Training

/// Every layer's forward pass, gradient and R-operator against an independent Double reference
/// (`ReferenceNetwork`): logits directly, gradients against its central differences, and
/// Hessian-vector products against its mixed second differences (issue 13, item 6).
@Suite("Network layers against a Double reference")
struct NetworkLayerTests {
    @Test("logits equal the reference's in training and evaluation mode", arguments: NetworkCase.all)
    func logits(_ c: NetworkCase) {
        let network = c.network
        let parameters = c.parameters(seed: 1)
        let (inputs, labels) = c.batch(seed: 2)
        for mode in [NormalizationMode.batch, .running] {
            let workspace = Workspace(network: network, capacity: labels.count)
            workspace.input.update(from: inputs, count: inputs.count)
            parameters.values.withUnsafeBufferPointer {
                network.forward(parameters: $0.baseAddress!, batch: labels.count, workspace: workspace, mode: mode)
            }
            let expected = c.referenceNetwork(training: mode == .batch).logits(
                parameters: parameters.values.map(Double.init), inputs: inputs.map(Double.init), count: labels.count)
            for i in expected.indices {
                #expect(isClose(Double(workspace.logits[i]), expected[i], rtol: 1e-4, atol: 1e-5), "\(mode) logit \(i)")
            }
        }
    }

    @Test("gradients match central differences of the reference loss", arguments: NetworkCase.all)
    func gradients(_ c: NetworkCase) {
        let network = c.network
        let parameters = c.parameters(seed: 3)
        let (inputs, labels) = c.batch(seed: 4)
        let (loss, gradient) = networkLossAndGradient(network, parameters.values, inputs: inputs, labels: labels)
        let reference = c.referenceNetwork()
        let theta = parameters.values.map(Double.init)
        let x = inputs.map(Double.init), y = labels.map(Int.init)
        #expect(isClose(loss, reference.loss(parameters: theta, inputs: x, labels: y), rtol: 1e-5))
        let indices = c.probeIndices()
        let expected = reference.finiteDifferenceGradient(parameters: theta, inputs: x, labels: y, indices: indices)
        let scale = expected.map(abs).max()!
        for (i, index) in indices.enumerated() {
            #expect(isClose(Double(gradient[index]), expected[i], rtol: 2e-3, atol: 2e-4 * scale),
                    "parameter \(index) (\(network.slices.first { $0.range.contains(index) }!.name))")
        }
    }

    @Test("Hessian-vector products match mixed second differences of the reference loss",
          arguments: NetworkCase.all.filter { !$0.name.contains("ReLU") })
    func hessianVectorProducts(_ c: NetworkCase) {
        let network = c.network
        let parameters = c.parameters(seed: 5)
        let (inputs, labels) = c.batch(seed: 6)
        var rng = SplitMix64(seed: 7)
        let v = (0..<network.parameterCount).map { _ in Float(rng.nextGaussian()) }
        let op = HessianVectorProduct(network: network, parameters: parameters.values, inputs: inputs, labels: labels)
        var hv = [Float](repeating: 0, count: network.parameterCount)
        op.apply(v, into: &hv)
        let indices = c.probeIndices(count: 30)
        let expected = c.referenceNetwork().finiteDifferenceHessianVector(
            parameters: parameters.values.map(Double.init), direction: v.map(Double.init),
            inputs: inputs.map(Double.init), labels: labels.map(Int.init), indices: indices)
        let scale = expected.map(abs).max()!
        #expect(scale > 1e-3)
        for (i, index) in indices.enumerated() {
            #expect(isClose(Double(hv[index]), expected[i], rtol: 5e-3, atol: 1e-3 * scale),
                    "parameter \(index) (\(network.slices.first { $0.range.contains(index) }!.name))")
        }
        for slice in network.slices where slice.name.contains("running") {
            #expect(slice.range.allSatisfy { hv[$0] == 0 }, "\(slice.name) is not trained")
        }
    }

    struct ConvCase: Sendable, CustomTestStringConvertible {
        var input: TensorShape, channels: Int, kernel: Int, stride: Int, padding: Int
        var testDescription: String { "\(input) conv \(channels) \(kernel)×\(kernel)/\(stride) p\(padding)" }
    }

    @Test("convolution equals the naive loop for strides, paddings and channel counts", arguments: [
        ConvCase(input: TensorShape(height: 5, width: 5, channels: 1), channels: 1, kernel: 3, stride: 1, padding: 0),
        ConvCase(input: TensorShape(height: 7, width: 6, channels: 3), channels: 4, kernel: 3, stride: 2, padding: 1),
        ConvCase(input: TensorShape(height: 8, width: 8, channels: 2), channels: 5, kernel: 5, stride: 3, padding: 2),
        ConvCase(input: TensorShape(height: 4, width: 4, channels: 9), channels: 17, kernel: 1, stride: 1, padding: 0),
        ConvCase(input: TensorShape(height: 6, width: 6, channels: 3), channels: 2, kernel: 1, stride: 2, padding: 1),
        ConvCase(input: TensorShape(height: 3, width: 3, channels: 2), channels: 3, kernel: 4, stride: 1, padding: 2),
    ])
    func convolution(_ c: ConvCase) {
        let conv = LayerSpec.conv(channels: c.channels, kernel: c.kernel, stride: c.stride, padding: c.padding)
        let network = Network(input: c.input, layers: [conv, .flatten, .dense(units: 2)])
        let parameters = network.initialParameters(.uniform, seed: 9)
        let n = 3
        var rng = SplitMix64(seed: 10)
        let inputs = (0..<(n * c.input.count)).map { _ in rng.nextUnitFloat() - 0.5 }
        let workspace = Workspace(network: network, capacity: n)
        workspace.input.update(from: inputs, count: inputs.count)
        parameters.values.withUnsafeBufferPointer {
            network.forward(parameters: $0.baseAddress!, batch: n, workspace: workspace)
        }
        let reference = ReferenceNetwork(
            height: c.input.height, width: c.input.width, channels: c.input.channels,
            layers: [.conv(channels: c.channels, kernel: c.kernel, stride: c.stride, padding: c.padding)])
        let expected = reference.logits(parameters: parameters.values.map(Double.init), inputs: inputs.map(Double.init),
                                        count: n)
        let output = workspace.values[workspace.plan.layers[0].output]
        #expect(expected.count == n * workspace.plan.layers[0].outputShape.count)
        for i in expected.indices {
            #expect(isClose(Double(output[i]), expected[i], rtol: 1e-5, atol: 1e-6), "output \(i)")
        }
    }

    @Test("parameters are laid out as documented: layerN.weight [out, k, k, in], batch norm's four vectors")
    func layout() {
        let network = NetworkCase.all[3].network
        #expect(network.slices.map(\.name).prefix(8) == [
            "layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias", "layer3.scale", "layer3.shift",
            "layer3.running_mean", "layer3.running_var",
        ])
        #expect(network.slices[0].shape == [4, 3, 3, 3])
        #expect(network.trainableParameterCount == network.parameterCount - 2 * (4 + 6))
        let initial = network.initialParameters(seed: 1)
        #expect(initial["layer3.scale"]!.allSatisfy { $0 == 1 } && initial["layer3.running_var"]!.allSatisfy { $0 == 1 })
        #expect(initial["layer3.shift"]!.allSatisfy { $0 == 0 } && initial["layer3.running_mean"]!.allSatisfy { $0 == 0 })
    }

    @Test("layers that do not fit are rejected with the shapes", arguments: [
        ([LayerSpec.conv(channels: 2, kernel: 5, stride: 1, padding: 0), .flatten, .dense(units: 2)], "does not fit input 4×4×1"),
        ([LayerSpec.maxPool(size: 2, stride: 2)], "expected a vector"),
        ([LayerSpec.residual(body: [.conv(channels: 3, kernel: 3, stride: 1, padding: 1)], shortcut: []), .flatten,
          .dense(units: 2)], "use a projection shortcut"),
        ([LayerSpec.residual(body: [.activation(.relu)], shortcut: []), .flatten, .dense(units: 2)], "cannot start with"),
    ])
    func rejects(layers: [LayerSpec], message: String) {
        #expect {
            try Network.validate(input: TensorShape(height: 4, width: 4, channels: 1), layers: layers)
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}

@Suite("Network descriptions")
struct NetworkDescriptionTests {
    @Test("a network round-trips through JSON, and decoding layers that do not fit throws")
    func codable() throws {
        let network = NetworkCase.all[3].network
        let data = try JSONEncoder().encode(network)
        #expect(try JSONDecoder().decode(Network.self, from: data) == network)
        let bad = #"{"input":{"height":4,"width":4,"channels":1},"layers":[{"maxPool":{"size":8,"stride":1}}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Network.self, from: Data(bad.utf8)) }
    }

    @Test("an MLP's network is recognised as that MLP, and a CNN is not")
    func mlpRoundTrip() {
        let mlp = MLP(widths: [5, 7, 3], activation: .tanh)
        #expect(mlp.network.mlp == mlp)
        #expect(mlp.network.parameterCount == mlp.parameterCount && mlp.network.slices == mlp.slices)
        #expect(NetworkCase.all[0].network.mlp == nil)
        #expect(NetworkCase.all[0].network.description.hasPrefix("6×6×2 → conv 3 3×3/1 p1 → tanh"))
    }
}

extension NetworkDescriptionTests {
    @Test("HVP FLOP counts: 4.81 M cached and 6.16 M from scratch for a 784-512-512-10 ReLU MLP")
    func hvpFlops() {
        let mlp = MLP(widths: [784, 512, 512, 10])
        #expect(HessianVectorProduct.flopsPerSample(mlp, cached: true) == 2 * (2 * 784 * 512 + 6 * (512 * 512 + 5120)))
        #expect(HessianVectorProduct.flopsPerSample(mlp, cached: false)
                == 2 * (2 * 784 * 512 + 6 * (512 * 512 + 5120)) + 2 * (784 * 512 + 512 * 512 + 5120) + 2 * 5120)
    }
}
