import Notebook
import Training

/// Maps a notebook run spec to the training core's configuration.
enum TrainingSetup {
    static func configuration(_ run: RunSpec, features: Int, classes: Int) -> RunConfiguration {
        let t = run.train
        let model = MLP(widths: [features] + (t.model.mlp ?? []) + [classes],
                        activation: Activation(rawValue: t.model.activation.rawValue) ?? .relu)
        return RunConfiguration(
            model: model, initialization: Initialization(rawValue: t.model.initialization.rawValue) ?? .uniform,
            learningRate: schedule(t.lr), batchSize: schedule(t.batch), epochs: t.epochs,
            optimizer: SGD(momentum: Float(t.momentum), weightDecay: Float(t.weightDecay)),
            seed: run.seed, evaluationSize: t.evaluate, divergenceLossRatio: t.divergenceLossRatio)
    }

    static func schedule(_ s: ScheduleSpec) -> Schedule {
        switch s {
        case .constant(let x): return .constant(x)
        case .step(let initial, let factor, let every): return .step(initial: initial, factor: factor, every: every)
        case .cyclic(let values, let phase): return .cyclic(high: values[0], low: values[1], phase: phase)
        case .triangular(let low, let high, let phase): return .triangular(low: low, high: high, phase: phase)
        }
    }
}
