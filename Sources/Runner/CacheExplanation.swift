import Foundation
import Notebook

/// Why a step's units are, or are not, in the cache: `minima cache explain NOTEBOOK STEP`.
///
/// Each uncached unit is compared with the closest cached unit of the same kind whose spec was
/// recorded (`index/`): the one with the fewest differing fields, preferring units the
/// notebook no longer asks for (what the unit replaced), then key order. The differences read
/// `lr: 0.1 → 0.2`; a change of Minima's core version or of a data file's digest shows the
/// same way.
public struct CacheExplanation: Hashable, Sendable {
    /// One field that differs from the closest cached unit.
    public struct Change: Hashable, Sendable, CustomStringConvertible {
        public var field: String
        /// The cached value (nil when the cached unit had no such field).
        public var old: String?
        /// The current value (nil when the field is gone).
        public var new: String?
        /// `lr: 0.1 → 0.2`.
        public var description: String { "\(field): \(old ?? "(none)") → \(new ?? "(none)")" }
    }

    /// A unit of the step and its cache status.
    public struct UnitStatus: Hashable, Sendable {
        public var label: String
        public var key: CacheKey
        public var cached: Bool
        /// The closest cached unit's label and key, when the unit is not cached and one exists.
        public var closest: String?
        public var closestKey: CacheKey?
        public var changes: [Change]
        /// Further reasons (an input run that is not cached, nothing to compare with).
        public var notes: [String]
    }

    public var step: String
    public var kind: StepKind
    public var units: [UnitStatus]
    /// Set when the step computes nothing itself, or cannot be planned.
    public var remark: String?

    /// The explanation as printed: a summary line, then one block per unit.
    public var text: String {
        var lines: [String] = []
        if let remark { return "step '\(step)' (\(kind.rawValue)): \(remark)" }
        let missing = units.filter { !$0.cached }.count
        lines.append("step '\(step)' (\(kind.rawValue)): \(units.count) units, \(units.count - missing) cached, "
            + (missing == 0 ? "nothing to run" : "\(missing) will run on the next render"))
        let uncached = units.filter { !$0.cached }
        if uncached.count > 1, let first = uncached.first, !first.changes.isEmpty,
           uncached.allSatisfy({ $0.changes == first.changes }) {
            lines.append("  every unit to run differs from its closest cached unit in: "
                + first.changes.map(\.description).joined(separator: "; "))
        }
        for unit in units {
            lines.append("  \(unit.cached ? "cached  " : "will run") \(unit.label)  (key \(unit.key))")
            if let closest = unit.closest, let key = unit.closestKey {
                lines.append(unit.changes.isEmpty
                    ? "           closest cached: \(closest) (key \(key)); no recorded field differs (the key's material changed)"
                    : "           closest cached: \(closest) (key \(key)), which differs in:")
                lines += unit.changes.map { "             \($0)" }
            }
            lines += unit.notes.map { "           \($0)" }
        }
        if missing > 0 {
            lines.append("Only fields that change numbers are in a key: captions, colours and axis labels never re-run a step.")
        }
        return lines.joined(separator: "\n")
    }
}

extension NotebookRun {
    /// Explains the cache status of each unit of step `id` (see `CacheExplanation`).
    ///
    /// Records the spec of each cached unit of the step that has none yet (a cache filled
    /// before specs were recorded), so a later edit can be explained against it.
    /// - Throws: `UnknownStepError` when the notebook has no step `id`.
    public func explain(step id: String) throws(UnknownStepError) -> CacheExplanation {
        let step = try stepPlan(id)
        var explanation = CacheExplanation(step: id, kind: step.kind, units: [], remark: nil)
        if let failure = step.failure {
            explanation.remark = "cannot be planned: \(failure)"
            return explanation
        }
        switch step.kind {
        case .plot, .table:
            explanation.remark = "computes nothing; it is drawn on every render from the cached results of '\(step.upstream.first ?? "")'"
            return explanation
        case .dataset:
            explanation.remark = "is read on every render; its spec and its files' digests are part of the key of every run that reads it"
            return explanation
        default: break
        }
        let current = Set(step.units.map(\.key))
        var records: [(key: CacheKey, record: SpecRecord)]?
        for unit in step.units {
            let key = unit.key
            var status = CacheExplanation.UnitStatus(label: unit.label, key: key, cached: store.contains(key),
                                                     closest: nil, closestKey: nil, changes: [], notes: [])
            if status.cached {
                if store.recordedSpec(for: key) == nil { try? store.saveSpec(unit, for: key) }
                explanation.units.append(status)
                continue
            }
            if FileManager.default.fileExists(atPath: store.directory.appendingPathComponent("checkpoints/\(key.hex).json").path) {
                status.notes.append("an interrupted run of it is checkpointed; the next render resumes it")
            }
            for input in unit.inputs where !store.contains(input.key) {
                status.notes.append("its run \(input.label) is not cached either; it trains first")
            }
            if records == nil { records = store.recordedSpecs() }
            let fields = SpecFields.fields(of: unit)
            let candidates = records!.filter { Self.sameKind($0.record.unit, unit) }.map { candidate in
                var changes = SpecFields.differences(from: SpecFields.fields(of: candidate.record.unit), to: fields)
                    .map { CacheExplanation.Change(field: $0.name, old: $0.old, new: $0.new) }
                if let kernel = candidate.record.blasKernel, kernel != CacheKey.blasKernel {
                    changes.insert(.init(field: "BLAS kernel", old: kernel, new: CacheKey.blasKernel), at: 0)
                }
                if candidate.record.coreVersion != CacheKey.coreVersion {
                    changes.insert(.init(field: "core version", old: String(candidate.record.coreVersion),
                                         new: String(CacheKey.coreVersion)), at: 0)
                }
                return (candidate, changes, current.contains(candidate.key) ? 1 : 0)
            }
            let best = candidates.min { a, b in
                (a.1.count, a.2, a.0.key.hex) < (b.1.count, b.2, b.0.key.hex)
            }
            if let (candidate, changes, _) = best {
                status.closest = candidate.record.unit.label
                status.closestKey = candidate.key
                status.changes = changes
                if changes.contains(where: { $0.field == "core version" }) {
                    status.notes.append("Minima's core version changed, so every result is recomputed")
                }
                if changes.contains(where: { $0.field == "BLAS kernel" }) {
                    status.notes.append("the cached results were computed with another OpenBLAS kernel family "
                        + "(set OPENBLAS_CORETYPE=\(candidate.record.blasKernel ?? "") to reuse them)")
                }
            } else {
                status.notes.append("no cached \(Self.noun(unit)) has a recorded spec to compare with "
                    + "(the cache is new or was cleaned); it runs from scratch")
            }
            explanation.units.append(status)
        }
        return explanation
    }

    private static func sameKind(_ a: WorkUnit, _ b: WorkUnit) -> Bool {
        switch (a, b) {
        case (.run, .run), (.measure, .measure), (.interpolate, .interpolate), (.simulate, .simulate): return true
        default: return false
        }
    }

    private static func noun(_ unit: WorkUnit) -> String {
        switch unit {
        case .run: return "run"
        case .measure: return "measurement"
        case .interpolate: return "interpolation"
        case .simulate: return "simulation"
        }
    }
}
