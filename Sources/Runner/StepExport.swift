import Foundation
import Notebook
import Training

/// One file of an export, its path relative to the export folder.
public struct ExportedFile: Hashable, Sendable {
    /// E.g. `lr=0.1_batch=32_seed=1/layer1.weight.npy`.
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}

/// Why a step cannot be exported from the cache.
public enum ExportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Some units of the step have no result (or no parameters) in the cache.
    case notCached(step: String, labels: [String], total: Int)
    /// The step's cached results do not make a table (an upstream step failed).
    case failed(step: String, message: String)

    public var description: String {
        switch self {
        case .notCached(let step, let labels, let total):
            let shown = labels.prefix(5).joined(separator: "; ") + (labels.count > 5 ? "; …" : "")
            return "\(labels.count) of \(total) units of step '\(step)' are not in the cache: \(shown)"
        case .failed(let step, let message):
            return "step '\(step)' has no results to export: \(message)"
        }
    }
}

extension NotebookRun {
    /// The files that export step `id` from the cache; nothing is computed.
    ///
    /// For a `train` or `sweep` step, per run a folder named after the run's label (see
    /// `exportFolderName`) holding `history.csv` (the run's rows of the step table),
    /// `spec.json` (the run spec with its key and data, sorted keys) and one `.npy` per
    /// tensor of the final parameters: `layerN.weight.npy` with shape `[fan_out, fan_in]`
    /// (row-major, the layer computes `y = x · Wᵀ + b`) and `layerN.bias.npy` with shape
    /// `[fan_out]`, Float32 little-endian. For `dataset`, `measure`, `interpolate` and
    /// `simulate` steps, the step table as `ID.csv` and `ID.json` (as in the report folder).
    /// - Throws: `UnknownStepError`; `ExportError.notCached` naming the runs to render first;
    ///   `ExportError.failed`; `DataError` when a run's data cannot be loaded (to size its model).
    public func exportFiles(step id: String) throws -> [ExportedFile] {
        let step = try stepPlan(id)
        if let failure = step.failure { throw ExportError.failed(step: id, message: failure) }
        let missing = step.units.filter { unit in
            guard store.contains(unit.key) else { return true }
            if case .run(let u) = unit { return !store.hasParameters(for: u.key) }
            return false
        }
        if !missing.isEmpty { throw ExportError.notCached(step: id, labels: missing.map(\.label), total: step.units.count) }
        switch step.kind {
        case .train, .sweep: return try runFiles(step)
        case .plot, .table:
            throw ExportError.failed(step: id, message: "a \(step.kind.rawValue) step computes nothing itself")
        default:
            switch assemble(failures: [:])[id] {
            case .completed(let result)?:
                let names = OutputNames.stepFiles(id: id)   // the names the report writes
                return [ExportedFile(path: names[0], data: Data(result.table.csv().utf8)),
                        ExportedFile(path: names[1], data: Data(result.table.json().utf8))]
            case .failed(let failure)?: throw ExportError.failed(step: id, message: failure.message)
            case .skipped(let reason)?: throw ExportError.failed(step: id, message: reason)
            case nil: throw ExportError.failed(step: id, message: "it has no table")
            }
        }
    }

    /// Every step's outcome from the cache alone (nothing runs; an uncached unit fails its step).
    public func cachedOutcomes() -> [String: StepOutcome] { assemble(failures: [:]) }

    private func runFiles(_ step: Plan.StepPlan) throws -> [ExportedFile] {
        let results = step.units.map { store.load(UnitResult.self, for: $0.key) }
        if results.contains(where: { $0 == nil }) {   // a corrupt entry, removed on read
            let labels = zip(step.units, results).filter { $0.1 == nil }.map(\.0.label)
            throw ExportError.notCached(step: step.id, labels: labels, total: step.units.count)
        }
        let table = TableAssembly.result(for: step, results: results.map { $0! }, document: document).table
        var files: [ExportedFile] = []
        var used = Set<String>()
        var row = 0
        for (unit, result) in zip(step.units, results.map { $0! }) {
            guard case .run(let run) = unit else { continue }
            var folder = Self.exportFolderName(run.label)
            if !used.insert(folder).inserted {
                var n = 2
                while !used.insert("\(folder)-\(n)").inserted { n += 1 }
                folder = "\(folder)-\(n)"
            }
            let history = ResultTable(columns: table.columns, rows: Array(table.rows[row..<row + result.rows.count]))
            row += result.rows.count
            files.append(ExportedFile(path: "\(folder)/history.csv", data: Data(history.csv().utf8)))
            let split = try DataCache.shared.split(for: run.data)
            let model = try TrainingSetup.configuration(run.run, shape: split.train.shape,
                                                        classes: split.train.classes).model
            guard let values = store.loadParameters(for: run.key, count: model.parameterCount) else {
                throw ExportError.notCached(step: step.id, labels: [run.label], total: step.units.count)
            }
            var tensors: [RunSpecFile.Tensor] = []
            for slice in model.slices {
                let file = "\(slice.name).npy"
                files.append(ExportedFile(path: "\(folder)/\(file)", data: NPYWriter.file(values[slice.range], shape: slice.shape)))
                tensors.append(.init(name: slice.name, file: file, shape: slice.shape))
            }
            var spec = RunSpecFile(cacheKey: run.key.hex, coreVersion: CacheKey.coreVersion, label: run.label,
                                   run: run.run, dataset: run.data.spec, dataDigests: run.data.fileDigests,
                                   widths: model.mlp?.widths ?? [], tensors: tensors,
                                   fields: Dictionary(SpecFields.fields(of: run).map { ($0.name, $0.value) }) { a, _ in a })
            if model.mlp == nil {
                spec.layout = RunSpecFile.networkLayout
                spec.input = [model.input.height, model.input.width, model.input.channels]
                spec.layers = model.layers
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            files.append(ExportedFile(path: "\(folder)/spec.json", data: try encoder.encode(spec) + Data("\n".utf8)))
        }
        return files
    }

    /// A run label as a folder name: spaces become `_`, `β` becomes `beta`, and any character
    /// other than letters, digits and `.,=+-_` becomes `-` ("lr=0.1 batch=32 seed=1" →
    /// "lr=0.1_batch=32_seed=1").
    public static func exportFolderName(_ label: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,=+-_")
        var name = ""
        for character in label.replacingOccurrences(of: "β", with: "beta") {
            name.append(character == " " ? "_" : allowed.contains(character) ? character : "-")
        }
        if name.hasPrefix(".") || name.isEmpty { name = "run" + name }
        return name
    }
}

/// `spec.json` of an exported run.
struct RunSpecFile: Encodable {
    struct Tensor: Encodable {
        var name: String
        var file: String
        var shape: [Int]
    }
    var cacheKey: String
    var coreVersion: Int
    var label: String
    var run: RunSpec
    var dataset: DatasetSpec
    var dataDigests: [String: String]
    /// Layer widths from input to classes.
    var widths: [Int]
    var tensors: [Tensor]
    /// The spec as the notebook writes it (`lr: 0.1`), for reading; `run` is the exact keyed form.
    var fields: [String: String]
    var layout = "row-major Float32 little-endian; layerN.weight is [fan_out, fan_in] and the layer computes y = x·Wᵀ + b"
    /// A network other than an MLP: its input shape `[height, width, channels]` (samples are HWC)
    /// and its layers; nil for an MLP, whose file is as it always was.
    var input: [Int]?
    var layers: [LayerSpec]?

    static let networkLayout = "row-major Float32 little-endian; samples are HWC [height, width, channels]; "
        + "dense layerN.weight is [units, inputs] (y = x·Wᵀ + b, x flattened in HWC order); "
        + "conv layerN.weight is [out, kernel, kernel, in] (one HWC filter per output channel) and layerN.bias [out]; "
        + "batch norm layerN.scale, layerN.shift, layerN.running_mean, layerN.running_var are [channels]; "
        + "layers with parameters are numbered from 1 in order, a residual block's body before its shortcut"

    enum CodingKeys: String, CodingKey {
        case cacheKey = "cache_key", coreVersion = "core_version", label, run, dataset, dataDigests = "data_digests",
             widths, tensors, fields, layout, input, layers
    }
}

extension ResultStore {
    /// Whether a run's final parameters are stored (without reading them).
    func hasParameters(for key: CacheKey) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("params/\(key.hex.prefix(2))/\(key.hex).f32").path)
    }
}
