import Foundation

/// A minimal NumPy `.npy` v1.0 reader written from the format description, independent of
/// Runner's writer: the dict's `descr` and `shape`, and the data as little-endian Float32.
public struct NPYReading {
    public var shape: [Int]
    public var descr: String
    public var values: [Float]

    /// Parses `data`; throws when the magic or version is wrong.
    public init(_ data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8), bytes[6] == 1, bytes[7] == 0
        else { throw CancellationError() }
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10..<10 + length], as: UTF8.self)
        func value(_ key: String) -> Substring? {
            guard let start = header.range(of: "'\(key)': ")?.upperBound else { return nil }
            let rest = header[start...]
            let end = rest.hasPrefix("(") ? rest.firstIndex(of: ")").map(rest.index(after:)) : rest.firstIndex(of: ",")
            return end.map { rest[..<$0] }
        }
        descr = String(value("descr") ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        let tuple = (value("shape") ?? "()").dropFirst().dropLast()
        shape = tuple.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let body = bytes[(10 + length)...]
        values = stride(from: body.startIndex, to: body.endIndex, by: 4).map { i in
            Float(bitPattern: UInt32(body[i]) | UInt32(body[i + 1]) << 8 | UInt32(body[i + 2]) << 16 | UInt32(body[i + 3]) << 24)
        }
    }
}
