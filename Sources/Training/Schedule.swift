/// A value that changes with the epoch: the learning rate or the batch size of a run.
///
/// Data, not a closure, so a schedule can be hashed into a cache key, printed and compared.
/// Every case is a closed form of the 0-based epoch; the value is constant within an epoch.
public enum Schedule: Codable, Hashable, Sendable {
    /// The same value every epoch.
    case constant(Double)
    /// `initial · factor^⌊epoch / every⌋`: multiplied by `factor` every `every` epochs.
    case step(initial: Double, factor: Double, every: Int)
    /// A square wave that starts high: `high` for `phase` epochs, then `low` for `phase` epochs, repeated.
    case cyclic(high: Double, low: Double, phase: Int)
    /// A triangle wave that starts low: from `low` up to `high` in `phase` epochs, back down in
    /// `phase` epochs, repeated; `low + (high − low) · (1 − |e mod 2p − p| / p)` at epoch `e`.
    case triangular(low: Double, high: Double, phase: Int)

    /// The value at 0-based `epoch`.
    public func value(atEpoch epoch: Int) -> Double {
        precondition(epoch >= 0, "Schedule: epoch \(epoch) must be ≥ 0")
        switch self {
        case .constant(let value):
            return value
        case .step(let initial, let factor, let every):
            precondition(every > 0, "Schedule.step: every = \(every) must be positive")
            var value = initial
            for _ in 0..<(epoch / every) { value *= factor }
            return value
        case .cyclic(let high, let low, let phase):
            precondition(phase > 0, "Schedule.cyclic: phase = \(phase) must be positive")
            return (epoch / phase) % 2 == 0 ? high : low
        case .triangular(let low, let high, let phase):
            precondition(phase > 0, "Schedule.triangular: phase = \(phase) must be positive")
            let position = epoch % (2 * phase)
            let distance = abs(position - phase)
            return low + (high - low) * (1 - Double(distance) / Double(phase))
        }
    }

    /// The value at `epoch` rounded to the nearest integer (for batch sizes).
    public func integerValue(atEpoch epoch: Int) -> Int {
        Int(value(atEpoch: epoch).rounded())
    }
}
