/// Everything a run needs to continue bit for bit: parameters, optimiser state, the shuffle
/// generator, counters and history. Codable, for checkpoints (floats are stored as raw bytes).
public struct RunState: Codable, Hashable, Sendable {
    /// The current parameters.
    public var parameters: Parameters
    /// The momentum buffer (same layout as the parameters); nil for plain SGD.
    public var velocity: Parameters?
    /// The shuffle generator, positioned for the next epoch's permutation.
    public var shuffle: SplitMix64
    /// Epochs completed.
    public var epoch: Int
    /// Optimiser steps taken.
    public var step: Int
    /// One record per completed epoch.
    public var history: [EpochRecord]
    /// The 1-based epoch in which the loss became non-finite, if it did.
    public var divergedAtEpoch: Int?

    private enum CodingKeys: String, CodingKey {
        case parameters, velocity, shuffle, epoch, step, history
        case divergedAtEpoch = "diverged_at_epoch"
    }
}
