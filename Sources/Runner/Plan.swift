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

    /// The plan of every step of `document`, in document order (each kind plans through its
    /// `StepRunner`).
    public init(document: NotebookDocument, assumingMissingData: Bool = false) {
        var context = PlanContext(document: document)
        context.assumeMissingData = assumingMissingData
        // Plan in dependency order, then report in document order.
        var byID: [String: StepPlan] = [:]
        for id in document.order {
            guard let step = document.step(id) else { continue }
            var plan = StepPlan(id: id, kind: step.kind, units: [], upstream: [], failure: nil)
            step.spec.runner.plan(&plan, context: &context)
            byID[id] = plan
        }
        self.steps = document.steps.compactMap { byID[$0.id] }
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
