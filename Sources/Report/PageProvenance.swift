import Notebook

/// What the provenance section of a report states: how and from what the results were made.
///
/// Recorded values only (no clock, no cache-hit flag), so a cold render and a warm re-render
/// print the same bytes.
public struct PageProvenance: Hashable, Sendable {
    /// One computing step's record.
    public struct Step: Hashable, Sendable {
        /// The step id.
        public var id: String
        /// The step kind, e.g. `sweep`.
        public var kind: String
        /// As recorded when the step ran (kept in the cache with the result).
        public var provenance: StepProvenance
        /// The step's element id on the page (e.g. `step-sweep` for a step with an explicit
        /// id) to link the provenance row to; nil shows the id as plain text.
        public var anchor: String?

        /// Creates a value from its parts.
        public init(id: String, kind: String, provenance: StepProvenance, anchor: String? = nil) {
            self.id = id
            self.kind = kind
            self.provenance = provenance
            self.anchor = anchor
        }
    }

    /// One `{minima}` value or `{claim}` of the prose and what it evaluated to.
    public struct Computation: Hashable, Sendable {
        /// `NAME.md:line:col` of the code span.
        public var position: String
        /// `value` or `claim`.
        public var kind: String
        /// The step read.
        public var source: String
        /// The expression (with its row filter in brackets first, if any).
        public var expression: String
        /// The value or verdict as shown on the page.
        public var value: String
        /// Rows the expression saw.
        public var rows: Int

        public init(position: String, kind: String, source: String, expression: String, value: String, rows: Int) {
            self.position = position; self.kind = kind; self.source = source
            self.expression = expression; self.value = value; self.rows = rows
        }
    }

    /// E.g. "0.1.0 (core 1)".
    public var minimaVersion: String
    /// Hex SHA-256 of the notebook file.
    public var notebookDigest: String
    /// Data set name → hex SHA-256 of its content.
    public var dataDigests: [String: String]
    /// Computing steps in document order.
    public var steps: [Step]
    /// The prose's computed values and claims, in document order.
    public var computations: [Computation] = []
    /// Param name → value as used (after the profile and `-P` overrides), in front-matter order.
    public var params: [(name: String, value: String)] = []
    /// How the render was asked for: the profile and overrides, e.g. "-P profile=quick".
    public var invocation: String?

    public static func == (a: Self, b: Self) -> Bool {
        a.minimaVersion == b.minimaVersion && a.notebookDigest == b.notebookDigest && a.dataDigests == b.dataDigests
            && a.steps == b.steps && a.computations == b.computations && a.invocation == b.invocation
            && a.params.map(\.name) == b.params.map(\.name) && a.params.map(\.value) == b.params.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(notebookDigest)
        hasher.combine(steps)
        hasher.combine(computations)
    }

    /// Creates a value from its parts.
    public init(minimaVersion: String, notebookDigest: String, dataDigests: [String: String] = [:], steps: [Step] = []) {
        self.minimaVersion = minimaVersion
        self.notebookDigest = notebookDigest
        self.dataDigests = dataDigests
        self.steps = steps
    }

    /// The provenance section: a summary list and a table of steps.
    func section() -> HTML {
        var facts: [HTML] = [
            item("Minima", .element("code", [:], text: minimaVersion)),
            item("Notebook SHA-256", .element("code", ["class": "hash"], text: notebookDigest)),
        ]
        for name in dataDigests.keys.sorted() {
            facts.append(item("Data '\(name)'", .element("code", ["class": "hash"], text: dataDigests[name]!)))
        }
        if let invocation { facts.append(item("Rendered with", .element("code", [:], text: invocation))) }
        if !params.isEmpty {
            facts.append(item("Params", .element("code", [:], text: params.map { "\($0.name)=\($0.value)" }.joined(separator: " "))))
        }
        let machines = Array(Set(steps.map(\.provenance.machine))).sorted()
        if machines.count == 1 { facts.append(item("Machine", .text(machines[0]))) }
        var parts: [HTML] = [
            .element("h2", ["id": "provenance"], text: "Provenance"),
            .element("dl", ["class": "provenance-facts"], facts),
        ]
        if !steps.isEmpty {
            var header = ["step", "kind", "cache key", "wall time (s)", "seeds", "threads"]
            if machines.count > 1 { header.append("machine") }
            let rows = steps.map { s -> HTML in
                var cells: [HTML] = [
                    .element("td", [:], [s.anchor.map { HTML.element("a", ["href": "#\($0)"], text: s.id) } ?? .text(s.id)]),
                    .element("td", [:], text: s.kind),
                    .element("td", [:], [.element("code", [:], text: String(s.provenance.cacheKey.prefix(12)))]),
                    .element("td", ["class": "num"], text: NumberText.significant(s.provenance.wallSeconds, digits: 3)),
                    .element("td", [:], text: Self.seedText(s.provenance.seeds)),
                    .element("td", ["class": "num"], text: String(s.provenance.threads)),
                ]
                if machines.count > 1 { cells.append(.element("td", [:], text: s.provenance.machine)) }
                return .element("tr", [:], cells)
            }
            parts.append(.element("div", ["class": "table-scroll"], [
                .element("table", ["class": "results provenance"], [
                    .element("thead", [:], [.element("tr", [:], header.map {
                        .element("th", ["scope": "col", "class": $0 == "wall time (s)" || $0 == "threads" ? "num" : nil], text: $0)
                    })]),
                    .element("tbody", [:], rows),
                ])
            ]))
        }
        if !computations.isEmpty {
            parts.append(.element("h3", ["id": "provenance-computations"], text: "Values and claims in the text"))
            parts.append(.element("div", ["class": "table-scroll"], [
                .element("table", ["class": "results provenance"], [
                    .element("thead", [:], [.element("tr", [:], ["where", "kind", "step", "expression", "value", "rows"].map {
                        .element("th", ["scope": "col", "class": $0 == "rows" ? "num" : nil], text: $0)
                    })]),
                    .element("tbody", [:], computations.map { c in
                        .element("tr", [:], [
                            .element("td", [:], text: c.position),
                            .element("td", [:], text: c.kind),
                            .element("td", [:], text: c.source),
                            .element("td", [:], [.element("code", [:], text: c.expression)]),
                            .element("td", [:], text: c.value),
                            .element("td", ["class": "num"], text: String(c.rows)),
                        ])
                    }),
                ])
            ]))
        }
        parts.append(.element("script", ["type": "application/json", "id": "minima-provenance"], [.trusted(json())]))
        return .element("section", ["class": "provenance"], parts)
    }

    private func item(_ term: String, _ value: HTML) -> HTML {
        .fragment([.element("dt", [:], text: term), .element("dd", [:], [value])])
    }

    /// "1, 2, 3" or "1–16" for a run of consecutive seeds.
    static func seedText(_ seeds: [UInt64]) -> String {
        if seeds.count > 3, zip(seeds, seeds.dropFirst()).allSatisfy({ $1 == $0 + 1 }) {
            return "\(seeds.first!)–\(seeds.last!)"
        }
        return seeds.map(String.init).joined(separator: ", ")
    }

    /// The machine-readable copy: sorted keys, fixed number formatting, safe inside `<script>`.
    func json() -> String {
        let stepObjects = steps.map { s in
            JSONText.object([
                ("cache_key", JSONText.string(s.provenance.cacheKey)),
                ("data_digests", JSONText.object(s.provenance.dataDigests.map { ($0.key, JSONText.string($0.value)) }, indent: 6)),
                ("id", JSONText.string(s.id)),
                ("kind", JSONText.string(s.kind)),
                ("machine", JSONText.string(s.provenance.machine)),
                ("seeds", "[" + s.provenance.seeds.map(String.init).joined(separator: ", ") + "]"),
                ("threads", String(s.provenance.threads)),
                ("wall_seconds", ResultTable.exportNumber(s.provenance.wallSeconds)),
            ], indent: 4)
        }
        var top: [(String, String)] = [
            ("data_digests", JSONText.object(dataDigests.map { ($0.key, JSONText.string($0.value)) }, indent: 2)),
            ("minima_version", JSONText.string(minimaVersion)),
            ("notebook_sha256", JSONText.string(notebookDigest)),
            ("steps", stepObjects.isEmpty ? "[]" : "[\n    " + stepObjects.joined(separator: ",\n    ") + "\n  ]"),
        ]
        if let invocation { top.append(("invocation", JSONText.string(invocation))) }
        if !params.isEmpty {
            top.append(("params", JSONText.object(params.map { ($0.name, JSONText.string($0.value)) }, indent: 2)))
        }
        if !computations.isEmpty {
            let objects = computations.map { c in
                JSONText.object([("expression", JSONText.string(c.expression)), ("kind", JSONText.string(c.kind)),
                                 ("position", JSONText.string(c.position)), ("rows", String(c.rows)),
                                 ("source", JSONText.string(c.source)), ("value", JSONText.string(c.value))], indent: 4)
            }
            top.append(("computations", "[\n    " + objects.joined(separator: ",\n    ") + "\n  ]"))
        }
        return "\n" + JSONText.object(top, indent: 0) + "\n"
    }
}

/// A tiny JSON writer for fixed shapes: sorted keys, strings escaped for `<script>` embedding.
enum JSONText {
    static func string(_ s: String) -> String { ResultTable.jsonString(s) }

    /// An object with keys sorted; values are already JSON text.
    static func object(_ pairs: [(String, String)], indent: Int) -> String {
        guard !pairs.isEmpty else { return "{}" }
        let pad = String(repeating: " ", count: indent + 2)
        let body = pairs.sorted { $0.0 < $1.0 }.map { pad + string($0.0) + ": " + $0.1 }.joined(separator: ",\n")
        return "{\n" + body + "\n" + String(repeating: " ", count: indent) + "}"
    }
}
