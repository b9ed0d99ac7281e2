import Foundation
import Testing
@testable import Training

private let split = try! DataRequest(
    source: .gaussianBlobs(features: 6, classes: 3, train: 150, test: 60, spread: 0.4), seed: 5
).load(searchPaths: [])

private func configuration(
    epochs: Int = 4, lr: Schedule = .constant(0.1), batch: Schedule = .constant(16), optimizer: SGD = SGD(),
    seed: UInt64 = 1, evaluationSize: Int? = nil
) -> RunConfiguration {
    RunConfiguration(model: MLP(widths: [6, 12, 3]), learningRate: lr, batchSize: batch, epochs: epochs,
                     optimizer: optimizer, seed: seed, evaluationSize: evaluationSize)
}

@Suite("Training runs") struct TrainingRunTests {
    @Test("training on separable blobs lowers the loss and reaches high test accuracy")
    func learns() throws {
        var run = try TrainingRun(configuration: configuration(epochs: 8), data: split)
        let initial = run.configuration.model.evaluate(run.parameters, on: split.test)
        let history = run.train()
        #expect(history.count == 8 && run.isFinished && !run.diverged)
        #expect(history.last!.testLoss! < initial.loss / 2)
        #expect(history.last!.testAccuracy! > 0.9)
    }

    @Test("epochs drop the last partial batch: steps advance by ⌊N / batch⌋ as the batch schedule changes")
    func stepCounts() throws {
        var run = try TrainingRun(configuration: configuration(batch: .cyclic(high: 64, low: 16, phase: 1)), data: split)
        let history = run.train()
        #expect(history.map(\.batchSize) == [64, 16, 64, 16])
        #expect(history.map(\.step) == [2, 2 + 9, 2 + 9 + 2, 2 + 9 + 2 + 9])
        #expect(history.map(\.epoch) == [1, 2, 3, 4])
    }

    @Test("the same seed gives bit-identical parameters and histories; another seed differs")
    func determinism() throws {
        let config = configuration(optimizer: SGD(momentum: 0.9, weightDecay: 1e-3))
        var a = try TrainingRun(configuration: config, data: split)
        var b = try TrainingRun(configuration: config, data: split)
        a.train()
        b.train()
        #expect(a.parameters.values.map(\.bitPattern) == b.parameters.values.map(\.bitPattern))
        #expect(a.history == b.history)
        var c = try TrainingRun(configuration: configuration(optimizer: SGD(momentum: 0.9, weightDecay: 1e-3), seed: 2),
                                data: split)
        c.train()
        #expect(a.parameters != c.parameters)
    }

    @Test("4 epochs equal 2 epochs, a JSON checkpoint, a fresh run from it and 2 more, bit for bit",
          arguments: [SGD(), SGD(momentum: 0.9, weightDecay: 0.01)])
    func resumeEquivalence(optimizer: SGD) throws {
        let config = configuration(lr: .step(initial: 0.2, factor: 0.5, every: 1),
                                   batch: .triangular(low: 8, high: 32, phase: 2), optimizer: optimizer)
        var straight = try TrainingRun(configuration: config, data: split)
        straight.train()

        var first = try TrainingRun(configuration: config, data: split)
        first.trainEpoch()
        first.trainEpoch()
        let checkpoint = try JSONEncoder().encode(first.state)
        let state = try JSONDecoder().decode(RunState.self, from: checkpoint)
        var resumed = try TrainingRun(configuration: config, data: split, resuming: state)
        resumed.train()

        #expect(resumed.parameters.values.map(\.bitPattern) == straight.parameters.values.map(\.bitPattern))
        #expect(resumed.state == straight.state)
    }

    @Test("a huge learning rate is marked diverged at its epoch, not crashed")
    func divergence() throws {
        var run = try TrainingRun(configuration: configuration(epochs: 5, lr: .constant(1e30)), data: split)
        let history = run.train()
        #expect(run.diverged && run.isFinished)
        #expect(history.last!.diverged && history.last!.trainLoss == nil)
        #expect(run.state.divergedAtEpoch == history.last!.epoch)
        #expect(history.count < 5 || history.last!.diverged)
        #expect(try JSONDecoder().decode(RunState.self, from: JSONEncoder().encode(run.state)) == run.state)
    }

    @Test("with label noise, records carry clean and corrupted-subset accuracy on a fixed evaluation subset")
    func labelNoiseMetrics() throws {
        var noisy = split
        noisy.train = try split.train.withLabelNoise(fraction: 0.2, seed: 3)
        var run = try TrainingRun(configuration: configuration(epochs: 2, evaluationSize: 50), data: noisy)
        let record = run.trainEpoch()
        let model = run.configuration.model
        #expect(record.corruptedAccuracy != nil && record.cleanTrainAccuracy != nil)
        let corrupted = model.evaluate(run.parameters, on: noisy.train, indices: noisy.train.corruptedIndices)
        #expect(record.corruptedAccuracy == corrupted.accuracy)  // 30 corrupted < 50: all of them
        let full = model.evaluate(run.parameters, on: noisy.train)
        #expect(record.trainAccuracy != full.accuracy || record.trainLoss != full.loss)  // a 50-sample subset
    }

    @Test("a model that does not fit the data, or a batch larger than the set, is a thrown error")
    func invalidConfigurations() {
        #expect(throws: RunError.self) {
            try TrainingRun(configuration: RunConfiguration(model: MLP(widths: [5, 3]), learningRate: .constant(0.1),
                                                            batchSize: .constant(8), epochs: 1, seed: 1), data: split)
        }
        #expect(throws: RunError.self) { try TrainingRun(configuration: configuration(batch: .constant(151)), data: split) }
    }

    @Test("evaluate matches a per-sample count of arg-max hits")
    func evaluateMatchesCounting() throws {
        let model = MLP(widths: [6, 12, 3])
        let parameters = model.initialParameters(seed: 4)
        let evaluation = model.evaluate(parameters, on: split.test)
        var hits = 0
        for i in 0..<split.test.count {
            let one = split.test.selecting([i])
            hits += model.evaluate(parameters, on: one).accuracy == 1 ? 1 : 0
        }
        #expect(evaluation.accuracy == Double(hits) / Double(split.test.count))
    }
}
