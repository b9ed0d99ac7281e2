/// Per-channel standardisation of images: `x ← (x − mean_c) / std_c`, with the mean and the
/// (population) standard deviation of each channel taken over every pixel of a reference set,
/// normally the training split, and applied unchanged to the test split.
public struct ChannelStatistics: Codable, Hashable, Sendable {
    /// Mean of each channel.
    public var mean: [Double]
    /// Standard deviation of each channel (1 for a constant channel, so it is only centred).
    public var standardDeviation: [Double]

    /// The statistics of `data`'s channels, accumulated in `Double` in index order.
    /// - Complexity: O(count · shape.count).
    public init(of data: Dataset) {
        let channels = data.shape.channels
        var sum = [Double](repeating: 0, count: channels)
        var squares = [Double](repeating: 0, count: channels)
        data.inputs.withUnsafeBufferPointer { x in
            for i in 0..<x.count {
                let v = Double(x[i])
                sum[i % channels] += v
                squares[i % channels] += v * v
            }
        }
        let n = Double(max(data.count * data.shape.height * data.shape.width, 1))
        mean = sum.map { $0 / n }
        standardDeviation = zip(squares, mean).map { s, m in
            let variance = max(s / n - m * m, 0)
            return variance > 0 ? variance.squareRoot() : 1
        }
    }
}

extension Dataset {
    /// The set standardised per channel with `statistics` (the digest records the statistics).
    public func normalized(by statistics: ChannelStatistics) -> Dataset {
        precondition(statistics.mean.count == shape.channels,
                     "normalized: \(statistics.mean.count) channel statistics for \(shape.channels) channels")
        var out = self
        let channels = shape.channels
        let mean = statistics.mean.map(Float.init)
        let scale = statistics.standardDeviation.map { Float(1 / $0) }
        out.inputs.withUnsafeMutableBufferPointer { x in
            for i in 0..<x.count { x[i] = (x[i] - mean[i % channels]) * scale[i % channels] }
        }
        var hasher = FNV1a()
        hasher.combine(digest)
        hasher.combine((statistics.mean + statistics.standardDeviation).map { Int64(bitPattern: $0.bitPattern) })
        out.digest = hasher.value
        return out
    }
}

extension DataSplit {
    /// Both halves standardised per channel with the training half's statistics.
    public func normalizedPerChannel() -> DataSplit {
        let statistics = ChannelStatistics(of: train)
        return DataSplit(train: train.normalized(by: statistics), test: test.normalized(by: statistics))
    }
}
