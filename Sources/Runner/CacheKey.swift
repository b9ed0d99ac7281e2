import Crypto
import Foundation
import Training

/// A content address: SHA-256 over the canonical JSON of everything that decides a result.
///
/// The material is the core version (bumped whenever Training's numbers change for the same
/// spec), the OpenBLAS kernel family the products run (``Kernels/blasKernel``), the unit kind, the typed spec, the keys of upstream results and the digests of input
/// files, encoded as JSON with sorted keys. When an upstream key changes, every downstream key
/// changes with it.
public struct CacheKey: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let hex: String

    /// Bump when a change to Training alters numbers for the same spec.
    /// 2: products run single-threaded in OpenBLAS, in tiles fixed by shape (the same bytes for
    /// every thread count, so keys hold no thread or core count).
    /// 3: convolutions run by sample groups in parallel, same-padded convs form their input
    /// gradient with flipped filters, a fused SGD step moves batch norm's γ only after its input
    /// gradient has read it, and the OpenBLAS kernel family is named in every key (a cache shared
    /// by machines with different kernels never mixes their results).
    public static let coreVersion = 3

    /// The kernel family in every key made by this process.
    public static let blasKernel = Kernels.blasKernel

    /// The first 12 hex digits, as printed in reports and progress.
    public var description: String { String(hex.prefix(12)) }

    public init(hex: String) { self.hex = hex }

    /// The key of `spec` as a `kind` unit reading `upstream` results and `inputs` files.
    public init<Spec: Encodable>(kind: String, spec: Spec, upstream: [CacheKey] = [],
                                 inputs: [String: String] = [:]) {
        hex = Self.digest(Self.material(kind: kind, spec: spec, upstream: upstream, inputs: inputs))
    }

    /// The exact bytes hashed for a key (golden-tested, so a change in encoding shows up).
    static func material<Spec: Encodable>(kind: String, spec: Spec, upstream: [CacheKey],
                                          inputs: [String: String]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Encoding plain Codable specs cannot fail; a failure is a programming error.
        return try! encoder.encode(Material(coreVersion: coreVersion, blas: blasKernel, kind: kind, spec: spec,
                                            upstream: upstream.map(\.hex), inputs: inputs))
    }

    private struct Material<S: Encodable>: Encodable {
        var coreVersion: Int
        var blas: String
        var kind: String
        var spec: S
        var upstream: [String]
        var inputs: [String: String]
    }

    /// Hex SHA-256 of `data`.
    public static func digest(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Hex SHA-256 of a file's bytes.
    static func digest(ofFile path: String) throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// A key combining several keys in order (a step's key from its units' keys).
    public static func combining(_ keys: [CacheKey], kind: String) -> CacheKey {
        CacheKey(kind: kind, spec: keys.map(\.hex))
    }

    public static func < (a: Self, b: Self) -> Bool { a.hex < b.hex }
}
