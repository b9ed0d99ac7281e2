import Notebook
import Training

/// Maps a notebook run spec to the training core's configuration.
enum TrainingSetup {
    /// The configuration of `run` on data of `shape` with `classes` classes. An MLP is built as
    /// ``MLP`` (its numbers are those of every earlier release); the other forms are expanded by
    /// the notebook's ``ModelSpec/plan(input:classes:)`` and mapped one to one to `LayerSpec`s.
    /// - Throws: `RunError.invalidConfiguration` when the model does not fit the data (the
    ///   notebook checker reports this earlier, from the built-in sets' names and a folder's
    ///   IDX header; a folder whose files changed since the check is caught here).
    static func configuration(_ run: RunSpec, shape: TensorShape, classes: Int) throws -> RunConfiguration {
        let t = run.train
        let optimizer = SGD(momentum: Float(t.momentum), weightDecay: Float(t.weightDecay))
        let initialization = Initialization(rawValue: t.model.initialization.rawValue) ?? .uniform
        if let hidden = t.model.mlp {
            let model = MLP(widths: [shape.count] + hidden + [classes],
                            activation: Activation(rawValue: t.model.activation.rawValue) ?? .relu)
            return RunConfiguration(
                model: model, initialization: initialization,
                learningRate: schedule(t.lr), batchSize: schedule(t.batch), epochs: t.epochs, optimizer: optimizer,
                seed: run.seed, evaluationSize: t.evaluate, divergenceLossRatio: t.divergenceLossRatio,
                augmentation: augmentation(t))
        }
        return RunConfiguration(
            model: try network(t.model, input: shape, classes: classes), initialization: initialization,
            learningRate: schedule(t.lr), batchSize: schedule(t.batch), epochs: t.epochs, optimizer: optimizer,
            seed: run.seed, evaluationSize: t.evaluate, divergenceLossRatio: t.divergenceLossRatio,
            augmentation: augmentation(t))
    }

    /// The network of a non-MLP model on `input`.
    static func network(_ model: ModelSpec, input: TensorShape, classes: Int) throws -> Network {
        let sample = SampleShape(height: input.height, width: input.width, channels: input.channels)
        let plan: ModelPlan
        do { plan = try model.plan(input: sample, classes: classes) } catch {
            throw RunError.invalidConfiguration("model \(model.summary) does not fit data of shape \(input): \(error.message)")
        }
        let layers = plan.layers.map(layerSpec)
        do { try Network.validate(input: input, layers: layers) } catch {
            throw RunError.invalidConfiguration("model \(model.summary) does not fit data of shape \(input): \(error)")
        }
        return Network(input: input, layers: layers)
    }

    /// The core's description of one notebook layer (the same cases, one to one).
    static func layerSpec(_ item: LayerItem) -> LayerSpec {
        switch item {
        case .dense(let units): return .dense(units: units)
        case .conv(let channels, let kernel, let stride, let padding):
            return .conv(channels: channels, kernel: kernel, stride: stride, padding: padding)
        case .maxPool(let size, let stride): return .maxPool(size: size, stride: stride)
        case .averagePool(let size, let stride): return .averagePool(size: size, stride: stride)
        case .globalAveragePool: return .globalAveragePool
        case .flatten: return .flatten
        case .batchNorm: return .batchNorm
        case .activation(let a): return .activation(Activation(rawValue: a.rawValue) ?? .relu)
        case .residual(let body, let shortcut): return .residual(body: body.map(layerSpec), shortcut: shortcut.map(layerSpec))
        }
    }

    /// The augmentation of a run's `train` spec (resolved when planned, so a data set's
    /// `augment` is already in it), nil when it asks for none.
    static func augmentation(_ t: TrainSpec) -> Augmentation? {
        guard let a = t.augment, a.isActive else { return nil }
        return Augmentation(crop: a.crop, flip: a.flip)
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
