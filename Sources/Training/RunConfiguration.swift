/// Everything that decides the numbers of one training run besides its data.
///
/// Codable and Hashable, so the Runner can put it in a cache key.
public struct RunConfiguration: Codable, Hashable, Sendable {
    /// The architecture.
    public var model: Network
    /// How the initial weights are drawn.
    public var initialization: Initialization
    /// Learning rate per epoch.
    public var learningRate: Schedule
    /// Batch size per epoch (rounded to an integer); may change between epochs.
    public var batchSize: Schedule
    /// Number of epochs to train.
    public var epochs: Int
    /// Momentum and weight decay.
    public var optimizer: SGD
    /// The run seed: initialisation, shuffling and evaluation subsets use streams derived from it.
    public var seed: UInt64
    /// Samples used for the per-epoch train and test evaluation (a fixed seeded subset of each
    /// set); nil evaluates on the full sets.
    public var evaluationSize: Int?
    /// A run whose training loss at an epoch end exceeds this multiple of ln(classes) (the loss of
    /// a chance-level prediction, where training starts) is marked diverged and stopped; nil
    /// flags only non-finite losses.
    public var divergenceLossRatio: Double?
    /// Random crops and flips of every training batch (``Augmentation``); nil trains on the data as it is.
    public var augmentation: Augmentation?

    /// A configuration; by default uniform init, plain SGD and evaluation on the full sets.
    public init(
        model: Network, initialization: Initialization = .uniform, learningRate: Schedule, batchSize: Schedule,
        epochs: Int, optimizer: SGD = SGD(), seed: UInt64, evaluationSize: Int? = nil,
        divergenceLossRatio: Double? = nil, augmentation: Augmentation? = nil
    ) {
        self.augmentation = augmentation
        self.model = model
        self.initialization = initialization
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.epochs = epochs
        self.optimizer = optimizer
        self.seed = seed
        self.evaluationSize = evaluationSize
        self.divergenceLossRatio = divergenceLossRatio
    }

    /// A configuration training an MLP (as its ``MLP/network``).
    public init(
        model: MLP, initialization: Initialization = .uniform, learningRate: Schedule, batchSize: Schedule,
        epochs: Int, optimizer: SGD = SGD(), seed: UInt64, evaluationSize: Int? = nil,
        divergenceLossRatio: Double? = nil, augmentation: Augmentation? = nil
    ) {
        self.init(model: model.network, initialization: initialization, learningRate: learningRate,
                  batchSize: batchSize, epochs: epochs, optimizer: optimizer, seed: seed,
                  evaluationSize: evaluationSize, divergenceLossRatio: divergenceLossRatio, augmentation: augmentation)
    }

    private enum CodingKeys: String, CodingKey {
        case model, initialization, epochs, optimizer, seed
        case learningRate = "learning_rate", batchSize = "batch_size", evaluationSize = "evaluation_size"
        case divergenceLossRatio = "divergence_loss_ratio", augmentation
    }
}

/// Why a run cannot start.
public enum RunError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The configuration does not fit the data or is out of range.
    case invalidConfiguration(String)

    /// The reason, in one sentence.
    public var description: String {
        switch self { case .invalidConfiguration(let reason): return reason }
    }
}
