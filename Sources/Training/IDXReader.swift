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
    /// - Complexity: O(file size), reading no more than the header announces plus 1 MB.
    public static func read(_ path: String, magic: UInt32) throws -> (dimensions: [Int], bytes: [UInt8]) {
        // The header is read and checked first; the data is then read only up to the size it
        // announces, so a gzip bomb or a header of absurd dimensions never fills the memory.
        var file = try GzipFile.Reader(path)
        let (dimensions, expected) = try readHeader(&file, magic: magic)
        let data = try file.read(upTo: expected)
        guard data.count == expected else {
            throw DataError.truncated(path: path, detail: "header announces \(expected) data bytes, file has \(data.count)")
        }
        let extra = try file.read(upTo: 1 << 20)
        guard extra.isEmpty else {
            throw DataError.malformed(path: path, detail: "\(extra.count == 1 << 20 ? "at least " : "")\(extra.count) unexpected bytes after the data")
        }
        return (dimensions, data)
    }

    /// The dimensions in the header of an IDX file whose magic must be `magic`, checked as
    /// ``read(_:magic:)`` checks them, without reading the data: the shape of a data set is
    /// known before it is loaded (`minima check`).
    /// - Throws: ``DataError`` for a missing, unreadable, truncated or mismatched header.
    /// - Complexity: O(1): the first 4 + 4 · rank bytes (of a `.gz` file, only the stream's
    ///   start is decompressed).
    public static func header(_ path: String, magic: UInt32) throws -> [Int] {
        var file = try GzipFile.Reader(path)
        return try readHeader(&file, magic: magic).dimensions
    }

    /// Reads and checks the magic and the dimensions; returns them with the data size they announce.
    private static func readHeader(_ file: inout GzipFile.Reader, magic: UInt32) throws -> (dimensions: [Int], dataBytes: Int) {
        let path = file.path
        let head = try file.read(upTo: 4)
        guard head.count == 4 else {
            throw DataError.truncated(path: path, detail: "\(head.count) bytes, shorter than the 4-byte magic")
        }
        let found = bigEndian(head, at: 0)
        guard found == magic else { throw DataError.badMagic(path: path, found: found, expected: magic) }
        let rank = Int(magic & 0xff)
        let headerSize = 4 + 4 * rank
        let header = try file.read(upTo: 4 * rank)
        guard header.count == 4 * rank else {
            throw DataError.truncated(path: path, detail: "\(4 + header.count) bytes, shorter than the \(headerSize)-byte header")
        }
        let dimensions = (0..<rank).map { Int(bigEndian(header, at: 4 * $0)) }
        guard !dimensions.contains(0) else {
            throw DataError.malformed(path: path, detail: "header has a zero dimension: \(dimensions)")
        }
        let (expected, overflow) = dimensions.reduce((1, false)) { partial, d in
            let (product, o) = partial.0.multipliedReportingOverflow(by: d)
            return (product, partial.1 || o)
        }
        guard !overflow, expected <= maximumDataBytes else {
            throw DataError.malformed(path: path, detail: "header dimensions \(dimensions) announce more than \(maximumDataBytes) data bytes")
        }
        return (dimensions, expected)
    }

    /// The classes of an IDX set's labels (MNIST's digits, Fashion-MNIST's garments).
    public static let classes = 10

    /// The largest data an IDX file may announce: 2³² bytes (MNIST's training images are 47 MB), so a
    /// header of absurd dimensions is an error, not an attempt to read terabytes.
    public static let maximumDataBytes = 1 << 32

    /// Loads an image file and its label file into a data set with pixels scaled to [0, 1]; the
    /// samples keep their shape, `rows × columns × 1` (28×28×1 for MNIST).
    /// - Throws: ``DataError`` for file errors, differing counts or labels outside 0..<`classes`.
    public static func dataset(
        name: String, images imagePath: String, labels labelPath: String, classes: Int = IDXReader.classes
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
            name: name, shape: TensorShape(height: images.dimensions[1], width: images.dimensions[2], channels: 1),
            classes: classes,
            inputs: Dataset.unitScaled(images.bytes), labels: labels.bytes.map { Int32($0) }, digest: digest.value)
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { ($0 << 8) | UInt32(bytes[offset + $1]) }
    }
}
