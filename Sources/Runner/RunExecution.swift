import Foundation
import Notebook
import Training

/// A run in progress, as checkpointed: the core's state plus the curvature measured so far.
struct RunCheckpoint: Codable {
    var state: RunState
    /// Epoch → metric cells measured at that epoch.
    var curvature: [Int: [String: Cell]]
}

/// Trains one run: resumes from its checkpoint, measures curvature at the chosen epochs,
/// checkpoints as it goes, and stores its final parameters.
struct RunExecution {
    let unit: RunUnit
    let store: ResultStore
    let split: DataSplit
    /// Called after each epoch with (epochs done, epochs in all).
    let progress: @Sendable (Int, Int) -> Void

    /// Seconds between checkpoints.
    static let checkpointInterval: Double = 15

    func execute() throws -> UnitResult {
        let started = Date()
        let key = unit.key
        let configuration = try TrainingSetup.configuration(unit.run, shape: split.train.shape, classes: split.train.classes)
        var run: TrainingRun
        var curvature: [Int: [String: Cell]] = [:]
        // The store only returns this run's own checkpoint, intact (it names the key and a digest).
        if let checkpoint = store.loadCheckpoint(RunCheckpoint.self, for: key),
           let resumed = try? TrainingRun(configuration: configuration, data: split, resuming: checkpoint.state) {
            run = resumed
            curvature = checkpoint.curvature
        } else {
            run = try TrainingRun(configuration: configuration, data: split)
        }
        let probe = unit.run.train.curvature
        if let probe, probe.at.contains(0), curvature[0] == nil {
            curvature[0] = try Curvature.measure(probe.settings, model: configuration.model, parameters: run.parameters,
                                                 data: split.train, seed: unit.run.seed)
        }
        var lastCheckpoint = Date()
        while !run.isFinished {
            let record = run.trainEpoch()
            if let probe, probe.at.contains(record.epoch), !record.diverged {
                curvature[record.epoch] = try Curvature.measure(probe.settings, model: configuration.model,
                                                                parameters: run.parameters, data: split.train,
                                                                seed: unit.run.seed)
            }
            progress(record.epoch, configuration.epochs)
            if Date().timeIntervalSince(lastCheckpoint) > Self.checkpointInterval && !run.isFinished {
                try store.saveCheckpoint(RunCheckpoint(state: run.state, curvature: curvature), for: key)
                lastCheckpoint = Date()
            }
        }
        // Per-epoch metrics may use subsets (`evaluate:`); the final row is always measured on
        // the full splits, so final accuracies are exact whatever the per-epoch cost was.
        var final: (train: Evaluation, test: Evaluation)?
        if configuration.evaluationSize != nil && !run.diverged {
            final = (configuration.model.evaluate(run.parameters, on: split.train),
                     configuration.model.evaluate(run.parameters, on: split.test))
        }
        try store.saveParameters(run.parameters.values, for: key)
        store.removeCheckpoint(for: key)
        var notes: [String] = []
        if let epoch = run.state.divergedAtEpoch { notes.append("\(unit.label) diverged in epoch \(epoch)") }
        var table = rows(history: run.history, curvature: curvature)
        if let final, let last = table.indices.last {
            table[last]["train_loss"] = .number(final.train.loss)
            table[last]["train_acc"] = .number(final.train.accuracy)
            table[last]["test_loss"] = .number(final.test.loss)
            table[last]["test_acc"] = .number(final.test.accuracy)
            if table[last]["clean_train_acc"] != nil { table[last]["clean_train_acc"] = .number(final.train.cleanAccuracy) }
        }
        return UnitResult(rows: table,
                          wallSeconds: Date().timeIntervalSince(started), threads: Kernels.threads,
                          machine: Machine.description, notes: notes)
    }

    /// One row per epoch (and one for epoch 0 when curvature was measured there).
    private func rows(history: [EpochRecord], curvature: [Int: [String: Cell]]) -> [[String: Cell]] {
        func number(_ x: Double?) -> Cell { x.map(Cell.number) ?? .missing }
        var rows: [[String: Cell]] = []
        if let initial = curvature[0] {
            rows.append(initial.merging(["epoch": .number(0), "step": .number(0), "sde_time": .number(0),
                                         "diverged": .number(0)]) { a, _ in a })
        }
        var sdeTime = 0.0, previousStep = 0
        for record in history {
            sdeTime += record.learningRate * Double(record.step - previousStep)
            previousStep = record.step
            var row: [String: Cell] = [
                "epoch": .number(Double(record.epoch)), "step": .number(Double(record.step)),
                "sde_time": .number(sdeTime),
                "lr_now": .number(record.learningRate), "batch_now": .number(Double(record.batchSize)),
                "train_loss": number(record.trainLoss), "train_acc": number(record.trainAccuracy),
                "test_loss": number(record.testLoss), "test_acc": number(record.testAccuracy),
                "diverged": .number(record.diverged ? 1 : 0),
            ]
            if record.corruptedAccuracy != nil {
                row["clean_train_acc"] = number(record.cleanTrainAccuracy)
                row["corrupted_acc"] = number(record.corruptedAccuracy)
            }
            for (k, v) in curvature[record.epoch] ?? [:] { row[k] = v }
            row["final"] = .number(record.epoch == history.last?.epoch ? 1 : 0)
            rows.append(row)
        }
        if var first = rows.first, first["final"] == nil {   // the epoch-0 row
            first["final"] = .number(history.isEmpty ? 1 : 0)
            rows[0] = first
        }
        return rows
    }
}

extension CurvatureSpec {
    /// The measurement settings of a `curvature:` block.
    var settings: MeasureUnit.Settings {
        MeasureUnit.Settings(metrics: metrics, samples: samples, powerSteps: powerSteps, probes: probes, seed: 0)
    }
}
