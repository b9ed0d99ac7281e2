/// Parses the CIFAR-10 binary format: records of one label byte followed by 3 072 pixel bytes
/// (the red, green and blue 32×32 planes, row-major), in `data_batch_1…5.bin` and `test_batch.bin`.
public enum CIFARReader {
    /// Bytes of one record: 1 label + 3 × 32 × 32 pixels.
    public static let recordSize = 3073

    /// The shape of one image: 32×32×3.
    public static let shape = TensorShape(height: 32, width: 32, channels: 3)

    /// Loads the records of the given batch files, in order, with pixels scaled to [0, 1]. The
    /// file's channel planes (CHW) are interleaved into the channels-last order every data set
    /// uses (HWC: pixel (y, x) holds red, green, blue at `(y·32 + x)·3 + c`).
    /// - Throws: ``DataError`` for missing, unreadable or truncated files and labels above 9.
    /// - Complexity: O(total file size).
    public static func dataset(name: String, files: [String]) throws -> Dataset {
        var pixels: [UInt8] = []
        var labels: [Int32] = []
        var digest = FNV1a()
        for path in files {
            // A batch holds 10,000 records; a file of more than 100,000 is not a CIFAR batch.
            let bytes = try GzipFile.read(path, limit: 100_000 * recordSize)
            guard !bytes.isEmpty, bytes.count % recordSize == 0 else {
                throw DataError.truncated(
                    path: path, detail: "\(bytes.count) bytes is not a whole number of \(recordSize)-byte records")
            }
            digest.combine(bytes)
            for record in stride(from: 0, to: bytes.count, by: recordSize) {
                guard bytes[record] < 10 else {
                    throw DataError.malformed(
                        path: path, detail: "label \(bytes[record]) outside 0..<10 in record \(record / recordSize)")
                }
                labels.append(Int32(bytes[record]))
                appendInterleaved(bytes[(record + 1)..<(record + recordSize)], to: &pixels)
            }
        }
        return Dataset(name: name, shape: shape, classes: 10, inputs: Dataset.unitScaled(pixels),
                       labels: labels, digest: digest.value)
    }

    /// Appends one image given as channel planes (`c·1024 + y·32 + x`) in HWC order (`(y·32 + x)·3 + c`).
    static func appendInterleaved(_ planes: ArraySlice<UInt8>, to pixels: inout [UInt8]) {
        let plane = shape.height * shape.width
        precondition(planes.count == plane * shape.channels, "CIFAR image of \(planes.count) bytes")
        let start = planes.startIndex
        for position in 0..<plane {
            for channel in 0..<shape.channels { pixels.append(planes[start + channel * plane + position]) }
        }
    }

    /// The five training batch files under `directory`.
    public static func trainingFiles(in directory: String) -> [String] {
        (1...5).map { "\(directory)/data_batch_\($0).bin" }
    }

    /// The test batch file under `directory`.
    public static func testFiles(in directory: String) -> [String] { ["\(directory)/test_batch.bin"] }
}
