import Foundation
import Notebook
import Testing
import Training
@testable import Runner

@Suite("Resuming interrupted runs")
struct RunResumeTests {
    static func unit() throws -> RunUnit {
        let spec = TrainSpec(data: "d", model: ModelSpec(mlp: [8]), lr: .constant(0.1), batch: .constant(16), epochs: 6,
                             curvature: CurvatureSpec(at: [2, 6], samples: 32, powerSteps: 4, probes: 2))
        return RunUnit(run: RunSpec(train: spec, seed: 7),
                       data: try DataSources.unit(for: DatasetSpec(source: "blobs", train: 96, test: 48, seed: 1)))
    }

    func store() -> ResultStore {
        ResultStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("minima-resume-\(UUID().uuidString)"))
    }

    @Test("a run resumed from a checkpoint after 3 of 6 epochs gives the uninterrupted result, bit for bit")
    func resumeEqualsUninterrupted() throws {
        let unit = try Self.unit()
        let (fresh, resumed) = (store(), store())
        defer {
            try? FileManager.default.removeItem(at: fresh.directory)
            try? FileManager.default.removeItem(at: resumed.directory)
        }
        let runner = UnitRunner(store: fresh, data: DataCache())
        let whole = try runner.run(.run(unit)) { _, _ in }

        // Interrupt: train 3 epochs by hand, measuring curvature where the step asks, and leave
        // the checkpoint a killed render would have left.
        let split = try DataCache().split(for: unit.data)
        let configuration = try TrainingSetup.configuration(unit.run, shape: split.train.shape, classes: split.train.classes)
        var run = try TrainingRun(configuration: configuration, data: split)
        var curvature: [Int: [String: Cell]] = [:]
        for _ in 0..<3 {
            let record = run.trainEpoch()
            if record.epoch == 2 {
                curvature[2] = try Curvature.measure(unit.run.train.curvature!.settings, model: configuration.model,
                                                     parameters: run.parameters, data: split.train, seed: unit.run.seed)
            }
        }
        try resumed.saveCheckpoint(RunCheckpoint(state: run.state, curvature: curvature), for: unit.key)

        let epochs = EpochLog()
        let rest = try UnitRunner(store: resumed, data: DataCache()).run(.run(unit)) { done, _ in epochs.add(done) }
        #expect(epochs.all == [4, 5, 6])   // it resumed: only the remaining epochs ran
        #expect(rest.rows == whole.rows)
        #expect(resumed.loadParameters(for: unit.key, count: configuration.model.parameterCount)?.map(\.bitPattern)
            == fresh.loadParameters(for: unit.key, count: configuration.model.parameterCount)?.map(\.bitPattern))
        #expect(resumed.loadCheckpoint(RunCheckpoint.self, for: unit.key) == nil)   // removed once finished
    }
}

/// Epochs reported by a run's progress callback.
final class EpochLog: @unchecked Sendable {
    private var epochs: [Int] = []
    private let lock = NSLock()
    func add(_ epoch: Int) { lock.withLock { epochs.append(epoch) } }
    var all: [Int] { lock.withLock { epochs } }
}
