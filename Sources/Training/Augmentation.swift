/// Seeded data augmentation of training batches: a random crop with zero padding and a random
/// horizontal flip, the standard CIFAR recipe.
///
/// Design note: the random draws of a batch come from their own SplitMix64 stream derived from
/// (run seed, epoch, batch index), never from a stream shared across batches, so a batch is
/// augmented the same way whatever the thread count or executor, and a resumed run draws what
/// an uninterrupted one would. Samples of a batch draw in row order: `dy`, `dx` (when `crop` > 0),
/// then one flip bit (when `flip`).
///
/// A crop by `p` pads the image with `p` zero rows and columns on every side and cuts a window of
/// the original size at a random offset `(dy, dx) ∈ [0, 2p]²`: output pixel `(y, x)` is input
/// pixel `(y + dy − p, x + dx − p)`, or 0 outside the image. A flip then mirrors the columns
/// (`x → width − 1 − x`). Evaluation never augments.
public struct Augmentation: Codable, Hashable, Sendable {
    /// Zero padding on each side before the random crop (0: no crop).
    public var crop: Int
    /// Whether half of the samples are mirrored left to right.
    public var flip: Bool

    public init(crop: Int = 0, flip: Bool = false) {
        precondition(crop >= 0, "Augmentation: crop \(crop)")
        self.crop = crop
        self.flip = flip
    }

    /// True when the augmentation leaves every sample as it is.
    public var isIdentity: Bool { crop == 0 && !flip }

    /// The stream of batch `batch` (0-based within its epoch) of epoch `epoch` (0-based) of a run with `seed`.
    public static func stream(seed: UInt64, epoch: Int, batch: Int) -> SplitMix64 {
        var run = SplitMix64(seed: seed, purpose: "augment")
        var perEpoch = SplitMix64(seed: run.next() ^ UInt64(truncatingIfNeeded: epoch))
        var perBatch = SplitMix64(seed: perEpoch.next() ^ UInt64(truncatingIfNeeded: batch))
        return SplitMix64(seed: perBatch.next())
    }

    /// Augments `rows` samples of `shape` (HWC, row-major) in place (the pixels move in
    /// ``Kernels/shiftImage(height:width:channels:_:dy:dx:mirror:into:)``).
    /// - Complexity: O(rows · shape.count), with one temporary image.
    public func apply(to inputs: UnsafeMutablePointer<Float>, rows: Int, shape: TensorShape,
                      seed: UInt64, epoch: Int, batch: Int) {
        guard !isIdentity else { return }
        var rng = Self.stream(seed: seed, epoch: epoch, batch: batch)
        let (h, w, c) = (shape.height, shape.width, shape.channels)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: shape.count) { scratch in
            for row in 0..<rows {
                let dy = crop > 0 ? rng.nextIndex(below: 2 * crop + 1) - crop : 0
                let dx = crop > 0 ? rng.nextIndex(below: 2 * crop + 1) - crop : 0
                let mirror = flip && rng.next() & 1 == 1
                guard dy != 0 || dx != 0 || mirror else { continue }
                let image = inputs + row * shape.count
                scratch.baseAddress!.update(from: image, count: shape.count)
                Kernels.shiftImage(height: h, width: w, channels: c, UnsafePointer(scratch.baseAddress!),
                                   dy: dy, dx: dx, mirror: mirror, into: image)
            }
        }
    }
}
