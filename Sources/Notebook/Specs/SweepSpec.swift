/// A `sweep` step: many runs of a base `train` step, varying some of its keys.
///
/// ```yaml
/// base: baseline                                  # a train step's id: every key of it, then:
/// epochs: 20                                      # overrides for all runs (any train key but seeds)
/// grid: { lr: [0.05, 0.1], batch: [32, 128] }     # cartesian product
/// zip:  { lr: [0.1, 0.2], batch: [32, 64] }       # paired lists, same length
/// scale: { beta: [1, 2, 4], lr: 0.025, batch: 8 } # lr = 0.025·β and batch = 8·β, one run per β
/// runs:                                           # an explicit list of named variants
///   - { name: CBS, batch: { cyclic: [32, 160], phase: 5 } }
/// seeds: [1, 2]                                   # every variant once per seed
/// ```
/// The variants are the product of `runs` × `grid` × `zip` × `scale` (each absent one adds a
/// single empty variant), repeated for each seed.
public struct SweepSpec: Decodable, Hashable, Sendable {
    public var base: String
    public var overrides: TrainOverride
    public var grid: TrainValues?
    public var zip: TrainValues?
    public var scale: ScaleSpec?
    public var runs: [TrainOverride]?
    public var seeds: [UInt64]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case base, grid, zip, scale, runs, seeds, seed
        case data, model, lr, batch, epochs, momentum, weightDecay = "weight_decay", evaluate, curvature
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        base = try c.decode(String.self, forKey: .base)
        overrides = try TrainOverride(from: decoder, lenient: true)
        grid = try c.decodeIfPresent(TrainValues.self, forKey: .grid)
        zip = try c.decodeIfPresent(TrainValues.self, forKey: .zip)
        scale = try c.decodeIfPresent(ScaleSpec.self, forKey: .scale)
        runs = try c.decodeIfPresent([TrainOverride].self, forKey: .runs)
        seeds = try c.decodeIfPresent([UInt64].self, forKey: .seeds)
            ?? c.decodeIfPresent(UInt64.self, forKey: .seed).map { [$0] }
        if let zip, Set(zip.lengths).count > 1 {
            throw SpecError(message: "the lists in 'zip' must have the same length, found \(zip.lengths)")
        }
        if grid?.lengths.contains(0) == true || zip?.lengths.contains(0) == true {
            throw SpecError(message: "a 'grid' or 'zip' list is empty")
        }
    }
}

/// Values that replace a base train step's keys in one variant.
public struct TrainOverride: Codable, Hashable, Sendable {
    /// A label for the variant (the `name` column).
    public var name: String?
    public var data: String?
    public var model: ModelSpec?
    public var lr: ScheduleSpec?
    public var batch: ScheduleSpec?
    public var epochs: Int?
    public var momentum: Double?
    public var weightDecay: Double?
    public var evaluate: Int?
    public var curvature: CurvatureSpec?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, data, model, lr, batch, epochs, momentum, weightDecay = "weight_decay", evaluate, curvature
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        try self.init(from: decoder, lenient: false)
    }

    /// Reads the override keys; `lenient` reads them from a mapping that has other keys too
    /// (the sweep's own), whose strictness the sweep checks.
    init(from decoder: any Decoder, lenient: Bool) throws {
        if lenient {
            try read(decoder.container(keyedBy: SweepSpec.CodingKeys.self))
        } else {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decodeIfPresent(String.self, forKey: .name)
            try read(c)
        }
    }

    /// Reads every train key from `c`, whose key type spells them as this type's keys do.
    private mutating func read<K: CodingKey>(_ c: KeyedDecodingContainer<K>) throws {
        func key(_ k: CodingKeys) -> K { K(stringValue: k.rawValue)! }
        data = try c.decodeIfPresent(String.self, forKey: key(.data))
        model = try c.decodeIfPresent(ModelSpec.self, forKey: key(.model))
        lr = try c.decodeIfPresent(ScheduleSpec.self, forKey: key(.lr))
        batch = try c.decodeIfPresent(ScheduleSpec.self, forKey: key(.batch))
        epochs = try c.decodeIfPresent(Int.self, forKey: key(.epochs))
        momentum = try c.decodeIfPresent(Double.self, forKey: key(.momentum))
        weightDecay = try c.decodeIfPresent(Double.self, forKey: key(.weightDecay))
        evaluate = try c.decodeIfPresent(Int.self, forKey: key(.evaluate))
        curvature = try c.decodeIfPresent(CurvatureSpec.self, forKey: key(.curvature))
    }

    /// `base` with every key this override sets replaced.
    public func applied(to base: TrainSpec) -> TrainSpec {
        var spec = base
        if let data { spec.data = data }
        if let model { spec.model = model }
        if let lr { spec.lr = lr }
        if let batch { spec.batch = batch }
        if let epochs { spec.epochs = epochs }
        if let momentum { spec.momentum = momentum }
        if let weightDecay { spec.weightDecay = weightDecay }
        if let evaluate { spec.evaluate = evaluate }
        if let curvature { spec.curvature = curvature }
        return spec
    }

    /// This override followed by `later` (later keys win).
    func merged(with later: TrainOverride) -> TrainOverride {
        var out = self
        if let v = later.name { out.name = [name, v].compactMap { $0 }.joined(separator: " ") }
        if let v = later.data { out.data = v }
        if let v = later.model { out.model = v }
        if let v = later.lr { out.lr = v }
        if let v = later.batch { out.batch = v }
        if let v = later.epochs { out.epochs = v }
        if let v = later.momentum { out.momentum = v }
        if let v = later.weightDecay { out.weightDecay = v }
        if let v = later.evaluate { out.evaluate = v }
        if let v = later.curvature { out.curvature = v }
        return out
    }
}

/// Lists of values per train key, for `grid` and `zip`.
public struct TrainValues: Codable, Hashable, Sendable {
    public var lr: [ScheduleSpec]?
    public var batch: [ScheduleSpec]?
    public var epochs: [Int]?
    public var momentum: [Double]?
    public var weightDecay: [Double]?
    public var data: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case lr, batch, epochs, momentum, weightDecay = "weight_decay", data
    }

    /// The length of each list given, in key order.
    var lengths: [Int] {
        [lr?.count, batch?.count, epochs?.count, momentum?.count, weightDecay?.count, data?.count].compactMap { $0 }
    }

    /// One override per value of each key, in key order (for combining).
    var axes: [[TrainOverride]] {
        var axes: [[TrainOverride]] = []
        func axis<V>(_ values: [V]?, _ set: (inout TrainOverride, V) -> Void) {
            guard let values else { return }
            axes.append(values.map { v in var o = TrainOverride(); set(&o, v); return o })
        }
        axis(lr) { $0.lr = $1 }
        axis(batch) { $0.batch = $1 }
        axis(epochs) { $0.epochs = $1 }
        axis(momentum) { $0.momentum = $1 }
        axis(weightDecay) { $0.weightDecay = $1 }
        axis(data) { $0.data = $1 }
        return axes
    }
}

/// `scale: {beta: [1, 2, 4], lr: 0.025, batch: 8}` — learning rate and batch size multiplied by β.
public struct ScaleSpec: Codable, Hashable, Sendable {
    public var beta: [Double]
    public var lr: Double?
    public var batch: Double?

    enum CodingKeys: String, CodingKey, CaseIterable { case beta, lr, batch }
}

extension SweepSpec: StepBody {
    public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }
    public var spec: StepSpec { .sweep(self) }
    public var references: [StepReference] {
        [StepReference(key: "base", id: base, kinds: [.train])]
            + (overrides.data.map { [StepReference(key: "data", id: $0, kinds: [.dataset])] } ?? [])
    }
}

extension SweepSpec {
    /// Variants of the sweep before seeds (runs × grid × zip × scale), nil on overflow: what a
    /// caller checks before expanding a sweep it did not write (the fuzzers).
    public var variantCount: Int? {
        var lengths = [runs?.count ?? 1, scale?.beta.count ?? 1]
        if let grid {
            lengths += [grid.lr?.count, grid.batch?.count, grid.epochs?.count, grid.momentum?.count,
                        grid.weightDecay?.count, grid.data?.count].compactMap { $0 }
        }
        if let zip {
            lengths.append([zip.lr?.count, zip.batch?.count, zip.epochs?.count, zip.momentum?.count,
                            zip.weightDecay?.count, zip.data?.count].compactMap { $0 }.first ?? 1)
        }
        var total = 1
        for n in lengths {
            let (product, overflow) = total.multipliedReportingOverflow(by: n)
            if overflow { return nil }
            total = product
        }
        return total
    }
}
