import Foundation

/// What a training run will hold in memory, estimated at check time from its spec alone, so a
/// model or batch far too big for the machine is an error before anything is allocated (and
/// before an allocation of petabytes traps the process).
///
/// The estimate counts 4-byte floats and errs on the generous side:
/// * parameters: Σ (inputs + 1) · outputs over the layers, held 4 times (the weights, the
///   gradient, the momentum velocity and a checkpoint copy);
/// * activations: 3 buffers (pre-activation, activation, gradient) of Σ widths (input and
///   classes included) per example, for the largest of the batch and the 1,000-example
///   evaluation chunk; for convolutional models, 3 buffers of every layer's output (residual
///   branches included) plus twice the largest im2col patch matrix, per example;
/// * data: every example of both splits as floats (a generated set: the sizes asked for; a named
///   set: its full files, which are loaded before a subset is drawn; a folder: 70,000 examples of
///   the shape its file header gives).
///
/// The bound is the machine's physical memory (`ProcessInfo.physicalMemory`): a run whose
/// estimate exceeds it is reported as an error (docs/notebook-format.md, "Memory").
public struct MemoryEstimate: Hashable, Sendable {
    public var parameters: Double
    public var activations: Double
    public var data: Double

    /// Total bytes.
    public var total: Double { parameters + activations + data }

    /// Inputs, classes and split sizes of the built-in sources (unknown folders: an IDX image set).
    static func shape(of source: String, train: Int?, test: Int?) -> (features: Double, classes: Double, examples: Double) {
        switch source {
        case "blobs", "teacher":
            return (16, 4, Double(train ?? 512) + Double(test ?? 256))
        case "patterns":
            return (64, 4, Double(train ?? 512) + Double(test ?? 256))
        case let s where s.lowercased().hasPrefix("cifar"):
            return (3072, 10, 60_000 + Double(train ?? 0) + Double(test ?? 0))
        default:
            return (784, 10, 70_000 + Double(train ?? 0) + Double(test ?? 0))
        }
    }

    /// The estimate for training `model` with batches up to `batch` on `data`; `probed` is the
    /// sample shape and class count read from a folder's file header, when there is one.
    /// Computed in `Double`, so absurd widths give a huge number rather than an integer overflow.
    public init(data: DatasetSpec, model: ModelSpec, batch: Double, probed: (shape: SampleShape, classes: Int)? = nil) {
        var (features, classes, examples) = Self.shape(of: data.source, train: data.train, test: data.test)
        if let probed, data.knownShape == nil {
            (features, classes) = (Double(probed.shape.count), Double(probed.classes))
        }
        self.data = 4 * features * examples
        if let hidden = model.mlp {
            let widths = [features] + hidden.map(Double.init) + [classes]
            let count = zip(widths, widths.dropFirst()).reduce(0.0) { $0 + ($1.0 + 1) * $1.1 }
            parameters = 4 * 4 * count
            activations = 3 * 4 * widths.reduce(0, +) * max(batch, 1000)
            return
        }
        // Other models: every layer output (and residual branch) held 3 times per example, plus
        // the largest im2col patch matrix twice (forward and backward).
        let input = data.knownShape?.shape ?? probed?.shape ?? SampleShape(height: 28, width: 28, channels: Int(features) / 784)
        guard let plan = try? model.plan(input: input, classes: Int(classes)) else {
            parameters = 0
            activations = 0
            return   // the shape check reports it
        }
        parameters = 4 * 4 * plan.parameters
        activations = 4 * (3 * plan.activations + 2 * plan.patches) * max(batch, 1000)
    }

    /// The bound a run must fit in: the machine's physical memory.
    public static var machineLimit: Double { Double(ProcessInfo.processInfo.physicalMemory) }

    /// "1.2 GB", "3.4 TB" …
    public static func describe(_ bytes: Double) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
        var value = bytes, unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        if unit == units.count - 1 && value >= 1000 { return String(format: "%.1e bytes", bytes) }
        return unit == 0 ? "\(Int(value)) bytes" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// An error when this estimate exceeds `limit`, saying how much is needed and where it goes.
    func check(limit: Double, what: String) -> (message: String, notes: [String])? {
        guard total > limit else { return nil }
        return ("\(what) needs about \(Self.describe(total)) of memory, more than this machine's \(Self.describe(limit))",
                ["parameters \(Self.describe(parameters)) (weights, gradient, velocity, checkpoint), "
                 + "activations \(Self.describe(activations)), data \(Self.describe(data))",
                 "use fewer or narrower layers, a smaller batch or a smaller data set"])
    }

    /// Memory errors for every `dataset` step (its examples alone) and every run of every `train`
    /// and `sweep` step (its model, largest batch and data), against `limit`.
    /// `shapes`: the data sets' sample shapes (``ModelShapeCheck/shapes(_:dataShape:)``); a
    /// folder's, read from its header, replaces the 28×28 guess.
    static func diagnostics(
        _ steps: [Step], seeds: [UInt64], limit: Double = machineLimit,
        shapes: [String: (shape: SampleShape, classes: Int)] = [:]
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func probed(_ id: String, _ spec: DatasetSpec) -> (shape: SampleShape, classes: Int)? {
            spec.knownShape == nil ? shapes[id] : nil
        }
        for step in steps {
            if case .dataset(let d) = step.spec {
                let (listed, _, examples) = shape(of: d.source, train: d.train, test: d.test)
                let bytes = 4 * (probed(step.id, d).map { Double($0.shape.count) } ?? listed) * examples
                if bytes > limit {
                    diagnostics.append(Diagnostic(.error, at: step.keyPositions["train"] ?? step.block.fence,
                                                  "dataset '\(step.id)' needs about \(describe(bytes)) of memory for its examples, more than this machine's \(describe(limit))",
                                                  notes: ["ask for fewer 'train' or 'test' examples"]))
                }
                continue
            }
            var reported = Set<String>()
            for run in steps.trainRuns(of: step, seeds: seeds, limit: 100_000) {
                guard let data = steps.dataset(run.data) else { continue }
                let estimate = MemoryEstimate(data: data, model: run.model, batch: run.batch.values.max() ?? 1,
                                              probed: probed(run.data, data))
                // A data set too big on its own is reported once, at its own step.
                if estimate.data > limit { continue }
                guard let (message, notes) = estimate.check(limit: limit, what: "a run of step '\(step.id)'"),
                      reported.insert(message).inserted else { continue }
                diagnostics.append(Diagnostic(.error, at: step.keyPositions["model"] ?? step.block.fence, message, notes: notes))
            }
        }
        return diagnostics
    }
}
