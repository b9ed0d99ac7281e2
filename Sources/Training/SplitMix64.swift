/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64) whose state is Codable,
/// so a run's random stream can be checkpointed and resumed bit for bit.
public struct SplitMix64: RandomNumberGenerator, Codable, Hashable, Sendable {
    /// The generator's whole state: the next output is a function of it alone.
    public private(set) var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator for one purpose (`"init"`, `"shuffle"`, `"data"`, …) of a run with `seed`, so
    /// that adding a draw for one purpose cannot shift the stream of another.
    /// The stream seed is `mix(seed ⊕ FNV-1a(purpose))`.
    public init(seed: UInt64, purpose: String) {
        var mixer = SplitMix64(seed: seed ^ FNV1a.hash(Array(purpose.utf8)))
        state = mixer.next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform `Float` in [0, 1) with 24 random bits.
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A standard normal sample (Box–Muller; one of the pair is discarded so the stream is simple).
    public mutating func nextGaussian() -> Double {
        let u1 = 1 - nextUnitDouble()  // (0, 1]
        let u2 = nextUnitDouble()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's method).
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "nextIndex: bound \(bound) must be positive")
        return Int(next(upperBound: UInt64(bound)))
    }
}

import Foundation
