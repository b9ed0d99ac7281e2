/// An `interpolate` step: the loss along θ(α) = (1−α)·θ_from + α·θ_to between pairs of runs.
///
/// ```yaml
/// of: ratio
/// pairs:
///   - { from: { lr: 0.1, batch: 32 }, to: { lr: 0.1, batch: 256 } }
/// alpha: { from: -1, to: 2, points: 31 }
/// samples: 10000        # training examples for the loss (all of the run's training set when absent)
/// ```
/// A pair's `from` and `to` pick runs by their columns (`lr`, `batch`, `name`, `beta`, `seed`);
/// when each matches several seeds, the i-th seeds are paired.
public struct InterpolateSpec: Codable, Hashable, Sendable {
    public var of: String
    public var pairs: [RunPair]
    public var alpha: AlphaGrid
    public var samples: Int?

    enum CodingKeys: String, CodingKey, CaseIterable { case of, pairs, alpha, samples }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        of = try c.decode(String.self, forKey: .of)
        pairs = try c.decode([RunPair].self, forKey: .pairs)
        alpha = try c.decodeIfPresent(AlphaGrid.self, forKey: .alpha) ?? AlphaGrid()
        samples = try c.decodeIfPresent(Int.self, forKey: .samples)
        guard !pairs.isEmpty else { throw SpecError(message: "'pairs' is empty") }
    }

    /// Two run selectors.
    public struct RunPair: Codable, Hashable, Sendable {
        public var from: [String: Cell]
        public var to: [String: Cell]
        public var label: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case from, to, label }
    }

    /// Evenly spaced α values.
    public struct AlphaGrid: Codable, Hashable, Sendable {
        public var from: Double = -1
        public var to: Double = 2
        public var points: Int = 31

        enum CodingKeys: String, CodingKey, CaseIterable { case from, to, points }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            from = try c.decodeIfPresent(Double.self, forKey: .from) ?? -1
            to = try c.decodeIfPresent(Double.self, forKey: .to) ?? 2
            points = try c.decodeIfPresent(Int.self, forKey: .points) ?? 31
            guard points >= 2 else { throw SpecError(message: "'alpha.points' must be at least 2") }
        }

        /// The α values, first to last.
        public var values: [Double] {
            (0..<points).map { from + (to - from) * Double($0) / Double(points - 1) }
        }
    }
}


extension InterpolateSpec: StepBody {
    public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }
    public var spec: StepSpec { .interpolate(self) }
    public var references: [StepReference] { [StepReference(key: "of", id: of, kinds: StepKind.runKinds)] }
}
