import Foundation
import Notebook
import Training

/// Computes one unit in this process and stores its result under its key.
struct UnitRunner: Sendable {
    let store: ResultStore
    let data: DataCache

    /// Runs `unit` (a cached result is returned as is) and saves the result atomically.
    /// - Parameter progress: (done, total) within the unit, e.g. epochs.
    func run(_ unit: WorkUnit, progress: @escaping @Sendable (Int, Int) -> Void) throws -> UnitResult {
        let key = unit.key
        if let cached = store.load(UnitResult.self, for: key) { return cached }
        let result: UnitResult
        switch unit {
        case .run(let u):
            let split = try data.split(for: u.data)
            result = try RunExecution(unit: u, store: store, split: split, progress: progress).execute()
        case .measure(let u):
            result = try timed {
                let (model, parameters, split) = try trainedPoint(u.run)
                return [try Curvature.measure(u.settings, model: model, parameters: parameters, data: split.train,
                                              seed: u.settings.seed)]
            }
        case .interpolate(let u):
            result = try timed {
                let (model, a, split) = try trainedPoint(u.from)
                let (_, b, _) = try trainedPoint(u.to)
                return try Curvature.interpolate(model: model, from: a, to: b, alpha: u.settings.alpha,
                                             split: split, samples: u.settings.samples, seed: u.from.run.seed)
            }
        case .simulate(let u):
            result = try timed { try Simulation.run(u) }
        }
        try store.save(result, for: key)
        try? store.saveSpec(unit, for: key)   // for `minima cache explain`; the entry stands without it
        return result
    }

    /// The model, final parameters and data of a finished run.
    private func trainedPoint(_ unit: RunUnit) throws -> (Network, Parameters, DataSplit) {
        let split = try data.split(for: unit.data)
        let configuration = try TrainingSetup.configuration(unit.run, shape: split.train.shape, classes: split.train.classes)
        let model = configuration.model
        guard let values = store.loadParameters(for: unit.key, count: model.parameterCount) else {
            throw RunnerError("the parameters of run \(unit.label) are not in the cache; render the step that trains it first")
        }
        return (model, Parameters(values: values, slices: model.slices), split)
    }

    private func timed(_ body: () throws -> [[String: Cell]]) throws -> UnitResult {
        let start = Date()
        let rows = try body()
        return UnitResult(rows: rows, wallSeconds: Date().timeIntervalSince(start), threads: Kernels.threads,
                          machine: Machine.description)
    }
}

/// A failure while running a unit, with a message for the error box.
struct RunnerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
