import Foundation
/// One SGD run on one data split: call ``trainEpoch()`` until ``isFinished``.
///
/// Each epoch reshuffles the training set (from the run's `"shuffle"` stream), takes
/// `⌊N / batch⌋` full batches (the last partial batch is dropped, so the batch size is exact),
/// then evaluates on the train and test sets. A non-finite minibatch loss stops the run and
/// marks it diverged, as does a training loss above `divergenceLossRatio` × ln(classes) at an
/// epoch end (the run blew up without overflowing; the epoch's losses are kept). ``state`` is a
/// complete checkpoint: a run rebuilt from it with ``init(configuration:data:resuming:)``
/// continues bit for bit, whatever thread count the caller sets process-wide with
/// ``Kernels/setThreads(_:)``.
public struct TrainingRun: Sendable {
    /// What is trained, and how.
    public let configuration: RunConfiguration
    /// The data trained and evaluated on.
    public let data: DataSplit
    /// Parameters, optimiser state, RNG, counters and history.
    public private(set) var state: RunState
    private let trainEvaluation: [Int]
    private let testEvaluation: [Int]
    private let corruptedEvaluation: [Int]

    /// A fresh run: parameters initialised from the run seed.
    /// - Throws: ``RunError/invalidConfiguration(_:)`` when the model does not fit the data, or a
    ///   batch size or learning rate of the schedule is out of range.
    public init(configuration: RunConfiguration, data: DataSplit) throws {
        let model = configuration.model
        let parameters = model.initialParameters(configuration.initialization, seed: configuration.seed)
        let state = RunState(
            parameters: parameters,
            velocity: configuration.optimizer.usesVelocity
                ? Parameters(values: [Float](repeating: 0, count: model.parameterCount), slices: model.slices) : nil,
            shuffle: SplitMix64(seed: configuration.seed, purpose: "shuffle"), epoch: 0, step: 0, history: [],
            divergedAtEpoch: nil)
        try self.init(configuration: configuration, data: data, resuming: state)
    }

    /// A run continuing from a checkpointed `state`.
    /// - Throws: ``RunError/invalidConfiguration(_:)`` as ``init(configuration:data:)``, or when the
    ///   state does not fit the configuration.
    public init(configuration: RunConfiguration, data: DataSplit, resuming state: RunState) throws {
        let model = configuration.model
        func fail(_ reason: String) -> RunError { .invalidConfiguration(reason) }
        guard data.train.features == model.inputCount, data.test.features == model.inputCount,
              data.train.classes == model.classes, data.test.classes == model.classes else {
            throw fail("model \(model) does not fit data with \(data.train.features) features and \(data.train.classes) classes")
        }
        guard configuration.epochs >= 0 else { throw fail("epochs \(configuration.epochs) must be ≥ 0") }
        for epoch in 0..<configuration.epochs {
            let batch = configuration.batchSize.integerValue(atEpoch: epoch)
            guard batch >= 1 && batch <= data.train.count else {
                throw fail("batch size \(batch) at epoch \(epoch + 1) must be in 1...\(data.train.count)")
            }
            let lr = configuration.learningRate.value(atEpoch: epoch)
            guard lr.isFinite && lr >= 0 else { throw fail("learning rate \(lr) at epoch \(epoch + 1) must be finite and ≥ 0") }
        }
        guard state.parameters.count == model.parameterCount,
              (state.velocity != nil) == configuration.optimizer.usesVelocity,
              state.velocity.map({ $0.count == model.parameterCount }) ?? true else {
            throw fail("checkpoint does not match model \(model) and optimiser \(configuration.optimizer)")
        }
        self.configuration = configuration
        self.data = data
        self.state = state
        var rng = SplitMix64(seed: configuration.seed, purpose: "evaluation")
        let size = configuration.evaluationSize
        trainEvaluation = Self.subset(of: Array(0..<data.train.count), size: size, using: &rng)
        testEvaluation = Self.subset(of: Array(0..<data.test.count), size: size, using: &rng)
        corruptedEvaluation = Self.subset(of: data.train.corruptedIndices, size: size, using: &rng)
    }

    /// True when all epochs are done or the run diverged.
    public var isFinished: Bool { diverged || state.epoch >= configuration.epochs }
    /// True when the loss became non-finite (see ``RunState/divergedAtEpoch``).
    public var diverged: Bool { state.divergedAtEpoch != nil }
    /// The current parameters.
    public var parameters: Parameters { state.parameters }
    /// One record per completed epoch.
    public var history: [EpochRecord] { state.history }

    /// Trains every remaining epoch and returns the full history.
    @discardableResult
    public mutating func train() -> [EpochRecord] {
        while !isFinished { trainEpoch() }
        return history
    }

    /// Trains one epoch, evaluates, appends and returns its record.
    /// - Precondition: `!isFinished`.
    /// - Complexity: O(N · FLOPs per sample) for training plus the evaluation passes.
    @discardableResult
    public mutating func trainEpoch() -> EpochRecord {
        precondition(!isFinished, "trainEpoch: the run is finished")
        let model = configuration.model
        let epoch = state.epoch
        let batch = configuration.batchSize.integerValue(atEpoch: epoch)
        let learningRate = configuration.learningRate.value(atEpoch: epoch)
        var order = Array(0..<data.train.count)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, state.shuffle.nextIndex(below: i + 1))
        }
        let (steps, lossSum, divergedNow) = runSteps(order: order, batch: batch, learningRate: Float(learningRate))
        state.epoch += 1
        state.step += steps
        var record = EpochRecord(
            epoch: state.epoch, step: state.step, learningRate: learningRate, batchSize: batch,
            meanBatchLoss: steps > 0 ? lossSum / Double(steps) : nil, diverged: divergedNow)
        if !divergedNow {
            let train = model.evaluate(state.parameters, on: data.train, indices: trainEvaluation)
            let test = model.evaluate(state.parameters, on: data.test, indices: testEvaluation)
            if train.loss.isFinite {
                record.trainLoss = train.loss
                record.trainAccuracy = train.accuracy
                record.testLoss = test.loss.isFinite ? test.loss : nil
                record.testAccuracy = test.accuracy
                if !corruptedEvaluation.isEmpty {
                    record.cleanTrainAccuracy = train.cleanAccuracy
                    record.corruptedAccuracy = model.evaluate(
                        state.parameters, on: data.train, indices: corruptedEvaluation).accuracy
                }
                if let ratio = configuration.divergenceLossRatio, train.loss > ratio * Self.chanceLoss(classes: model.classes) {
                    record.diverged = true
                }
            } else {
                record.diverged = true
            }
        }
        if record.diverged { state.divergedAtEpoch = state.epoch }
        state.history.append(record)
        return record
    }

    /// The cross-entropy of a uniform prediction over `classes` classes: ln(classes).
    public static func chanceLoss(classes: Int) -> Double { log(Double(max(classes, 2))) }

    /// Runs the epoch's steps over `order`; returns steps applied, their loss sum and whether a
    /// non-finite loss stopped the epoch. Allocates only the workspace, once.
    mutating func runSteps(order: [Int], batch: Int, learningRate: Float) -> (Int, Double, Bool) {
        let model = configuration.model
        let optimiser = configuration.optimizer
        let workspace = Workspace(network: model, capacity: batch)
        var parameters = state.parameters.values
        state.parameters.values = []  // keep the buffer uniquely referenced: no copy on write
        var velocity = state.velocity?.values ?? []
        state.velocity?.values = []
        var steps = 0
        var lossSum = 0.0
        var divergedNow = false
        let width = model.inputCount
        let augmentation = configuration.augmentation, seed = configuration.seed, epoch = state.epoch
        parameters.withUnsafeMutableBufferPointer { p in
            velocity.withUnsafeMutableBufferPointer { v in
                data.train.inputs.withUnsafeBufferPointer { x in
                    data.train.labels.withUnsafeBufferPointer { y in
                        order.withUnsafeBufferPointer { o in
                            for s in 0..<(order.count / batch) {
                                Kernels.gatherRows(o.baseAddress! + s * batch, rows: batch, columns: width,
                                                   from: x.baseAddress!, labels: y.baseAddress!,
                                                   into: workspace.input, labelDestination: workspace.labels)
                                augmentation?.apply(to: workspace.input, rows: batch, shape: model.input,
                                                    seed: seed, epoch: epoch, batch: s)
                                model.forward(parameters: p.baseAddress!, batch: batch, workspace: workspace)
                                model.updateRunningStatistics(parameters: p.baseAddress!, batch: batch, workspace: workspace)
                                let loss = model.lossAndOutputDelta(batch: batch, workspace: workspace).loss
                                guard loss.isFinite else {
                                    divergedNow = true
                                    break
                                }
                                lossSum += loss
                                optimiser.step(model: model, parameters: p.baseAddress!, velocity: v.baseAddress,
                                               learningRate: learningRate, batch: batch, workspace: workspace)
                                steps += 1
                            }
                        }
                    }
                }
            }
        }
        state.parameters.values = parameters
        state.velocity?.values = velocity
        return (steps, lossSum, divergedNow)
    }

    private static func subset(of indices: [Int], size: Int?, using rng: inout SplitMix64) -> [Int] {
        guard let size, size < indices.count else { return indices }
        var pool = indices
        for i in 0..<size { pool.swapAt(i, i + rng.nextIndex(below: pool.count - i)) }
        return pool[0..<size].sorted()
    }
}
