/// What happened in one epoch of a run: where it ended and how the model scores afterwards.
///
/// Metrics are nil when the epoch diverged (non-finite loss) and, for the two label-noise
/// accuracies, when the training set has no corrupted labels. Encoded with snake_case keys.
public struct EpochRecord: Codable, Hashable, Sendable {
    /// The 1-based number of this epoch.
    public var epoch: Int
    /// Optimiser steps taken since the start of the run, after this epoch.
    public var step: Int
    /// The learning rate used throughout the epoch.
    public var learningRate: Double
    /// The batch size used throughout the epoch.
    public var batchSize: Int
    /// Mean of the minibatch losses seen during the epoch (before each step).
    public var meanBatchLoss: Double?
    /// Mean loss on the (evaluation subset of the) training set after the epoch, against the labels SGD sees.
    public var trainLoss: Double?
    /// Accuracy on the (evaluation subset of the) training set after the epoch, against the labels SGD sees.
    public var trainAccuracy: Double?
    /// Mean loss on the (evaluation subset of the) test set after the epoch.
    public var testLoss: Double?
    /// Accuracy on the (evaluation subset of the) test set after the epoch.
    public var testAccuracy: Double?
    /// Training accuracy against the clean labels (label noise only).
    public var cleanTrainAccuracy: Double?
    /// Accuracy on the corrupted samples against their random labels: memorisation (label noise only).
    public var corruptedAccuracy: Double?
    /// True when the loss became non-finite during this epoch; the run stopped there.
    public var diverged: Bool

    private enum CodingKeys: String, CodingKey {
        case epoch, step, diverged
        case learningRate = "lr", batchSize = "batch", meanBatchLoss = "mean_batch_loss"
        case trainLoss = "train_loss", trainAccuracy = "train_acc", testLoss = "test_loss", testAccuracy = "test_acc"
        case cleanTrainAccuracy = "clean_train_acc", corruptedAccuracy = "corrupted_acc"
    }
}
