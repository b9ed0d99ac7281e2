import Notebook

/// One independently computable piece of a step: plain data, so it can be keyed, written to a
/// job manifest and run by another process (`minima worker`).
public enum WorkUnit: Codable, Hashable, Sendable {
    /// One training run.
    case run(RunUnit)
    /// Metrics at one run's final parameters.
    case measure(MeasureUnit)
    /// The loss along the line between two runs.
    case interpolate(InterpolateUnit)
    /// One setting of the linear-regression SDE toy.
    case simulate(SimulateUnit)

    /// The unit's content address (computed once per process: see `KeyMemos`).
    public var key: CacheKey {
        KeyMemos.units.key(for: self) { $0.computedKey }
    }

    private var computedKey: CacheKey {
        switch self {
        case .run(let u): return u.key
        case .measure(let u): return CacheKey(kind: "measure", spec: u.settings, upstream: [u.run.key])
        case .interpolate(let u):
            return CacheKey(kind: "interpolate", spec: u.settings, upstream: [u.from.key, u.to.key])
        case .simulate(let u): return CacheKey(kind: "simulate", spec: u)
        }
    }

    /// The run units this one reads (their results must exist first).
    public var inputs: [RunUnit] {
        switch self {
        case .run, .simulate: return []
        case .measure(let u): return [u.run]
        case .interpolate(let u): return [u.from, u.to]
        }
    }

    /// How many units lie on the longest chain of units this one reads: 0 for a unit that reads
    /// none (a run, a simulation), 1 for one that reads runs. Units of one depth run together,
    /// after all units of smaller depths.
    public var depth: Int {
        inputs.map { WorkUnit.run($0).depth + 1 }.max() ?? 0
    }

    /// The training runs behind this unit: itself for a run, else the runs it reads.
    public var runs: [RunUnit] {
        if case .run(let u) = self { return [u] }
        return inputs
    }

    /// A short human label for progress lines: "lr=0.1 batch=32 seed=1".
    public var label: String {
        switch self {
        case .run(let u): return u.label
        case .measure(let u): return u.run.label
        case .interpolate(let u): return "\(u.from.label) → \(u.to.label)"
        case .simulate(let u):
            return "\(u.point.sampling.rawValue) n=\(u.point.n) lr=\(Columns.format(u.point.lr)) batch=\(u.point.batch)"
        }
    }
}

/// The data a run trains on, with the digests of its files (the dataset's cache identity).
public struct DataUnit: Codable, Hashable, Sendable {
    /// The data set's spec without its `augment`, which belongs to training: it is resolved into
    /// each run's spec instead, so a data set's augment and the same augment written on the
    /// `train` step key the same run, and the data (and its key) are shared either way.
    public var spec: DatasetSpec
    /// File name → SHA-256 of the files read (empty for generated sets).
    public var fileDigests: [String: String]

    public init(spec: DatasetSpec, fileDigests: [String: String]) {
        var spec = spec
        spec.augment = nil
        self.spec = spec
        self.fileDigests = fileDigests
    }

    public var key: CacheKey { CacheKey(kind: "dataset", spec: spec, inputs: fileDigests) }
}

/// One training run of a `train` or `sweep` step.
public struct RunUnit: Codable, Hashable, Sendable {
    public var run: RunSpec
    public var data: DataUnit

    /// Keyed on what decides the numbers (the train spec and seed), not on the labels (name,
    /// β), so the same run in two sweeps is trained once.
    public var key: CacheKey {
        KeyMemos.runs.key(for: self) { unit in
            struct Material: Encodable { var train: TrainSpec; var seed: UInt64 }
            return CacheKey(kind: "run", spec: Material(train: unit.run.train, seed: unit.run.seed), upstream: [unit.data.key])
        }
    }

    /// "lr=0.1 batch=32 seed=1" (with the variant's name or β when it has one).
    public var label: String {
        var parts: [String] = []
        if let name = run.name { parts.append(name) }
        if let beta = run.beta { parts.append("β=\(Columns.format(beta))") }
        parts += ["lr=\(run.train.lr)", "batch=\(run.train.batch)", "seed=\(run.seed)"]
        return parts.joined(separator: " ")
    }
}

/// Metrics at the end of one run.
public struct MeasureUnit: Codable, Hashable, Sendable {
    public struct Settings: Codable, Hashable, Sendable {
        public var metrics: [Metric]
        public var samples: Int
        public var powerSteps: Int
        public var probes: Int
        public var seed: UInt64
    }
    public var settings: Settings
    public var run: RunUnit
}

/// One pair of an `interpolate` step.
public struct InterpolateUnit: Codable, Hashable, Sendable {
    public struct Settings: Codable, Hashable, Sendable {
        public var alpha: [Double]
        public var samples: Int?
        public var label: String
        /// The 1-based position of the pair in the step's `pairs`.
        public var pair: Int
    }
    public var settings: Settings
    public var from: RunUnit
    public var to: RunUnit
}

/// One point of a `simulate` step.
public struct SimulateUnit: Codable, Hashable, Sendable {
    public var dim: Int
    public var spectrum: [Double]
    public var noise: Double
    public var chains: Int
    /// Steps per chain; nil picks 20 relaxation times of the slowest direction.
    public var steps: Int?
    public var seed: UInt64
    public var point: SimulateSpec.Point
}

/// What a unit computed: rows for its step's table, and how it was computed.
public struct UnitResult: Codable, Hashable, Sendable {
    /// Column → value, one dictionary per row.
    public var rows: [[String: Cell]]
    public var wallSeconds: Double
    public var threads: Int
    public var machine: String
    /// Remarks (e.g. "diverged at epoch 3").
    public var notes: [String]

    public init(rows: [[String: Cell]], wallSeconds: Double, threads: Int, machine: String, notes: [String] = []) {
        self.rows = rows
        self.wallSeconds = wallSeconds
        self.threads = threads
        self.machine = machine
        self.notes = notes
    }
}
