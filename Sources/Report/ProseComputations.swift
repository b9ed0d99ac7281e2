import Foundation
import Notebook

/// The `{minima}` values and `{claim}` checks of a notebook's prose, evaluated on a render's
/// outcomes: the markup that replaces each code span, the claims list, and what to tell the
/// terminal (values that could not be computed, claims that failed).
struct ProseComputations: Sendable {
    let document: NotebookDocument
    /// Each computation of the prose, in document order, with its result.
    let results: [(computation: InlineComputation, result: ComputedResult)]

    /// Resolves `@id` and `[@key]` in the claims list's sentences.
    let references: CrossReferences?

    init(document: NotebookDocument, outcomes: [String: StepOutcome], references: CrossReferences? = nil) {
        self.document = document
        self.references = references
        results = document.computations.map { c in
            var table: ResultTable?
            if case .completed(let result)? = outcomes[c.source] { table = result.table }
            return (c, c.evaluate(on: table, profile: document.profile))
        }
    }

    /// The 1-based number of each claim on the page, by index into `results`.
    var claimNumbers: [Int: Int] {
        var numbers: [Int: Int] = [:]
        for (i, r) in results.enumerated() where r.computation.kind == .claim { numbers[i] = numbers.count + 1 }
        return numbers
    }

    /// The hook for the page render: a code span's literal → its markup, taking same-literal
    /// spans in document order (cmark visits them in that order too).
    func markupHook() -> @Sendable (String) -> String? {
        var queues: [String: [String]] = [:]
        let numbers = claimNumbers
        for (i, r) in results.enumerated() {
            let step = document.step(r.computation.source)
            let anchor = step?.hasExplicitID == true ? "step-\(r.computation.source)" : nil
            queues[r.computation.literal, default: []].append(
                ComputationMarkup.html(r.computation, result: r.result, anchor: anchor, number: numbers[i]))
        }
        let box = MarkupQueue(queues)
        return { literal in box.next(for: literal) }
    }

    /// The claims list at the top of the page.
    var summary: ClaimSummary {
        let numbers = claimNumbers
        return ClaimSummary(entries: results.enumerated().compactMap { i, r in
            guard let n = numbers[i] else { return nil }
            let c = r.computation
            let statement = InlineComputation.filledStatement(c.statement) { literal in
                guard let found = results.first(where: { $0.computation.literal == literal && $0.computation.kind == .value }),
                      let value = found.result.value else { return nil }
                return ComputationMarkup.text(value, format: found.computation.format)
            }
            let resolved = references.map { $0.plainProse(statement) } ?? statement
            return ClaimSummary.Entry(statement: resolved.isEmpty ? c.expression : resolved,
                                      check: "\(c.source)\(c.filter.map { "[\($0)]" } ?? ""): \(c.expression)",
                                      verdict: r.result.verdict ?? .undecided,
                                      measured: ComputationMarkup.measuredText(r.result), anchor: "claim-\(n)")
        }, profile: document.profile)
    }

    /// `file:line:col: error: claim failed …` for each failed or undecided claim.
    var claimFailures: [String] {
        results.compactMap { c, r in
            let check = "\(c.source)\(c.filter.map { "[\($0)]" } ?? ""): \(c.expression)"
            switch r.verdict {
            case .failed?: return "\(c.position): error: claim failed: \(check) (\(ComputationMarkup.measuredText(r)))"
            case .undecided?: return "\(c.position): error: claim could not be decided: \(check) (\(r.error ?? "no value"))"
            default: return nil
            }
        }
    }

    /// `file:line:col: warning: …` for each value that could not be computed.
    /// Under a profile (whose grids often lack the settings the prose names) they are counted
    /// in one line instead.
    var valueWarnings: [String] {
        let lines: [String] = results.compactMap { c, r in
            guard c.kind == .value, let error = r.error else { return nil }
            return "\(c.position): warning: inline value '\(c.source): \(c.expression)' has no value: \(error)"
        }
        if let profile = document.profile, lines.count > 1 {
            return ["\(document.file): warning: \(lines.count) inline values have no value under profile \(profile) "
                    + "(shown as '?' on the page; first: \(lines[0]))"]
        }
        return lines
    }

    /// The provenance entries: every computed value and claim with its source and result.
    var provenance: [PageProvenance.Computation] {
        results.map { c, r in
            let shown: String
            switch c.kind {
            case .value: shown = r.value.map { ComputationMarkup.text($0, format: c.format) } ?? "– (\(r.error ?? "no value"))"
            case .claim: shown = ComputationMarkup.mark(r.verdict ?? .undecided) + " " + ComputationMarkup.measuredText(r)
            }
            return PageProvenance.Computation(
                position: "\(URL(fileURLWithPath: c.position.file).lastPathComponent):\(c.position.line):\(c.position.column)",
                kind: c.kind.rawValue, source: c.source,
                expression: (c.filter.map { "[\($0)] " } ?? "") + c.expression, value: shown, rows: r.rows)
        }
    }
}

/// Markup per literal, handed out in order; the page render may call the hook from any thread.
private final class MarkupQueue: @unchecked Sendable {
    private var queues: [String: [String]]
    private let lock = NSLock()
    init(_ queues: [String: [String]]) { self.queues = queues }
    func next(for literal: String) -> String? {
        lock.withLock {
            guard var queue = queues[literal], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            queues[literal] = queue
            return first
        }
    }
}
