/// A `measure` step: curvature and noise metrics at the final parameters of every run of a
/// `train` or `sweep` step.
///
/// ```yaml
/// of: ratio                         # a train or sweep step
/// metrics: [lambda_max, trace_h]    # lambda_max, trace_h, frobenius_h, trace_c, loss, accuracy
/// samples: 2000                     # fixed class-balanced training subset the metrics use
/// power_steps: 20                   # power-iteration steps for lambda_max
/// probes: 10                        # Rademacher probes for trace_h and frobenius_h
/// seed: 0                           # draws the subset, start vector and probes
/// ```
public struct MeasureSpec: Codable, Hashable, Sendable {
    public var of: String
    public var metrics: [Metric]
    public var samples: Int
    public var powerSteps: Int
    public var probes: Int
    public var seed: UInt64

    enum CodingKeys: String, CodingKey, CaseIterable {
        case of, metrics, samples, powerSteps = "power_steps", probes, seed
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        of = try c.decode(String.self, forKey: .of)
        metrics = try c.decodeIfPresent([Metric].self, forKey: .metrics) ?? [.lambdaMax, .traceH]
        samples = try c.decodeIfPresent(Int.self, forKey: .samples) ?? 2000
        powerSteps = try c.decodeIfPresent(Int.self, forKey: .powerSteps) ?? 20
        probes = try c.decodeIfPresent(Int.self, forKey: .probes) ?? 10
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        guard samples >= 10 else { throw SpecError(message: "'samples' must be at least 10, found \(samples)") }
        guard powerSteps >= 1, probes >= 1 else { throw SpecError(message: "'power_steps' and 'probes' must be at least 1") }
    }
}

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

/// A `simulate` step: SGD on linear regression (the SDE toy), measured against theory.
///
/// ```yaml
/// dim: 20                 # parameters
/// spectrum: [0.1, 2]      # covariance eigenvalues, log-spaced, randomly rotated
/// n: 20000                # training examples (a list makes a grid)
/// noise: 1                # label noise σ
/// chains: 16              # independent chains started at the optimum
/// steps: 200000           # SGD steps per chain; the excess loss is averaged over the second half
/// sampling: [iid, distinct, reshuffle]   # batch sampling modes (a list makes a grid)
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
    public var steps: Int
    public var sampling: [Sampling]
    public var ratio: [Double]?
    public var batch: [Int]?
    public var scale: ScaleSpec?
    public var seed: UInt64

    enum CodingKeys: String, CodingKey, CaseIterable {
        case dim, spectrum, n, noise, chains, steps, sampling, ratio, batch, scale, seed
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dim = try c.decodeIfPresent(Int.self, forKey: .dim) ?? 20
        spectrum = try c.decodeIfPresent([Double].self, forKey: .spectrum) ?? [0.1, 2]
        n = try c.decodeIfPresent([Int].self, forKey: .n) ?? [20000]
        noise = try c.decodeIfPresent(Double.self, forKey: .noise) ?? 1
        chains = try c.decodeIfPresent(Int.self, forKey: .chains) ?? 16
        steps = try c.decodeIfPresent(Int.self, forKey: .steps) ?? 200_000
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
        guard steps >= 2, chains >= 1, dim >= 1 else { throw SpecError(message: "'steps', 'chains' and 'dim' must be positive") }
    }

    /// One simulated setting.
    public struct Point: Codable, Hashable, Sendable {
        public var sampling: Sampling
        public var n: Int
        public var lr: Double
        public var batch: Int
        public var beta: Double?
    }

    /// Every setting, in a stable order: sampling × n × (ratio × batch, or β).
    public var points: [Point] {
        var out: [Point] = []
        for mode in sampling {
            for size in n {
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
