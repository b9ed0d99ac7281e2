/// A `simulate` step: SGD on linear regression (the SDE toy), measured against theory.
///
/// ```yaml
/// dim: 20                 # parameters
/// spectrum: [0.1, 2]      # covariance eigenvalues, log-spaced, randomly rotated
/// n: 20000                # training examples (a list makes a grid)
/// noise: 1                # label noise σ
/// chains: 16              # independent chains started at the optimum
/// steps: 200000           # SGD steps per chain (default: 20 relaxation times of the slowest
///                         #   direction); the excess loss is averaged over the second half
/// sampling: [iid, distinct, reshuffle]   # batch sampling modes (a list makes a grid with n)
/// cases:                  # instead of sampling × n: explicit (sampling, n) pairs
///   - { sampling: iid, n: 20000 }
///   - { sampling: distinct, n: 500 }
/// ratio: [1e-4, 1e-3]     # η/S values, with `batch: [1, 4]`: η = ratio·S
/// batch: [1, 4, 16]
/// scale: { beta: [1, 2, 5], lr: 0.009, batch: 2 }   # instead of ratio: η = lr·β, S = batch·β
/// seed: 1
/// ```
public struct SimulateSpec: Codable, Hashable, Sendable {
    public enum Sampling: String, Codable, Hashable, Sendable, CaseIterable { case iid, distinct, reshuffle }

    public var dim: Int
    public var spectrum: [Double]
    public var n: [Int]
    public var noise: Double
    public var chains: Int
    public var steps: Int?
    public var sampling: [Sampling]
    public var cases: [Case]?
    public var ratio: [Double]?
    public var batch: [Int]?
    public var scale: ScaleSpec?
    public var seed: UInt64

    enum CodingKeys: String, CodingKey, CaseIterable {
        case dim, spectrum, n, noise, chains, steps, sampling, cases, ratio, batch, scale, seed
    }

    /// One (sampling mode, sample size) pair of `cases`.
    public struct Case: Codable, Hashable, Sendable {
        public var sampling: Sampling
        public var n: Int
        enum CodingKeys: String, CodingKey, CaseIterable { case sampling, n }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            sampling = try c.decodeEnum(Sampling.self, forKey: .sampling) ?? .iid
            n = try c.decode(Int.self, forKey: .n)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dim = try c.decodeIfPresent(Int.self, forKey: .dim) ?? 20
        spectrum = try c.decodeIfPresent([Double].self, forKey: .spectrum) ?? [0.1, 2]
        n = try c.decodeIfPresent([Int].self, forKey: .n) ?? [20000]
        noise = try c.decodeIfPresent(Double.self, forKey: .noise) ?? 1
        chains = try c.decodeIfPresent(Int.self, forKey: .chains) ?? 16
        steps = try c.decodeIfPresent(Int.self, forKey: .steps)
        cases = try c.decodeIfPresent([Case].self, forKey: .cases)
        if cases != nil && (c.contains(.sampling) || c.contains(.n)) {
            throw SpecError(message: "give either 'cases' or 'sampling' and 'n', not both")
        }
        let modes = try c.decodeIfPresent([String].self, forKey: .sampling) ?? ["iid"]
        sampling = try modes.map { text in
            guard let mode = Sampling(rawValue: text) else {
                throw SpecError(message: "'sampling' must be iid, distinct or reshuffle, found '\(text)'",
                                notes: Suggestion.note(for: text, in: Sampling.allCases.map(\.rawValue)))
            }
            return mode
        }
        ratio = try c.decodeIfPresent([Double].self, forKey: .ratio)
        batch = try c.decodeIfPresent([Int].self, forKey: .batch)
        scale = try c.decodeIfPresent(ScaleSpec.self, forKey: .scale)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        guard spectrum.count == 2, spectrum[0] > 0, spectrum[1] >= spectrum[0] else {
            throw SpecError(message: "'spectrum' must be [low, high] with 0 < low ≤ high")
        }
        guard (ratio != nil) != (scale != nil) else {
            throw SpecError(message: "give either 'ratio' (with 'batch') or 'scale', not both or neither")
        }
        if ratio != nil && batch == nil { throw SpecError(message: "'ratio' needs 'batch' (the batch sizes)") }
        guard (steps ?? 2) >= 2, chains >= 1, dim >= 1 else { throw SpecError(message: "'steps', 'chains' and 'dim' must be positive") }
        // `points` rounds batch·β to an Int: a product that is not finite or too large would trap there.
        if let scale, let bad = scale.beta.first(where: { !(((scale.batch ?? 1) * $0).magnitude < 1e15) }) {
            throw SpecError(message: "'scale' gives a batch size out of range for β = \(bad)")
        }
    }

    /// One simulated setting.
    public struct Point: Codable, Hashable, Sendable {
        public var sampling: Sampling
        public var n: Int
        public var lr: Double
        public var batch: Int
        public var beta: Double?
    }

    /// Every setting, in a stable order: (sampling × n, or cases) × (ratio × batch, or β).
    public var points: [Point] {
        var out: [Point] = []
        let pairs = cases.map { $0.map { ($0.sampling, $0.n) } } ?? sampling.flatMap { mode in n.map { (mode, $0) } }
        for (mode, size) in pairs {
            do {
                if let scale {
                    for beta in scale.beta {
                        out.append(Point(sampling: mode, n: size, lr: (scale.lr ?? 0.01) * beta,
                                         batch: Int(((scale.batch ?? 1) * beta).rounded()), beta: beta))
                    }
                } else {
                    for r in ratio ?? [] {
                        for s in batch ?? [] { out.append(Point(sampling: mode, n: size, lr: r * Double(s), batch: s, beta: nil)) }
                    }
                }
            }
        }
        return out
    }
}

extension SimulateSpec: StepBody {
    public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }
    public var spec: StepSpec { .simulate(self) }
    public var references: [StepReference] { [] }
}
