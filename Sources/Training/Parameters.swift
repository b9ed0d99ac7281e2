import Foundation

/// All trainable numbers of a model in one contiguous buffer, with named slices per tensor.
///
/// SGD is then one `axpy`, and a Hessian-vector direction, a norm or a checksum is one loop over
/// one buffer. Encodes its values as the raw little-endian bytes of the floats (base64 in JSON),
/// so a checkpoint round-trips bit for bit, NaN and infinities included.
public struct Parameters: Hashable, Sendable {
    /// One tensor inside ``values``: a name (`"layer1.weight"`), its range and its shape.
    public struct Slice: Codable, Hashable, Sendable {
        /// The tensor's name, `layerN.weight` or `layerN.bias` (1-based N).
        public var name: String
        /// The tensor's position in ``Parameters/values``.
        public var range: Range<Int>
        /// The tensor's shape: `[fanOut, fanIn]` for a weight (row-major), `[fanOut]` for a bias.
        public var shape: [Int]
    }

    /// The flat parameter vector.
    public var values: [Float]
    /// The named tensors that tile ``values`` in order.
    public let slices: [Slice]

    /// Parameters with the given values and layout; `values.count` must equal the layout's total size.
    public init(values: [Float], slices: [Slice]) {
        precondition(values.count == (slices.last?.range.upperBound ?? 0),
                     "Parameters: \(values.count) values for a layout of \(slices.last?.range.upperBound ?? 0)")
        self.values = values
        self.slices = slices
    }

    /// The number of scalars.
    public var count: Int { values.count }

    /// The values of the slice called `name`, or nil if there is none.
    public subscript(name: String) -> ArraySlice<Float>? {
        slices.first { $0.name == name }.map { values[$0.range] }
    }

    /// The Euclidean norm, accumulated in `Double` in index order.
    public var norm: Double {
        values.withUnsafeBufferPointer { Kernels.sumOfSquares(count: $0.count, $0.baseAddress!).squareRoot() }
    }
}

extension Parameters: Codable {
    private enum CodingKeys: String, CodingKey { case values, slices }

    /// Decodes values from their raw float bytes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let bytes = try container.decode(Data.self, forKey: .values)
        let slices = try container.decode([Slice].self, forKey: .slices)
        guard bytes.count % 4 == 0, bytes.count / 4 == (slices.last?.range.upperBound ?? 0) else {
            throw DecodingError.dataCorruptedError(
                forKey: .values, in: container, debugDescription: "parameter bytes do not match the layout")
        }
        var values = [Float](repeating: 0, count: bytes.count / 4)
        values.withUnsafeMutableBytes { _ = bytes.copyBytes(to: $0) }
        self.init(values: values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }, slices: slices)
    }

    /// Encodes values as their raw little-endian float bytes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let littleEndian = values.map { Float(bitPattern: $0.bitPattern.littleEndian) }
        try container.encode(littleEndian.withUnsafeBytes { Data($0) }, forKey: .values)
        try container.encode(slices, forKey: .slices)
    }
}
