/// Parses IDX files (LeCun's MNIST format, also Fashion-MNIST): a big-endian header
/// `0x00 0x00 type rank`, `rank` 32-bit dimensions, then the unsigned bytes row-major.
/// Files may be gzip-compressed.
public enum IDXReader {
    /// Magic of an unsigned-byte IDX file of rank 3 (images [count, rows, columns]).
    public static let imageMagic: UInt32 = 0x0000_0803
    /// Magic of an unsigned-byte IDX file of rank 1 (labels [count]).
    public static let labelMagic: UInt32 = 0x0000_0801

    /// The dimensions and the raw bytes of an IDX file whose magic must be `magic`.
    /// - Throws: ``DataError`` for a missing, unreadable, truncated or mismatched file.
    /// - Complexity: O(file size).
    public static func read(_ path: String, magic: UInt32) throws -> (dimensions: [Int], bytes: [UInt8]) {
        let file = try GzipFile.read(path)
        guard file.count >= 4 else {
            throw DataError.truncated(path: path, detail: "\(file.count) bytes, shorter than the 4-byte magic")
        }
        let found = bigEndian(file, at: 0)
        guard found == magic else { throw DataError.badMagic(path: path, found: found, expected: magic) }
        let rank = Int(magic & 0xff)
        let headerSize = 4 + 4 * rank
        guard file.count >= headerSize else {
            throw DataError.truncated(path: path, detail: "\(file.count) bytes, shorter than the \(headerSize)-byte header")
        }
        let dimensions = (0..<rank).map { Int(bigEndian(file, at: 4 + 4 * $0)) }
        let expected = dimensions.reduce(1, *)
        let found2 = file.count - headerSize
        guard found2 >= expected else {
            throw DataError.truncated(path: path, detail: "header announces \(expected) data bytes, file has \(found2)")
        }
        guard found2 == expected else {
            throw DataError.malformed(path: path, detail: "\(found2 - expected) unexpected bytes after the data")
        }
        return (dimensions, Array(file[headerSize...]))
    }

    /// Loads an image file and its label file into a data set with pixels scaled to [0, 1].
    /// - Throws: ``DataError`` for file errors, differing counts or labels outside 0..<`classes`.
    public static func dataset(
        name: String, images imagePath: String, labels labelPath: String, classes: Int = 10
    ) throws -> Dataset {
        let images = try read(imagePath, magic: imageMagic)
        let labels = try read(labelPath, magic: labelMagic)
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw DataError.malformed(
                path: labelPath, detail: "\(labels.dimensions[0]) labels for \(images.dimensions[0]) images in \(imagePath)")
        }
        if let bad = labels.bytes.first(where: { Int($0) >= classes }) {
            throw DataError.malformed(path: labelPath, detail: "label \(bad) outside 0..<\(classes)")
        }
        var digest = FNV1a()
        digest.combine(images.bytes)
        digest.combine(labels.bytes)
        return Dataset(
            name: name, features: images.dimensions[1] * images.dimensions[2], classes: classes,
            inputs: Dataset.unitScaled(images.bytes), labels: labels.bytes.map { Int32($0) }, digest: digest.value)
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { ($0 << 8) | UInt32(bytes[offset + $1]) }
    }
}
