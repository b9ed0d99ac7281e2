import Foundation
import Testing
@testable import Training

@Suite("SDE experiment")
struct SDEExperimentTests {
    @Test("runs every setting in order, the same with one thread or two, and round-trips through JSON")
    func settingsInOrder() throws {
        let experiment = SDEExperiment(
            problem: LinearRegressionProblem(dimension: 4, smallestEigenvalue: 0.5, examples: 300),
            settings: [.init(learningRate: 0.1, batchSize: 2), .init(learningRate: 0.2, batchSize: 30, sampling: .distinct),
                       .init(learningRate: 0.05, batchSize: 10, sampling: .reshuffle)],
            chains: 3, steps: 2000, seed: 9)
        let one = experiment.run(threads: 1), two = experiment.run(threads: 2)
        #expect(one == two)
        #expect(one.measurements.map(\.batchSize) == [2, 30, 10])
        #expect(one.measurements.map(\.sampling) == [.independent, .distinct, .reshuffle])
        // Each measurement is the toy's own simulate with the experiment's seed.
        let toy = LinearRegressionSDE(experiment.problem, seed: 9)
        #expect(one.measurements[1] == toy.simulate(learningRate: 0.2, batchSize: 30, sampling: .distinct,
                                                    chains: 3, steps: 2000, seed: 9))
        #expect(one.curvatures == toy.curvatures && one.noiseTrace == toy.noiseTrace)
        let decoded = try JSONDecoder().decode(SDEExperiment.Result.self, from: JSONEncoder().encode(one))
        #expect(decoded == one)
        #expect(try JSONDecoder().decode(SDEExperiment.self, from: JSONEncoder().encode(experiment)) == experiment)
    }
}
