import ArgumentParser
import Foundation
import Notebook
import Report
import Runner

extension Minima {
    /// `minima export NOTEBOOK STEP -o DIR`: a step's cached results as plain files.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a step's cached results as plain files (CSV, JSON, NumPy .npy).",
            discussion: """
                For a train or sweep step, writes one folder per run, named after its label \
                (e.g. lr=0.1_batch=32_seed=1), holding history.csv (the run's rows of the step \
                table), spec.json (the run spec and cache key, sorted keys) and the final parameters \
                as NumPy .npy files, one per tensor: layerN.weight.npy of shape [fan_out, fan_in] \
                (row-major, the layer computes y = x·Wᵀ + b) and layerN.bias.npy of shape [fan_out], \
                Float32 little-endian. For dataset, measure, interpolate and simulate steps, writes \
                the step table as ID.csv and ID.json; for a plot or table step, its figure or table \
                file as the report has it. Nothing is computed: render the notebook first.

                Example:
                  minima render Notebooks/quickstart.md
                  minima export Notebooks/quickstart.md grid -o /tmp/grid
                """)

        @OptionGroup var options: StepOptions

        @Option(name: .shortAndLong, help: "Folder to write into (created if needed).")
        var output: String

        func run() async throws {
            let run = try options.notebookRun()
            let files: [ExportedFile]
            do {
                files = try Self.files(run, step: options.step)
            } catch let error as UnknownStepError {
                throw options.unknownStep(error)
            } catch let error as ExportError {
                var message = "\(options.notebook): error: \(error)"
                if case .notCached = error {
                    message += "\n    note: render the notebook first: minima render \(options.notebook)"
                        + (options.cacheDir == ".minima/cache" ? "" : " --cache-dir \(options.cacheDir)")
                }
                StandardError.print(message)
                throw ExitCode(1)
            }
            let folder = URL(fileURLWithPath: output)
            for file in files {
                try ResultStore.writeAtomically(file.data, to: folder.appendingPathComponent(file.path))
            }
            let runs = Set(files.compactMap { $0.path.split(separator: "/").count > 1 ? $0.path.split(separator: "/")[0] : nil })
            let written = Cache.count(files.count, "file")
            print(runs.isEmpty ? "\(output): \(written) of step '\(options.step)'"
                               : "\(output): \(Cache.count(runs.count, "run")) of step '\(options.step)', \(written)")
        }

        /// The files of step `id`: from Runner for computing steps, from Report for plots and tables.
        static func files(_ run: NotebookRun, step id: String) throws -> [ExportedFile] {
            let plan = try run.stepPlan(id)
            guard plan.kind == .plot || plan.kind == .table, let step = run.document.step(id) else {
                return try run.exportFiles(step: id)
            }
            let outcomes = run.cachedOutcomes()
            // A plot may read several steps; each must have results.
            for upstream in plan.upstream.isEmpty ? [""] : plan.upstream {
                let source = try run.stepPlan(upstream)
                guard case .completed? = outcomes[source.id] else {
                    _ = try run.exportFiles(step: source.id)   // throws the reason (not cached, failed)
                    throw ExportError.failed(step: id, message: "step '\(source.id)' has no results")
                }
            }
            let steps = run.document.steps
            let numbering = FigureNumbering(steps: steps.map { ($0.kind.rawValue, $0.hasExplicitID ? $0.id : nil) })
            let index = steps.firstIndex { $0.id == id } ?? 0
            let content: StepBlock.Content
            switch step.spec {
            case .plot(let spec): content = .plot(spec, upstream: spec.of.map { outcomes[$0] })
            case .table(let spec): content = .table(spec, upstream: outcomes[spec.of])
            default: content = .compute(nil)
            }
            let block = StepBlock(kind: step.kind.rawValue, id: step.hasExplicitID ? id : nil, source: step.block.body,
                                  position: step.block.fence.description, caption: step.presentation.caption,
                                  sourceDisplay: .hidden, content: content)
            let rendered = StepRenderer.render(block, label: numbering.label(at: index), assetDirectory: ".")
            if let warning = rendered.warnings.first { throw ExportError.failed(step: id, message: warning) }
            return rendered.files.map { ExportedFile(path: $0.path, data: Data($0.bytes)) }
        }
    }
}
