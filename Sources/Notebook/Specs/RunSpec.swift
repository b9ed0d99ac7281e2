/// One concrete training run: a `train` spec with a single seed, and the labels that tell it
/// apart from its siblings in a sweep (they become columns of the results).
public struct RunSpec: Codable, Hashable, Sendable {
    public var train: TrainSpec
    public var seed: UInt64
    /// The variant's name (from `runs:`), or nil.
    public var name: String?
    /// β of a `scale:` sweep, or nil.
    public var beta: Double?

    public init(train: TrainSpec, seed: UInt64, name: String? = nil, beta: Double? = nil) {
        var train = train
        train.seeds = nil
        self.train = train
        self.seed = seed
        self.name = name
        self.beta = beta
    }
}

extension SweepSpec {
    /// Every run of the sweep over `base`, in a stable order: variants (runs × grid × zip ×
    /// scale) in the order written, each once per seed.
    /// - Parameter defaultSeeds: The seeds when neither the sweep nor the base gives any.
    public func expand(base: TrainSpec, defaultSeeds: [UInt64]) -> [RunSpec] {
        var variants: [(TrainOverride, Double?)] = [(overrides, nil)]
        func combine(_ options: [TrainOverride]) {
            variants = variants.flatMap { v in options.map { (v.0.merged(with: $0), v.1) } }
        }
        if let runs { combine(runs) }
        for axis in grid?.axes ?? [] { combine(axis) }
        if let zip {
            let axes = zip.axes
            combine((0..<(axes.first?.count ?? 0)).map { i in axes.reduce(TrainOverride()) { $0.merged(with: $1[i]) } })
        }
        if let scale {
            variants = variants.flatMap { v in
                scale.beta.map { beta in
                    var o = v.0
                    let spec = o.applied(to: base)
                    if let lr = scale.lr { o.lr = .constant(lr * beta) } else { o.lr = spec.lr.scaled(by: beta) }
                    if let b = scale.batch { o.batch = .constant((b * beta).rounded()) } else {
                        o.batch = spec.batch.scaled(by: beta)
                    }
                    return (o, beta)
                }
            }
        }
        let seeds = self.seeds ?? base.seeds ?? defaultSeeds
        return variants.flatMap { variant in
            seeds.map { RunSpec(train: variant.0.applied(to: base), seed: $0, name: variant.0.name, beta: variant.1) }
        }
    }
}

extension TrainSpec {
    /// The runs of a plain `train` step: one per seed.
    public func expand(defaultSeeds: [UInt64]) -> [RunSpec] {
        (seeds ?? defaultSeeds).map { RunSpec(train: self, seed: $0) }
    }
}
