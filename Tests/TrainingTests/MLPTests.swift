import MinimaTestSupport
import Testing
@testable import Training

/// Runs one forward/backward pass and returns (mean loss, gradient).
func lossAndGradient(_ model: MLP, _ parameters: [Float], inputs: [Float], labels: [Int32]) -> (Double, [Float]) {
    let batch = labels.count
    let workspace = Workspace(model: model, capacity: batch)
    workspace.input.update(from: inputs, count: inputs.count)
    workspace.labels.update(from: labels, count: batch)
    let loss = parameters.withUnsafeBufferPointer { p in
        model.forward(parameters: p.baseAddress!, batch: batch, workspace: workspace)
        let loss = model.lossAndOutputDelta(batch: batch, workspace: workspace).loss
        model.backward(parameters: p.baseAddress!, batch: batch, workspace: workspace, gradient: workspace.gradient)
        return loss
    }
    return (loss, Array(UnsafeBufferPointer(start: workspace.gradient, count: model.parameterCount)))
}

/// Seeded inputs in [-1, 1) and labels below `classes`.
func randomBatch(count: Int, features: Int, classes: Int, seed: UInt64) -> ([Float], [Int32]) {
    var rng = SplitMix64(seed: seed)
    let inputs = (0..<(count * features)).map { _ in 2 * rng.nextUnitFloat() - 1 }
    let labels = (0..<count).map { _ in Int32(rng.nextIndex(below: classes)) }
    return (inputs, labels)
}

@Suite("MLP forward and backward") struct MLPTests {
    @Test("the loss equals the naive Double reference", arguments: [Activation.tanh, .relu])
    func lossMatchesReference(activation: Activation) {
        let model = MLP(widths: [5, 19, 11, 3], activation: activation)  // widths exercise 8-lane and tail loops
        let parameters = model.initialParameters(.uniform, seed: 3).values
        let (inputs, labels) = randomBatch(count: 9, features: 5, classes: 3, seed: 4)
        let reference = ReferenceMLP(widths: model.widths, usesTanh: activation == .tanh)
        let expected = reference.loss(parameters: parameters.map(Double.init), inputs: inputs.map(Double.init),
                                      labels: labels.map(Int.init))
        let (loss, _) = lossAndGradient(model, parameters, inputs: inputs, labels: labels)
        #expect(isClose(loss, expected, rtol: 1e-5, atol: 1e-6))
    }

    @Test("the tanh gradient equals central finite differences of the Double reference",
          arguments: [[4, 6, 3], [5, 8, 7, 4]])
    func gradientMatchesFiniteDifferences(widths: [Int]) {
        let model = MLP(widths: widths, activation: .tanh)
        let parameters = model.initialParameters(.xavier, seed: 11).values.enumerated().map { i, v in
            v + 0.05 * Float((i * 7919) % 13) / 13  // nonzero biases too
        }
        let (inputs, labels) = randomBatch(count: 6, features: widths[0], classes: widths.last!, seed: 12)
        let reference = ReferenceMLP(widths: widths, usesTanh: true)
        let expected = reference.finiteDifferenceGradient(
            parameters: parameters.map(Double.init), inputs: inputs.map(Double.init), labels: labels.map(Int.init))
        let (_, gradient) = lossAndGradient(model, parameters, inputs: inputs, labels: labels)
        let scale = expected.map(abs).max()!
        for i in expected.indices {
            #expect(isClose(Double(gradient[i]), expected[i], rtol: 1e-3, atol: 1e-5 * scale), "parameter \(i)")
        }
    }

    @Test("the ReLU gradient equals central finite differences of the Double reference (8-lane and tail paths)")
    func reluGradientMatchesFiniteDifferences() {
        let widths = [5, 19, 11, 3]
        let model = MLP(widths: widths, activation: .relu)
        let parameters = model.initialParameters(.uniform, seed: 21).values
        let (inputs, labels) = randomBatch(count: 7, features: 5, classes: 3, seed: 22)
        let reference = ReferenceMLP(widths: widths, usesTanh: false)
        let expected = reference.finiteDifferenceGradient(
            parameters: parameters.map(Double.init), inputs: inputs.map(Double.init), labels: labels.map(Int.init),
            h: 1e-6)
        let (_, gradient) = lossAndGradient(model, parameters, inputs: inputs, labels: labels)
        let scale = expected.map(abs).max()!
        for i in expected.indices {
            #expect(isClose(Double(gradient[i]), expected[i], rtol: 1e-3, atol: 1e-5 * scale), "parameter \(i)")
        }
    }

    @Test("the fused SGD step equals θ − η(∇L + λθ) from the stored gradient")
    func fusedStepMatchesExplicitUpdate() {
        let model = MLP(widths: [6, 5, 4], activation: .relu)
        let start = model.initialParameters(.he, seed: 5).values
        let (inputs, labels) = randomBatch(count: 8, features: 6, classes: 4, seed: 6)
        let (_, gradient) = lossAndGradient(model, start, inputs: inputs, labels: labels)
        let lr: Float = 0.3, decay: Float = 0.01
        let workspace = Workspace(model: model, capacity: 8)
        workspace.input.update(from: inputs, count: inputs.count)
        workspace.labels.update(from: labels, count: 8)
        var fused = start
        fused.withUnsafeMutableBufferPointer { p in
            model.forward(parameters: p.baseAddress!, batch: 8, workspace: workspace)
            model.lossAndOutputDelta(batch: 8, workspace: workspace)
            SGD(weightDecay: decay).step(model: model, parameters: p.baseAddress!, velocity: nil,
                                         learningRate: lr, batch: 8, workspace: workspace)
        }
        for i in start.indices {
            let expected = Double(start[i]) - Double(lr) * (Double(gradient[i]) + Double(decay) * Double(start[i]))
            #expect(isClose(Double(fused[i]), expected, rtol: 1e-5, atol: 1e-6))
        }
    }

    @Test("momentum follows v = μv + g + λθ, θ = θ − ηv over two steps")
    func momentumMatchesExplicitUpdate() {
        let model = MLP(widths: [3, 4, 2], activation: .tanh)
        let start = model.initialParameters(.uniform, seed: 8).values
        let (inputs, labels) = randomBatch(count: 5, features: 3, classes: 2, seed: 9)
        let optimiser = SGD(momentum: 0.9, weightDecay: 0.1)
        let lr: Float = 0.2
        var expected = start.map(Double.init)
        var expectedVelocity = [Double](repeating: 0, count: start.count)
        var actual = start
        var velocity = [Float](repeating: 0, count: start.count)
        let workspace = Workspace(model: model, capacity: 5)
        workspace.input.update(from: inputs, count: inputs.count)
        workspace.labels.update(from: labels, count: 5)
        for _ in 0..<2 {
            let (_, g) = lossAndGradient(model, actual, inputs: inputs, labels: labels)
            for i in expected.indices {
                expectedVelocity[i] = 0.9 * expectedVelocity[i] + Double(g[i]) + 0.1 * Double(actual[i])
                expected[i] = Double(actual[i]) - Double(lr) * expectedVelocity[i]
            }
            actual.withUnsafeMutableBufferPointer { p in
                velocity.withUnsafeMutableBufferPointer { v in
                    model.forward(parameters: p.baseAddress!, batch: 5, workspace: workspace)
                    model.lossAndOutputDelta(batch: 5, workspace: workspace)
                    optimiser.step(model: model, parameters: p.baseAddress!, velocity: v.baseAddress!,
                                   learningRate: lr, batch: 5, workspace: workspace)
                }
            }
            for i in expected.indices { #expect(isClose(Double(actual[i]), expected[i], rtol: 1e-5, atol: 1e-6)) }
        }
    }

    @Test("the layout tiles the flat vector and counts FLOPs as the issue defines them")
    func layoutAndFLOPs() {
        let model = MLP(widths: [784, 512, 512, 10])
        #expect(model.parameterCount == 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10)
        #expect(model.slices.map(\.name) == ["layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias",
                                             "layer3.weight", "layer3.bias"])
        #expect(model.slices.last!.range.upperBound == model.parameterCount)
        #expect(model.trainingFLOPsPerSample == 6 * (784 * 512 + 512 * 512 + 512 * 10) - 2 * 784 * 512)
    }

    @Test("the same seed gives identical initial parameters and different seeds differ",
          arguments: Initialization.allCases)
    func initialisationIsSeeded(initialization: Initialization) {
        let model = MLP(widths: [20, 10, 3])
        let a = model.initialParameters(initialization, seed: 1)
        #expect(a == model.initialParameters(initialization, seed: 1))
        #expect(a != model.initialParameters(initialization, seed: 2))
        let bound: Float = initialization == .uniform ? 1 / Float(20).squareRoot()
            : initialization == .xavier ? (6 / Float(30)).squareRoot() : .infinity
        #expect(a["layer1.weight"]!.allSatisfy { abs($0) <= bound })
    }
}
