import Foundation

/// Writes NumPy `.npy` files (format version 1.0) of little-endian Float32 (`<f4`), C order.
///
/// The layout (numpy's `format.py`): the magic `\x93NUMPY`, the version bytes `01 00`, the
/// header length as a little-endian UInt16, then the header: a Python dict literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` padded with spaces and ended
/// by `\n` so that magic + version + length + header is a multiple of 64 bytes. The data
/// follows: `shape.reduce(1, *)` floats in row-major order (the last index varies fastest).
/// `numpy.load` reads it back with the same shape.
public enum NPYWriter {
    /// The header bytes (magic through the padded dict) for a Float32 array of `shape`.
    /// - Complexity: O(rank).
    public static func header(shape: [Int]) -> Data {
        precondition(shape.allSatisfy { $0 >= 0 }, "NPYWriter: negative dimension in shape \(shape)")
        let dims = shape.map(String.init)
        let tuple = "(" + dims.joined(separator: ", ") + (dims.count == 1 ? ",)" : ")")
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': \(tuple), }"
        let preamble = 10   // magic (6) + version (2) + header length (2)
        let total = preamble + dict.utf8.count + 1   // + the final newline
        dict += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        precondition(dict.utf8.count <= Int(UInt16.max), "NPYWriter: header of \(dict.utf8.count) bytes is too long for v1.0")
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(dict.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(dict.utf8))
        return data
    }

    /// The whole `.npy` file for `values` laid out row-major with `shape`.
    /// - Precondition: `values.count` equals the product of `shape`.
    /// - Complexity: O(`values.count`).
    public static func file(_ values: some Collection<Float>, shape: [Int]) -> Data {
        precondition(values.count == shape.reduce(1, *),
                     "NPYWriter: \(values.count) values for shape \(shape) (\(shape.reduce(1, *)) elements)")
        var data = header(shape: shape)
        data.reserveCapacity(data.count + values.count * 4)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }
}
