/// A labelled classification set in memory: `count` samples of `shape` (height × width ×
/// channels, HWC order), row-major. A plain feature vector is `1 × 1 × features`.
///
/// When label noise was applied, ``labels`` are the (partly random) training labels, ``cleanLabels``
/// the originals and ``corruptedIndices`` the samples whose label was replaced.
public struct Dataset: Equatable, Sendable {
    /// The set's name (`"fashion-mnist/train"`, `"blobs/test"`, …).
    public var name: String
    /// The shape of one sample: 28×28×1 for IDX images, 32×32×3 for CIFAR-10, `1×1×n` for vectors.
    public let shape: TensorShape
    /// Floats per sample (784 for 28×28 images): `shape.count`.
    public var features: Int { shape.count }
    /// Number of classes; labels are in `0..<classes`.
    public let classes: Int
    /// Inputs, [count, features] row-major (images scaled to [0, 1]).
    public internal(set) var inputs: [Float]
    /// The labels training sees, [count].
    public internal(set) var labels: [Int32]
    /// The original labels, [count]; equal to ``labels`` without label noise.
    public internal(set) var cleanLabels: [Int32]
    /// Ascending indices of the samples whose label was replaced by a wrong random label.
    public internal(set) var corruptedIndices: [Int]
    /// A 64-bit FNV-1a content digest: of the source files' decompressed bytes for a loaded set,
    /// extended with the chosen indices and the new labels by ``balancedSubset(_:seed:)`` and
    /// ``withLabelNoise(fraction:seed:)``. Not cryptographic; the Runner hashes it further.
    public internal(set) var digest: UInt64

    /// A data set of feature vectors (`1 × 1 × features`); `inputs.count` must be `labels.count · features`.
    public init(name: String, features: Int, classes: Int, inputs: [Float], labels: [Int32], digest: UInt64) {
        precondition(features > 0, "Dataset: \(features) features")
        self.init(name: name, shape: .vector(features), classes: classes, inputs: inputs, labels: labels, digest: digest)
    }

    /// A data set of samples of `shape` (HWC); `inputs.count` must be `labels.count · shape.count`.
    public init(name: String, shape: TensorShape, classes: Int, inputs: [Float], labels: [Int32], digest: UInt64) {
        precondition(inputs.count == labels.count * shape.count,
                     "Dataset: \(inputs.count) inputs for \(labels.count) samples of \(shape)")
        precondition(labels.allSatisfy { $0 >= 0 && Int($0) < classes }, "Dataset: labels outside 0..<\(classes)")
        self.name = name
        self.shape = shape
        self.classes = classes
        self.inputs = inputs
        self.labels = labels
        self.cleanLabels = labels
        self.corruptedIndices = []
        self.digest = digest
    }

    /// Number of samples.
    public var count: Int { labels.count }

    /// The samples at `indices`, in the given order (corruption marks carried along).
    public func selecting(_ indices: [Int]) -> Dataset {
        var subset = self
        var newInputs = [Float](repeating: 0, count: indices.count * features)
        newInputs.withUnsafeMutableBufferPointer { out in
            inputs.withUnsafeBufferPointer { source in
                for (row, index) in indices.enumerated() {
                    (out.baseAddress! + row * features).update(from: source.baseAddress! + index * features, count: features)
                }
            }
        }
        subset.inputs = newInputs
        subset.labels = indices.map { labels[$0] }
        subset.cleanLabels = indices.map { cleanLabels[$0] }
        let position = Dictionary(indices.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        subset.corruptedIndices = corruptedIndices.compactMap { position[$0] }.sorted()
        var hasher = FNV1a()
        hasher.combine(digest)
        hasher.combine(indices.map { Int64($0) })
        subset.digest = hasher.value
        return subset
    }

    /// Bytes scaled to [0, 1] by `/ 255`.
    static func unitScaled(_ bytes: [UInt8]) -> [Float] {
        bytes.map { Float($0) / 255 }
    }
}
