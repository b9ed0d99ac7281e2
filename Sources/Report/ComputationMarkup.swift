import Notebook

/// The markup of inline `{minima}` values and `{claim}` checks in the prose.
///
/// A value is a link to its source step with the expression as a tooltip:
/// `<a class="computed" href="#step-f1" title="f1: max(test_acc) · 14 rows">0.871</a>`.
/// A claim shows what was measured and a pass/fail mark, and has an anchor the claims list at
/// the top of the page links to: `<span class="claim claim-passed" id="claim-1">…−0.91 < −0.8 ✓</span>`.
public enum ComputationMarkup {
    /// The markup replacing the code span of `computation`.
    /// - Parameters:
    ///   - anchor: The source step's anchor (`step-ID`), nil when the step has none.
    ///   - number: The claim's 1-based number on the page (its anchor is `claim-N`).
    public static func html(_ computation: InlineComputation, result: ComputedResult, anchor: String?, number: Int?) -> String {
        let title = tooltip(computation, result: result)
        switch computation.kind {
        case .value:
            let shown = result.value.map { Self.text($0, format: computation.format) } ?? "?"
            let classes = result.error == nil ? "computed" : "computed computed-error"
            let inner = result.error.map { shown + " (" + $0 + ")" } ?? shown
            if let anchor {
                return HTML.element("a", ["class": classes, "href": "#\(anchor)", "title": title], text: inner).render()
            }
            return HTML.element("span", ["class": classes, "title": title], text: inner).render()
        case .claim:
            let verdict = result.verdict ?? .undecided
            var parts: [HTML] = []
            let measured = measuredText(result)
            if !measured.isEmpty {
                parts.append(anchor.map { HTML.element("a", ["href": "#\($0)", "title": title], text: measured) }
                             ?? HTML.element("span", ["title": title], text: measured))
                parts.append(.text(" "))
            }
            parts.append(.element("span", ["class": "claim-mark", "title": title], text: mark(verdict)))
            return HTML.element("span", ["class": "claim claim-\(verdict.rawValue)", "id": number.map { "claim-\($0)" }],
                                parts).render()
        }
    }

    /// ✓ passed, ✗ failed, – not checked, ? undecided.
    public static func mark(_ verdict: ComputedResult.Verdict) -> String {
        switch verdict {
        case .passed: return "✓"
        case .failed: return "✗"
        case .notChecked: return "–"
        case .undecided: return "?"
        }
    }

    /// What a claim measured: `−0.913 < −0.8`, `7 of 7 rows`, or the reason it has no value.
    public static func measuredText(_ result: ComputedResult) -> String {
        if result.verdict == .notChecked { return "not checked under this profile" }
        if let error = result.error { return error }
        if let holding = result.rowsHolding { return "\(holding) of \(result.rows) \(result.rows == 1 ? "row" : "rows")" }
        func shown(_ v: ExpressionValue) -> String {
            switch v {
            case .number(let x): return number(x, format: ValueFormat())
            case .text(let s): return s
            default: return "\(v)"
            }
        }
        return result.measurements.map { m in
            "\(shown(m.measured)) \(symbol(m.comparison)) \(m.thresholdValue.map(shown) ?? prose(m.threshold))"
        }.joined(separator: ", ")
    }

    /// A value as prose text in `format`.
    public static func text(_ value: ComputedResult.Value, format: ValueFormat) -> String {
        switch value {
        case .number(let x): return number(x, format: format)
        case .text(let s): return s
        case .list(let cells):
            let items = cells.map { cell -> String in
                switch cell {
                case .number(let x): return number(x, format: format)
                case .text(let s): return s
                case .missing: return "–"
                }
            }
            if items.count <= 1 { return items.first ?? "" }
            return items.dropLast().joined(separator: ", ") + " and " + items.last!
        case .meanStd(let mean, let std, _):
            var f = format
            let scale = f.style == .percent ? 100.0 : 1
            if f.style == .significant {   // the std shows as many decimals as the mean
                f = ValueFormat(style: .fixed, digits: NumberText.decimals(of: mean, digits: format.digits))
            }
            let decimals = f.digits
            let meanText = prose(NumberText.fixed(mean * scale, decimals: decimals))
            let stdText = NumberText.fixed(std * scale, decimals: decimals)
            return meanText + " ± " + stdText + (f.style == .percent ? "\u{A0}%" : "")
        }
    }

    /// One number in `format`, with a typographic minus.
    public static func number(_ x: Double, format: ValueFormat) -> String {
        let s: String
        switch format.style {
        case .significant: s = NumberText.significant(x, digits: format.digits, trimmed: true)
        case .fixed: s = NumberText.fixed(x, decimals: format.digits)
        case .percent: s = NumberText.fixed(x * 100, decimals: format.digits) + "\u{A0}%"
        case .scientific: s = NumberText.significant(x, digits: format.digits, scientific: true)
        }
        return prose(s)
    }

    private static func prose(_ s: String) -> String {
        s.hasPrefix("-") ? "−" + s.dropFirst() : s
    }

    private static func symbol(_ op: String) -> String {
        switch op {
        case "<=": return "≤"
        case ">=": return "≥"
        case "!=": return "≠"
        case "==": return "="
        default: return op
        }
    }

    private static func tooltip(_ c: InlineComputation, result: ComputedResult) -> String {
        var t = c.source + (c.filter.map { "[\($0)]" } ?? "") + ": " + c.expression
        if c.kind == .value, !c.format.description.isEmpty { t += " | " + c.format.description }
        t += " · \(result.rows) row\(result.rows == 1 ? "" : "s")"
        if case .meanStd(_, _, let n)? = result.value { t += ", mean ± sample std over \(n)" }
        if !c.skipProfiles.isEmpty { t += " · not checked under " + c.skipProfiles.joined(separator: ", ") }
        return t
    }
}

/// The list of every claim of the notebook and its verdict, at the top of the page.
public struct ClaimSummary: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        /// The sentence the claim is written in.
        public var statement: String
        /// The condition as written, with its source step.
        public var check: String
        public var verdict: ComputedResult.Verdict
        /// What was measured (`−0.913 < −0.8`).
        public var measured: String
        /// `claim-N`.
        public var anchor: String

        public init(statement: String, check: String, verdict: ComputedResult.Verdict, measured: String, anchor: String) {
            self.statement = statement
            self.check = check
            self.verdict = verdict
            self.measured = measured
            self.anchor = anchor
        }
    }

    public var entries: [Entry]
    /// The active profile, named when some claims are not checked under it.
    public var profile: String?

    public init(entries: [Entry], profile: String?) {
        self.entries = entries
        self.profile = profile
    }

    /// True when a claim failed or could not be decided (the render exits 1).
    public var hasFailures: Bool { entries.contains { $0.verdict == .failed || $0.verdict == .undecided } }

    /// "6 claims: 5 hold, 1 fails, 1 not checked under profile quick".
    public var headline: String {
        func count(_ v: ComputedResult.Verdict) -> Int { entries.filter { $0.verdict == v }.count }
        var parts = ["\(count(.passed)) hold"]
        if count(.failed) > 0 { parts.append("\(count(.failed)) fail\(count(.failed) == 1 ? "s" : "")") }
        if count(.undecided) > 0 { parts.append("\(count(.undecided)) undecided") }
        if count(.notChecked) > 0 {
            parts.append("\(count(.notChecked)) not checked" + (profile.map { " under profile \($0)" } ?? ""))
        }
        return "\(entries.count) claim\(entries.count == 1 ? "" : "s") checked at this render: " + parts.joined(separator: ", ")
    }

    func section() -> HTML {
        .element("section", ["class": "claims", "aria-label": "Claims"], [
            .element("h2", ["id": "claims"], text: "Claims"),
            .element("p", ["class": "claims-headline"], text: headline),
            .element("ol", ["class": "claims-list"], entries.map { e in
                .element("li", ["class": "claim-\(e.verdict.rawValue)"], [
                    .element("span", ["class": "claim-mark"], text: ComputationMarkup.mark(e.verdict)),
                    .text(" "),
                    .element("a", ["href": "#\(e.anchor)"], [MathText.inline(e.statement)]),
                    .text(" "),
                    .element("span", ["class": "claim-measured"], text: "(" + e.measured + ")"),
                    .text(" "),
                    .element("code", [:], text: e.check),
                ])
            }),
        ])
    }
}
