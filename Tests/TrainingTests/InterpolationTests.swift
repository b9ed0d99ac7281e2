import MinimaTestSupport
import Testing
@testable import Training

@Suite("Interpolation")
struct InterpolationTests {
    @Test("the default grid is 31 points from −1 to 2 in steps of 0.1, with 0 and 1 on it")
    func defaultGrid() {
        let alphas = Interpolation().alphas
        #expect(alphas.count == 31 && alphas.first == -1 && alphas.last == 2)
        #expect(alphas[10] == 0 && alphas[20] == 1)
        for (a, b) in zip(alphas, alphas.dropFirst()) { #expect(abs(b - a - 0.1) < 1e-12) }
    }

    @Test("the endpoints equal the two runs' final losses and accuracies; the midpoint is the average point")
    func endpoints() throws {
        let model = MLP(widths: [5, 12, 3], activation: .relu)
        var train = SyntheticData.gaussianBlobs(count: 64, features: 5, classes: 3, seed: 1)
        var test = SyntheticData.gaussianBlobs(count: 30, features: 5, classes: 3, seed: 1)
        train.name = "train"
        test.name = "test"
        let data = DataSplit(train: train, test: test)
        func run(lr: Double, batch: Double, seed: UInt64) throws -> TrainingRun {
            var run = try TrainingRun(configuration: RunConfiguration(
                model: model, learningRate: .constant(lr), batchSize: .constant(batch), epochs: 3, seed: seed),
                data: data)
            _ = run.train()
            return run
        }
        let first = try run(lr: 0.1, batch: 8, seed: 2), second = try run(lr: 0.02, batch: 16, seed: 3)
        let points = Interpolation(alphas: [0, 0.5, 1]).path(
            model: model, from: first.parameters, to: second.parameters, on: [train, test])
        #expect(points.map(\.dataset) == ["train", "test", "train", "test", "train", "test"])
        // α = 0 and α = 1 are each run's own end-of-training evaluation (exact: the blend is exact there).
        for (point, record) in [(points[0], first.history.last!), (points[4], second.history.last!)] {
            #expect(point.loss == record.trainLoss && point.accuracy == record.trainAccuracy)
        }
        for (point, record) in [(points[1], first.history.last!), (points[5], second.history.last!)] {
            #expect(point.loss == record.testLoss && point.accuracy == record.testAccuracy)
        }
        let middle = Parameters(
            values: zip(first.parameters.values, second.parameters.values).map { 0.5 * $0 + 0.5 * $1 },
            slices: first.parameters.slices)
        #expect(isClose(points[2].loss, model.evaluate(middle, on: train).loss, rtol: 1e-6))
        #expect(points[2].loss != points[0].loss)
    }
}
