import Foundation
import Notebook
import Training

/// Turns a step's unit results into its table and provenance, rows in unit order.
enum TableAssembly {
    /// Preferred column order (the language's result schema); others follow alphabetically.
    static let order = ResultColumns.order

    static func result(for step: Plan.StepPlan, results: [UnitResult], document: NotebookDocument) -> StepResult {
        var rows: [[String: Cell]] = []
        for (i, unit) in step.units.enumerated() {
            let labels: [String: Cell]
            switch unit {
            case .run(let u):
                labels = Columns.labels(of: u)
            case .measure(let u):
                labels = Columns.labels(of: u.run)
            case .interpolate(let u):
                labels = ["pair": .number(Double(u.settings.pair)), "label": .text(u.settings.label),
                          "seed": .number(Double(u.from.run.seed))]
                    .merging(Columns.settings(from: u.from, to: u.to)) { label, _ in label }
            case .simulate(let u):
                labels = ["sampling": .text(u.point.sampling.rawValue), "n": .number(Double(u.point.n)),
                          "lr": .number(u.point.lr), "batch": .number(Double(u.point.batch)),
                          "ratio": .number(u.point.lr / Double(u.point.batch)),
                          "beta": u.point.beta.map(Cell.number) ?? .missing]
            }
            for row in results[i].rows { rows.append(row.merging(labels) { _, label in label }) }
        }
        let present = Set(rows.flatMap(\.keys))
        // Drop label columns that are empty in every row (no names, no β).
        let columns = (order.filter(present.contains) + present.subtracting(order).sorted()).filter { column in
            rows.contains { ($0[column] ?? .missing) != .missing }
        }
        var table = ResultTable(columns: columns, keyColumns: Columns.keys.filter(columns.contains))
        for row in rows { table.append(row) }
        let seeds = Set(step.units.compactMap { $0.runs.first?.run.seed }).sorted()
        var digests: [String: String] = [:]
        for unit in step.units {
            for run in unit.runs {
                for (file, digest) in run.data.fileDigests { digests["\(run.data.spec.source)/\(file)"] = digest }
            }
        }
        let provenance = StepProvenance(
            cacheKey: CacheKey.combining(step.units.map(\.key), kind: step.kind.rawValue).hex,
            wallSeconds: results.reduce(0) { $0 + $1.wallSeconds }, seeds: seeds,
            threads: results.map(\.threads).max() ?? 1, machine: results.first?.machine ?? Machine.description,
            dataDigests: digests)
        return StepResult(table: table, provenance: provenance, notes: results.flatMap(\.notes))
    }
}

/// The table of a `dataset` step: one row per split.
enum DatasetSummary {
    static func result(_ unit: DataUnit) throws -> StepResult {
        let split = try DataCache.shared.split(for: unit)
        var table = ResultTable(columns: ResultColumns.dataset)
        for (name, set) in [("train", split.train), ("test", split.test)] {
            table.append(["split": .text(name), "examples": .number(Double(set.count)),
                          "features": .number(Double(set.features)), "classes": .number(Double(set.classes)),
                          "noisy_labels": .number(Double(set.corruptedIndices.count))])
        }
        let provenance = StepProvenance(cacheKey: unit.key.hex, wallSeconds: 0, seeds: [unit.spec.seed], threads: 1,
                                        machine: Machine.description,
                                        dataDigests: unit.fileDigests.reduce(into: [:]) { $0["\(unit.spec.source)/\($1.key)"] = $1.value })
        return StepResult(table: table, provenance: provenance)
    }
}
