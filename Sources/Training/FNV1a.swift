/// The 64-bit FNV-1a hash (Fowler–Noll–Vo): offset basis 0xcbf29ce484222325, prime 0x100000001b3,
/// applied byte by byte. Used for data-set content digests and purpose-derived seeds; it is not a
/// cryptographic hash (the Runner hashes further with SHA-256).
public struct FNV1a: Hashable, Sendable {
    /// The running 64-bit hash value.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// An empty hash state.
    public init() {}

    /// Mixes `bytes` into the hash.
    /// - Complexity: O(*bytes.count*).
    public mutating func combine(bytes: UnsafeRawBufferPointer) {
        var h = value
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        value = h
    }

    /// Mixes the raw bytes of an array's elements (native little-endian layout) into the hash.
    public mutating func combine<T: BitwiseCopyable>(_ elements: [T]) {
        elements.withUnsafeBytes { combine(bytes: $0) }
    }

    /// Mixes one integer (8 bytes, little-endian) into the hash.
    public mutating func combine(_ integer: UInt64) {
        withUnsafeBytes(of: integer.littleEndian) { combine(bytes: $0) }
    }

    /// The FNV-1a hash of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> UInt64 {
        var hasher = FNV1a()
        hasher.combine(bytes)
        return hasher.value
    }
}
