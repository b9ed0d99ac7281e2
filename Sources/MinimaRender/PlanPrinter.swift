import Foundation
import Runner

/// The `--dry-run` table: each step, its units, how many are cached, and an estimate of work.
public enum PlanPrinter {
    public static func describe(_ run: NotebookRun, measureRates: Bool = true) -> String {
        var lines = ["\(run.document.file): plan"]
        let uncached = Dictionary(uniqueKeysWithValues: run.uncached().map { ($0.step, $0.missing) })
        var counted = Set<CacheKey>()   // a run shared by two steps is trained once
        var total = 0.0, totalFLOPs = 0.0, totalSeconds = 0.0
        var rates: [String: Double] = [:]   // model description → measured FLOP/s
        for step in run.plan.steps {
            var line = "  \(step.kind.rawValue) \(step.id)"
            if case .dataset(let spec)? = run.document.step(step.id)?.spec, !DataSources.isAvailable(spec.source),
               !spec.source.contains("/") {
                line += ": '\(spec.source)' is not installed here; planned as if it were (its runs' keys are provisional)"
            }
            if let failure = step.failure {
                line += ": cannot run: \(failure)"
            } else if !step.units.isEmpty {
                let missing = uncached[step.id] ?? 0
                line += ": \(step.units.count) units, \(step.units.count - missing) cached"
                let todo = step.units.filter { !run.store.contains($0.key) && counted.insert($0.key).inserted }
                let samples = todo.reduce(0.0) { $0 + trainingSamples($1) }
                total += samples
                if samples > 0 { line += String(format: ", ≈ %.1f M training samples to run", samples / 1e6) }
                var flops = 0.0, seconds = 0.0
                for unit in todo {
                    let f = RunCost.trainingFLOPs(unit)
                    guard f > 0 else { continue }
                    flops += f
                    if measureRates, let rate = RunCost.measuredRate(unit), rate > 0 {
                        seconds += f / rate
                        if case .run(let u) = unit { rates[u.run.train.model.summary] = rate }
                    }
                }
                if flops > 0 {
                    line += ", \(RunCost.describeFLOPs(flops))"
                    if seconds > 0 { line += ", ≈ \(RunCost.describeDuration(seconds)) here" }
                }
                totalFLOPs += flops
                totalSeconds += seconds
            }
            lines.append(line)
        }
        lines.append(String(format: "  in all ≈ %.1f M training samples to run", total / 1e6))
        if totalFLOPs > 0 {
            var cost = "  training cost ≈ \(RunCost.describeFLOPs(totalFLOPs))"
            if totalSeconds > 0 {
                cost += ", ≈ \(RunCost.describeDuration(totalSeconds)) on this machine (one process, \(ProcessInfo.processInfo.activeProcessorCount) cores)"
            }
            lines.append(cost)
            for (model, rate) in rates.sorted(by: { $0.key < $1.key }) {
                lines.append(String(format: "    measured %.1f GFLOP/s training ", rate / 1e9) + model)
            }
            lines.append("    (training products only: curvature, evaluation and loading come on top; a Slurm cluster runs the units in parallel)")
        }
        return lines.joined(separator: "\n")
    }

    /// Examples seen by a run unit (epochs × training-set size); 0 for other units.
    public static func trainingSamples(_ unit: WorkUnit) -> Double {
        guard case .run(let u) = unit else { return 0 }
        let size = u.data.spec.train ?? (u.data.spec.source.contains("cifar") ? 50_000 : 60_000)
        // In Double: `epochs` may be as large as Int.max, and the product would trap.
        return Double(u.run.train.epochs) * Double(size)
    }
}
