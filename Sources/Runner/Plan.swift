import Notebook

/// What rendering a notebook will compute: each step's units in document order, with keys.
///
/// Planning reads no result and runs nothing; it only locates data files (for their digests).
/// A step whose plan fails (e.g. a data set that cannot be found) carries the failure, shown
/// in place in the report.
public struct Plan: Sendable {
    public struct StepPlan: Sendable {
        public var id: String
        public var kind: StepKind
        /// The units, in the order their rows appear in the step's table.
        public var units: [WorkUnit]
        /// Steps this one needs results of (its table's source for plot/table).
        public var upstream: [String]
        /// Why the step cannot run, when planning it failed.
        public var failure: String?
    }

    public var steps: [StepPlan]

    /// The plan of every step of `document`, in document order.
    public init(document: NotebookDocument) {
        var data: [String: Result<DataUnit, PlanError>] = [:]
        var runs: [String: [RunUnit]] = [:]
        var steps: [StepPlan] = []
        let seeds = document.frontMatter.seeds
        // Plan in dependency order, then report in document order.
        var byID: [String: StepPlan] = [:]
        for id in document.order {
            guard let step = document.step(id) else { continue }
            var plan = StepPlan(id: id, kind: step.kind, units: [], upstream: [], failure: nil)
            func dataUnit(_ ref: String) -> DataUnit? {
                switch data[ref] {
                case .success(let unit): return unit
                case .failure(let error): plan.failure = error.message; return nil
                case nil: plan.failure = "data set '\(ref)' is not available"; return nil
                }
            }
            switch step.spec {
            case .dataset(let spec):
                do { data[id] = .success(try DataSources.unit(for: spec)) } catch {
                    data[id] = .failure(PlanError(message: "\(error)"))
                    plan.failure = "\(error)"
                }
            case .train(let spec):
                plan.upstream = [spec.data]
                if let d = dataUnit(spec.data) {
                    runs[id] = spec.expand(defaultSeeds: seeds).map { RunUnit(run: $0, data: d) }
                }
            case .sweep(let spec):
                plan.upstream = [spec.base]
                guard let base = document.step(spec.base), case .train(let baseSpec) = base.spec else { break }
                let expanded = spec.expand(base: baseSpec, defaultSeeds: seeds)
                for data in expanded.map(\.train.data) where !plan.upstream.contains(data) { plan.upstream.append(data) }
                var units: [RunUnit] = []
                for run in expanded {
                    guard let d = dataUnit(run.train.data) else { break }
                    units.append(RunUnit(run: run, data: d))
                }
                if plan.failure == nil { runs[id] = units }
            case .measure(let spec):
                plan.upstream = [spec.of]
                let settings = MeasureUnit.Settings(metrics: spec.metrics, samples: spec.samples,
                                                    powerSteps: spec.powerSteps, probes: spec.probes, seed: spec.seed)
                plan.units = (runs[spec.of] ?? []).map { .measure(MeasureUnit(settings: settings, run: $0)) }
            case .interpolate(let spec):
                plan.upstream = [spec.of]
                let candidates = runs[spec.of] ?? []
                for (index, pair) in spec.pairs.enumerated() {
                    let from = candidates.filter { RunSelector.matches($0, pair.from) }
                    let to = candidates.filter { RunSelector.matches($0, pair.to) }
                    guard !from.isEmpty, !to.isEmpty, from.count == to.count else {
                        plan.failure = RunSelector.mismatch(pair: index + 1, from: from.count, to: to.count, of: spec.of)
                        break
                    }
                    let label = pair.label ?? "\(RunSelector.describe(pair.from)) → \(RunSelector.describe(pair.to))"
                    for (a, b) in zip(from, to) {
                        plan.units.append(.interpolate(InterpolateUnit(
                            settings: .init(alpha: spec.alpha.values, samples: spec.samples, label: label, pair: index + 1),
                            from: a, to: b)))
                    }
                }
            case .simulate(let spec):
                plan.units = spec.points.map {
                    .simulate(SimulateUnit(dim: spec.dim, spectrum: spec.spectrum, noise: spec.noise, chains: spec.chains,
                                           steps: spec.steps, seed: spec.seed, point: $0))
                }
            case .plot(let spec):
                plan.upstream = [spec.of]
            case .table(let spec):
                plan.upstream = [spec.of]
            }
            if let units = runs[id] { plan.units = units.map(WorkUnit.run) }
            byID[id] = plan
        }
        for step in document.steps { if let plan = byID[step.id] { steps.append(plan) } }
        self.steps = steps
    }

    /// The plan of step `id`.
    public func step(_ id: String) -> StepPlan? { steps.first { $0.id == id } }
}

struct PlanError: Error {
    var message: String
}

/// Picks runs by their label columns for `interpolate` pairs.
enum RunSelector {
    static func matches(_ unit: RunUnit, _ selector: [String: Cell]) -> Bool {
        let labels = Columns.labels(of: unit)
        return selector.allSatisfy { key, wanted in
            guard let have = labels[key] else { return false }
            switch (have, wanted) {
            case (.number(let a), .number(let b)): return abs(a - b) <= 1e-12 * max(1, abs(b))
            case (.text(let a), .text(let b)): return a == b
            case (.number(let a), .text(let b)): return Double(b).map { abs(a - $0) <= 1e-12 } ?? false
            default: return false
            }
        }
    }

    static func describe(_ selector: [String: Cell]) -> String {
        selector.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(value.number.map(Columns.format) ?? value.description)"
        }.joined(separator: " ")
    }

    static func mismatch(pair: Int, from: Int, to: Int, of step: String) -> String {
        "pair \(pair): 'from' matches \(from) runs and 'to' \(to) runs of '\(step)'; each side must match the same number (one per seed)"
    }
}
