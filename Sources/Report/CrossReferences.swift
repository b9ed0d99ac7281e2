import Notebook
import Synchronization

/// Resolves the prose's `@…` references and `[@…]` citations to links, in the order of
/// precedence `ReferenceCheck` documents: a step id ("Figure 3", "Table 2", or a link named by
/// the id), `@fig-ID`/`@tbl-ID`, a labelled heading (`@sec-ID`, its text) or numbered
/// equation (`@eq-ID`, "Equation (4)"), then a bibliography key (an in-text citation,
/// "Jastrzębski et al. (2017)"). Citations render author–year, "(Jastrzębski et al., 2017;
/// Smith, 2018)", each linked to its entry in the References section; the keys cited are
/// recorded for that section.
final class CrossReferences: Sendable {
    let numbering: FigureNumbering
    /// Steps with an explicit id (linked as `#step-ID`).
    let linkable: Set<String>
    let sections: [String: SectionLabel]
    let equations: [String: EquationLabel]
    let bibliography: Bibliography?
    private let cited = Mutex<[String]>([])

    init(document: NotebookDocument, numbering: FigureNumbering) {
        self.numbering = numbering
        linkable = Set(document.steps.filter(\.hasExplicitID).map(\.id))
        sections = Dictionary(document.sections.map { ($0.label, $0) }, uniquingKeysWith: { a, _ in a })
        equations = Dictionary(document.equations.map { ($0.label, $0) }, uniquingKeysWith: { a, _ in a })
        bibliography = document.bibliography
    }

    /// The keys cited so far, each once, in the order first cited.
    var citedKeys: [String] {
        var seen = Set<String>()
        return cited.withLock { $0 }.filter { seen.insert($0).inserted }
    }

    // MARK: References

    /// What `@id` shows and where it links; nil when `id` names nothing (it stays as text).
    func target(_ id: String) -> (text: String, href: String, isStep: Bool)? {
        if let label = numbering.label(forID: id) { return (label.text, "#\(label.anchor)", false) }
        if linkable.contains(id) { return (id, "#step-\(id)", true) }
        if let section = sections[id] { return (section.text, "#\(section.label)", false) }
        if let equation = equations[id] { return ("Equation (\(equation.number))", "#\(equation.label)", false) }
        return nil
    }

    /// `@id` as a link, or an in-text citation for a bibliography key.
    func reference(_ id: String) -> HTML? {
        if let t = target(id) {
            return .element("a", ["class": "xref", "href": t.href], t.isStep ? [.element("code", [:], text: t.text)] : [.text(t.text)])
        }
        guard let label = bibliography?.citationLabel(id) else { return nil }
        cited.withLock { $0.append(id) }
        return .element("span", ["class": "citation"], [
            .text(label.names + " ("), .element("a", ["href": "#ref-\(id)"], text: label.year), .text(")"),
        ])
    }

    /// `[@a; see @b, p. 3]` as "(A, 2017; see B et al., 2018, p. 3)"; nil if a key is unknown.
    func citation(_ items: [CitationItem]) -> HTML? {
        guard let bibliography else { return nil }
        var parts: [HTML] = [.text("(")]
        for (i, item) in items.enumerated() {
            guard let label = bibliography.citationLabel(item.key) else { return nil }
            if i > 0 { parts.append(.text("; ")) }
            if !item.prefix.isEmpty { parts.append(.text(item.prefix + " ")) }
            parts.append(.element("a", ["href": "#ref-\(item.key)"], text: "\(label.names), \(label.year)"))
            if !item.locator.isEmpty { parts.append(.text(", " + item.locator)) }
        }
        parts.append(.text(")"))
        cited.withLock { $0 += items.map(\.key) }
        return .element("span", ["class": "citation"], parts)
    }

    /// `text` (a sentence of prose, as the claims list echoes it) with references and
    /// citations replaced by what the page shows for them, as plain text.
    func plainProse(_ text: String) -> String {
        let chars = Array(text)
        var out = "", i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "[", let close = chars[(i + 1)...].firstIndex(where: { $0 == "]" || $0 == "[" }), chars[close] == "]",
               let items = CitationItem.items(in: String(chars[(i + 1)..<close])), let bibliography,
               items.allSatisfy({ bibliography.entry($0.key) != nil }) {
                out += "(" + items.map { item in
                    let label = bibliography.citationLabel(item.key)!
                    return (item.prefix.isEmpty ? "" : item.prefix + " ") + "\(label.names), \(label.year)"
                        + (item.locator.isEmpty ? "" : ", " + item.locator)
                }.joined(separator: "; ") + ")"
                i = close + 1
                continue
            }
            if c == "@", out.last.map({ !$0.isLetter && !$0.isNumber }) ?? true {
                let length = ReferenceSyntax.idLength(chars, from: i + 1)
                let id = String(chars[(i + 1)..<(i + 1 + length)])
                if length > 0, let t = target(id) {
                    out += t.text; i += 1 + length; continue
                }
                if length > 0, let label = bibliography?.citationLabel(id) {
                    out += "\(label.names) (\(label.year))"; i += 1 + length; continue
                }
            }
            out.append(c); i += 1
        }
        return out
    }

    // MARK: Equations

    /// A numbered display equation: the formula with "(n)" at the right, id `eq-ID`.
    func equation(tex: String, label: String, warnings: inout [String]) -> HTML? {
        guard let equation = equations[label] else { return nil }
        let (math, found) = mathMLNode(tex: tex, display: true)
        warnings += found
        return .element("span", ["class": "equation", "id": equation.label], [
            math, .element("span", ["class": "equation-number"], text: "(\(equation.number))"),
        ])
    }
}
