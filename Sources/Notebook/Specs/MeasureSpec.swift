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


extension MeasureSpec: StepBody {
    public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }
    public var spec: StepSpec { .measure(self) }
    public var references: [StepReference] { [StepReference(key: "of", id: of, kinds: StepKind.runKinds)] }
}
