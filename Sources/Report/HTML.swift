/// Markup that is safe to emit: the only way to make HTML or SVG in Minima (STYLE.md G20).
///
/// A value is a fragment: a list of nodes (escaped text, elements, or trusted markup from a
/// source that already guarantees safety, such as cmark's safe-mode output). Text escapes
/// `& < >`; attribute values also escape `"` and `'`. Nothing guesses whether a string is
/// "already escaped". `render()` pretty-prints: an element whose children are all elements
/// puts each child on its own line, indented two spaces; elements holding text (and
/// everything inside `pre`, `p`, `math` and other inline contexts) stay on one line.
///
/// ```swift
/// HTML.element("code", ["class": "language-\" onload=\"x"]).render()
/// // <code class="language-&quot; onload=&quot;x"></code>
/// ```
public struct HTML: Hashable, Sendable {
    indirect enum Node: Hashable, Sendable {
        case text(String)
        case trusted(String)
        case element(name: String, attributes: [Attribute], children: [Node], selfClosing: Bool)
    }

    struct Attribute: Hashable, Sendable {
        var name: String
        var value: String
    }

    var nodes: [Node]

    init(nodes: [Node]) { self.nodes = nodes }

    /// No markup at all.
    public static let empty = HTML(nodes: [])

    /// Text, escaped.
    public static func text(_ s: String) -> HTML { HTML(nodes: [.text(s)]) }

    /// An element with attributes (in the order written; nil values are left out) and children.
    public static func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:],
                               _ children: [HTML] = []) -> HTML {
        HTML(nodes: [.element(name: checkedName(name), attributes: attributeList(attributes),
                              children: children.flatMap(\.nodes), selfClosing: false)])
    }

    /// An element holding only `text`, escaped.
    public static func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:],
                               text: String) -> HTML {
        element(name, attributes, [.text(text)])
    }

    /// A childless element written `<name …/>`: HTML void elements (`meta`, `br`) and SVG shapes.
    public static func void(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) -> HTML {
        HTML(nodes: [.element(name: checkedName(name), attributes: attributeList(attributes),
                              children: [], selfClosing: true)])
    }

    /// Several fragments in sequence.
    public static func fragment(_ parts: [HTML]) -> HTML { HTML(nodes: parts.flatMap(\.nodes)) }

    /// Markup emitted verbatim. Only for text a safe producer made (cmark in safe mode, CSS
    /// written in this module, JSON escaped for `<script>`); never for notebook strings.
    static func trusted(_ raw: String) -> HTML { HTML(nodes: [.trusted(raw)]) }

    /// True when the fragment holds no nodes.
    public var isEmpty: Bool { nodes.isEmpty }

    /// The markup, pretty-printed, each top-level node on its own line, without a final newline.
    public func render() -> String {
        var out = ""
        for (i, node) in nodes.enumerated() {
            if i > 0 { out += "\n" }
            Self.write(node, indent: 0, inline: false, into: &out)
        }
        return out
    }

    // MARK: - Rendering

    /// Elements whose content is phrasing: always written on one line.
    private static let inlineNames: Set<String> = [
        "a", "b", "button", "caption", "code", "dd", "dt", "em", "figcaption", "h1", "h2", "h3",
        "h4", "h5", "h6", "i", "label", "li", "math", "option", "p", "pre", "script", "small",
        "span", "strong", "style", "sub", "summary", "sup", "td", "text", "textarea", "th",
        "title", "desc", "tspan",
    ]

    private static func write(_ node: Node, indent: Int, inline: Bool, into out: inout String) {
        switch node {
        case .text(let s): out += escape(s, quotes: false)
        case .trusted(let s): out += s
        case .element(let name, let attributes, let children, let selfClosing):
            let attrs = attributes.map { " \($0.name)=\"\(escape($0.value, quotes: true))\"" }.joined()
            if selfClosing && children.isEmpty {
                out += "<\(name)\(attrs)/>"
                return
            }
            out += "<\(name)\(attrs)>"
            let block = !inline && !inlineNames.contains(name) && !children.isEmpty
                && children.allSatisfy { if case .text = $0 { return false } else { return true } }
            if block {
                let pad = String(repeating: "  ", count: indent + 1)
                for child in children {
                    out += "\n"
                    if case .trusted = child {} else { out += pad }
                    write(child, indent: indent + 1, inline: false, into: &out)
                }
                out += "\n" + String(repeating: "  ", count: indent)
            } else {
                for child in children { write(child, indent: indent, inline: true, into: &out) }
            }
            out += "</\(name)>"
        }
    }

    /// Escapes `& < >`, and with `quotes` also `"` and `'`.
    static func escape(_ s: String, quotes: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    private static func attributeList(_ pairs: KeyValuePairs<String, String?>) -> [Attribute] {
        pairs.compactMap { pair in pair.value.map { Attribute(name: checkedName(pair.key), value: $0) } }
    }

    /// Element and attribute names come from code, never from a notebook; this keeps it so.
    private static func checkedName(_ name: String) -> String {
        precondition(!name.isEmpty && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || $0 == "-" || $0 == ":" || $0 == "_"
        }, "HTML: invalid element or attribute name '\(name)'")
        return name
    }
}
