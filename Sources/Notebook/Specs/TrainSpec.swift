/// A `train` step: one model trained with SGD, once per seed.
///
/// ```yaml
/// data: fmnist                 # a dataset step's id
/// model: { mlp: [256, 256] }   # or {vgg: [...], dense: [...]}, {resnet: {...}}, {layers: [...]} (ModelSpec)
/// lr: 0.1                      # a number or a schedule (see ScheduleSpec)
/// batch: 128                   # a number or a schedule; the last partial batch is dropped
/// epochs: 40
/// momentum: 0                  # plain SGD by default
/// weight_decay: 0
/// seeds: [1, 2]                # one run per seed (default: the front matter's seeds)
/// evaluate: 2000              # per-epoch metrics on fixed subsets of this size of each split (all when absent)
/// curvature: { at: [10, 40], samples: 2000, power_steps: 20, probes: 10 }
/// diverge: { loss_ratio: 10 }  # when a run counts as diverged and stops (default 10; or 'off')
/// augment: { crop: 4, flip: true }  # random crops (zero padding 4) and horizontal flips of each batch
///                                   # (default: the data set's `augment`; `off` trains on the data as it is)
/// ```
public struct TrainSpec: Codable, Hashable, Sendable {
    public var data: String
    public var model: ModelSpec
    public var lr: ScheduleSpec
    public var batch: ScheduleSpec
    public var epochs: Int
    public var momentum: Double
    public var weightDecay: Double
    public var seeds: [UInt64]?
    public var evaluate: Int?
    public var curvature: CurvatureSpec?
    /// The divergence rule; nil is the default rule (and leaves the cache key as it was).
    public var diverge: DivergeSpec?
    /// Augmentation of the training batches as written; nil takes the data set's (see
    /// ``resolvingAugment(from:)``), and with neither the run trains on the data as it is (and
    /// keeps the cache key it had before augmentation existed).
    public var augment: AugmentSpec?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case data, model, lr, batch, epochs, momentum, weightDecay = "weight_decay", seeds, seed, evaluate, curvature
        case diverge, augment
    }

    /// The loss ratio above which a run counts as diverged, or nil when the rule is off.
    public var divergenceLossRatio: Double? {
        switch diverge {
        case nil: return DivergeSpec.defaultLossRatio
        case .off?: return nil
        case .lossRatio(let r)?: return r
        }
    }

    public init(data: String, model: ModelSpec, lr: ScheduleSpec, batch: ScheduleSpec, epochs: Int,
                momentum: Double = 0, weightDecay: Double = 0, seeds: [UInt64]? = nil,
                evaluate: Int? = nil, curvature: CurvatureSpec? = nil) {
        self.data = data
        self.model = model
        self.lr = lr
        self.batch = batch
        self.epochs = epochs
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.seeds = seeds
        self.evaluate = evaluate
        self.curvature = curvature
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        data = try c.decode(String.self, forKey: .data)
        model = try c.decode(ModelSpec.self, forKey: .model)
        lr = try c.decode(ScheduleSpec.self, forKey: .lr)
        batch = try c.decode(ScheduleSpec.self, forKey: .batch)
        epochs = try c.decode(Int.self, forKey: .epochs)
        momentum = try c.decodeIfPresent(Double.self, forKey: .momentum) ?? 0
        weightDecay = try c.decodeIfPresent(Double.self, forKey: .weightDecay) ?? 0
        if c.contains(.seed) && c.contains(.seeds) {
            throw SpecError(message: "give either 'seed' or 'seeds', not both")
        }
        seeds = try c.decodeIfPresent([UInt64].self, forKey: .seeds)
            ?? c.decodeIfPresent(UInt64.self, forKey: .seed).map { [$0] }
        evaluate = try c.decodeIfPresent(Int.self, forKey: .evaluate)
        curvature = try c.decodeIfPresent(CurvatureSpec.self, forKey: .curvature)
        diverge = try c.decodeIfPresent(DivergeSpec.self, forKey: .diverge)
        augment = try c.decodeIfPresent(AugmentSpec.self, forKey: .augment)
        try validate()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(data, forKey: .data)
        try c.encode(model, forKey: .model)
        try c.encode(lr, forKey: .lr)
        try c.encode(batch, forKey: .batch)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(momentum, forKey: .momentum)
        try c.encode(weightDecay, forKey: .weightDecay)
        try c.encodeIfPresent(seeds, forKey: .seeds)
        try c.encodeIfPresent(evaluate, forKey: .evaluate)
        try c.encodeIfPresent(curvature, forKey: .curvature)
        try c.encodeIfPresent(diverge, forKey: .diverge)
        try c.encodeIfPresent(augment, forKey: .augment)
    }

    /// Checks the ranges that YAML types cannot express.
    /// - Throws: `SpecError` naming the key and the value found.
    public func validate() throws {
        guard epochs >= 1 else { throw SpecError(message: "'epochs' must be at least 1, found \(epochs)") }
        guard lr.values.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw SpecError(message: "'lr' must be positive, found \(lr)")
        }
        // The upper bound keeps Schedule.integerValue's Int conversion from trapping at run time.
        guard batch.values.allSatisfy({ $0 >= 1 && $0 <= 1e9 && $0 == $0.rounded() }) else {
            throw SpecError(message: "'batch' must be whole numbers of at least 1 (and at most 10⁹), found \(batch)")
        }
        guard (0..<1).contains(momentum) else {
            throw SpecError(message: "'momentum' must be in [0, 1), found \(momentum)")
        }
        // SGD's initializer traps on a negative decay; an infinite one makes every weight NaN.
        guard weightDecay >= 0 && weightDecay.isFinite else {
            throw SpecError(message: "'weight_decay' must be a finite number of at least 0, found \(weightDecay)")
        }
        if let evaluate, evaluate < 1 {
            throw SpecError(message: "'evaluate' must be at least 1 example, found \(evaluate)",
                            notes: ["leave 'evaluate' out to measure every epoch on the full sets"])
        }
        if let curvature, let late = curvature.at.first(where: { $0 < 0 || $0 > epochs }) {
            throw SpecError(message: "'curvature.at' epoch \(late) is outside 0…\(epochs)")
        }
    }
}

/// When a training run counts as diverged: `diverge: {loss_ratio: R}` flags (and stops) a run
/// whose training loss at an epoch end exceeds R × ln(classes), the loss of a chance-level
/// prediction, which is where a freshly initialised network starts; `diverge: off` flags only
/// non-finite losses. A non-finite loss always stops the run.
///
/// The default R = 10 (23 nats for 10 classes): a healthy run starts near ln(classes) and
/// falls, noisy SGD at a large but workable learning rate spikes to 2–3× at most, while a run
/// at 10× does far worse than guessing and does not come back.
public enum DivergeSpec: Codable, Hashable, Sendable {
    case off
    case lossRatio(Double)

    public static let defaultLossRatio = 10.0

    enum CodingKeys: String, CodingKey, CaseIterable { case lossRatio = "loss_ratio" }

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            guard ["off", "false", "no"].contains(text.lowercased()) else {
                throw SpecError(message: "'diverge' must be 'off' or {loss_ratio: R}, found '\(text)'")
            }
            self = .off
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let ratio = try c.decode(Double.self, forKey: .lossRatio)
        guard ratio > 1 && ratio.isFinite else {
            throw SpecError(message: "'diverge.loss_ratio' must be a finite number above 1, found \(ratio)")
        }
        self = .lossRatio(ratio)
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .off:
            var c = encoder.singleValueContainer()
            try c.encode("off")
        case .lossRatio(let r):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(r, forKey: .lossRatio)
        }
    }
}

/// `augment: {crop: P, flip: true}`: each training batch is cropped at a random offset after
/// zero padding of P pixels on every side, and half of its images are mirrored left to right;
/// the draws come from a stream of (run seed, epoch, batch), so runs are reproducible on any
/// machine. Evaluation and measurements see the data as it is.
///
/// Written on a `dataset` step it applies to every run trained on that set; a `train` step's own
/// `augment` wins, and `augment: off` there (the same as `{crop: 0, flip: false}`, which it
/// decodes to) trains on the data as it is.
public struct AugmentSpec: Codable, Hashable, Sendable {
    public var crop: Int
    public var flip: Bool

    enum CodingKeys: String, CodingKey, CaseIterable { case crop, flip }

    public init(crop: Int = 0, flip: Bool = false) {
        self.crop = crop
        self.flip = flip
    }

    /// `augment: off`: no crop, no flip.
    public static let off = AugmentSpec()

    /// Whether it changes any sample (a crop or a flip).
    public var isActive: Bool { crop > 0 || flip }

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            guard ["off", "false", "no"].contains(text.lowercased()) else {
                throw SpecError(message: "'augment' must be 'off' or {crop: P, flip: true}, found '\(text)'")
            }
            self = .off
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        crop = try c.decodeIfPresent(Int.self, forKey: .crop) ?? 0
        flip = try c.decodeIfPresent(Bool.self, forKey: .flip) ?? false
        guard crop >= 0 else { throw SpecError(message: "'augment.crop' must be at least 0 pixels, found \(crop)") }
    }
}

/// Curvature measured during training, at chosen epochs (0 is the initial point).
public struct CurvatureSpec: Codable, Hashable, Sendable {
    public var at: [Int]
    public var metrics: [Metric]
    /// Training examples the Hessian is taken over (a fixed subset).
    public var samples: Int
    public var powerSteps: Int
    public var probes: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case at, metrics, samples, powerSteps = "power_steps", probes
    }

    public init(at: [Int], metrics: [Metric] = [.lambdaMax, .traceH], samples: Int = 2000,
                powerSteps: Int = 20, probes: Int = 10) {
        self.at = at
        self.metrics = metrics
        self.samples = samples
        self.powerSteps = powerSteps
        self.probes = probes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        at = try c.decode([Int].self, forKey: .at)
        metrics = try c.decodeIfPresent([Metric].self, forKey: .metrics) ?? [.lambdaMax, .traceH]
        samples = try c.decodeIfPresent(Int.self, forKey: .samples) ?? 2000
        powerSteps = try c.decodeIfPresent(Int.self, forKey: .powerSteps) ?? 20
        probes = try c.decodeIfPresent(Int.self, forKey: .probes) ?? 10
    }
}

/// A quantity `measure` (and `train`'s `curvature`) can compute at a trained point.
public enum Metric: String, Codable, Hashable, Sendable, CaseIterable {
    case lambdaMax = "lambda_max", traceH = "trace_h", frobeniusH = "frobenius_h", traceC = "trace_c"
    case loss, accuracy

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let metric = Metric(rawValue: text) else {
            throw SpecError(message: "unknown metric '\(text)'",
                            notes: Suggestion.note(for: text, in: Metric.allCases.map(\.rawValue))
                                + ["metrics: \(Metric.allCases.map(\.rawValue).joined(separator: ", "))"])
        }
        self = metric
    }
}

extension KeyedDecodingContainer {
    /// Decodes a `String`-backed enum, with the valid choices and a suggestion in the error.
    func decodeEnum<E: RawRepresentable & CaseIterable>(_ type: E.Type, forKey key: Key) throws -> E?
    where E.RawValue == String {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let value = E(rawValue: text) else {
            let choices = E.allCases.map(\.rawValue)
            throw SpecError(message: "'\(key.stringValue)' must be one of \(choices.joined(separator: ", ")), found '\(text)'",
                            notes: Suggestion.note(for: text, in: choices))
        }
        return value
    }
}

extension TrainSpec {
    /// This spec with the augmentation its runs use: its own `augment` when written (`off`
    /// included), else that of `dataset`, the data set it trains on. Resolved before a run is
    /// keyed, so a data set's augment and the same augment written on the `train` step give the
    /// same run and the same key, and a run with neither keeps its key.
    public func resolvingAugment(from dataset: DatasetSpec?) -> TrainSpec {
        guard augment == nil, let inherited = dataset?.augment else { return self }
        var resolved = self
        resolved.augment = inherited
        return resolved
    }
}

extension TrainSpec: StepBody {
    public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }
    public var spec: StepSpec { .train(self) }
    public var references: [StepReference] { [StepReference(key: "data", id: data, kinds: [.dataset])] }
}
