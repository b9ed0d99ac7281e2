/// What the band around a mean over replicates shows.
public enum BandKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// ± one sample standard deviation of the replicates.
    case std
    /// ± the standard error of the mean, std / √n.
    case sem
    /// The t-based 95 % confidence interval of the mean, ± t(0.975, n − 1) · std / √n.
    case ci95
    /// No band: only the mean.
    case none
}

/// Explicit axis ranges, written `limits: {x: [1e-4, 1e-2], y: [0.7, 0.9]}`.
public struct AxisLimits: Codable, Hashable, Sendable {
    /// `[lower, upper]` of each axis, or nil for the data's range.
    public var x: [Double]?
    public var y: [Double]?
    public var y2: [Double]?

    enum CodingKeys: String, CodingKey, CaseIterable { case x, y, y2 }

    /// Creates a value from its parts.
    public init(x: [Double]? = nil, y: [Double]? = nil, y2: [Double]? = nil) {
        self.x = x; self.y = y; self.y2 = y2
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        x = try c.decodeIfPresent([Double].self, forKey: .x)
        y = try c.decodeIfPresent([Double].self, forKey: .y)
        y2 = try c.decodeIfPresent([Double].self, forKey: .y2)
        for (key, range) in [(CodingKeys.x, x), (.y, y), (.y2, y2)] {
            guard let range else { continue }
            let problem: String? = range.count != 2
                ? "needs two numbers [lower, upper], found \(range.count)"
                : !range.allSatisfy(\.isFinite) ? "needs finite numbers"
                : range[0] >= range[1]
                    ? "needs lower < upper, found [\(NumberFormatting.plain(range[0])), \(NumberFormatting.plain(range[1]))]; write e.g. [\(NumberFormatting.plain(min(range[0], range[1]))), \(NumberFormatting.plain(max(range[0], range[1])))]"
                : nil
            if let problem {
                throw SpecError(message: "'limits.\(key.stringValue)' \(problem)")
            }
        }
    }
}
