import Foundation

/// A recursive-descent reader of the TeX math subset, producing MathML nodes.
struct TeXParser {
    enum Failure: Error {
        case unsupported(String)
        case syntax(String)
    }

    private enum AtomKind { case ordinary, largeOperator, limitFunction, function }

    let chars: [Character]
    var position = 0
    let display: Bool

    init(_ tex: String, display: Bool) {
        chars = Array(tex)
        self.display = display
    }

    private mutating func skipSpaces() {
        while position < chars.count, chars[position].isWhitespace { position += 1 }
    }

    private mutating func peek() -> Character? {
        skipSpaces()
        return position < chars.count ? chars[position] : nil
    }

    /// Atoms with their scripts until the end, a `}`, a character in `stops`, or `\right`.
    mutating func parseRow(stops: Set<Character>, untilRight: Bool = false) throws(Failure) -> [HTML] {
        var items: [HTML] = []
        while let c = peek(), c != "}", !stops.contains(c) {
            if untilRight && lookingAtCommand("right") { break }
            guard let (atom, kind) = try parseAtom() else { continue }
            items.append(try parseScripts(atom, kind: kind))
            if kind == .function || kind == .limitFunction {
                items.append(.element("mo", [:], text: "\u{2061}"))
            }
        }
        return items
    }

    private func lookingAtCommand(_ name: String) -> Bool {
        guard position < chars.count, chars[position] == "\\" else { return false }
        let end = position + 1 + name.count
        guard end <= chars.count, String(chars[(position + 1)..<end]) == name else { return false }
        return end == chars.count || !chars[end].isLetter
    }

    private mutating func parseScripts(_ base: HTML, kind: AtomKind) throws(Failure) -> HTML {
        var sub: HTML?, sup: HTML?
        var primes = ""
        while let c = peek(), c == "^" || c == "_" || c == "'" {
            position += 1
            if c == "'" { primes += "′"; continue }
            let argument = try parseScriptArgument()
            if c == "^" {
                guard sup == nil else { throw .syntax("double superscript") }
                sup = argument
            } else {
                guard sub == nil else { throw .syntax("double subscript") }
                sub = argument
            }
        }
        if !primes.isEmpty {
            let mark = HTML.element("mo", [:], text: primes)
            sup = sup.map { .element("mrow", [:], [mark, $0]) } ?? mark
        }
        let limits = kind == .largeOperator || (kind == .limitFunction && display)
        switch (sub, sup) {
        case (nil, nil): return base
        case (let s?, nil): return .element(limits ? "munder" : "msub", [:], [base, s])
        case (nil, let p?): return .element(limits ? "mover" : "msup", [:], [base, p])
        case (let s?, let p?): return .element(limits ? "munderover" : "msubsup", [:], [base, s, p])
        }
    }

    private mutating func parseScriptArgument() throws(Failure) -> HTML {
        guard let c = peek() else { throw .syntax("missing script after '^' or '_'") }
        if c == "{" { return try parseGroup() }
        if c == "\\" {
            guard let (atom, _) = try parseAtom() else { throw .syntax("missing script") }
            return atom
        }
        position += 1
        return single(c)
    }

    /// `{…}` as one `mrow`.
    private mutating func parseGroup() throws(Failure) -> HTML {
        guard peek() == "{" else {
            // A single token stands for a group, as in \frac12.
            guard let c = peek() else { throw .syntax("missing argument") }
            if c == "\\" {
                guard let (atom, _) = try parseAtom() else { throw .syntax("missing argument") }
                return atom
            }
            position += 1
            return single(c)
        }
        position += 1
        let row = try parseRow(stops: [])
        guard peek() == "}" else { throw .syntax("missing '}'") }
        position += 1
        return row.count == 1 ? row[0] : .element("mrow", [:], row)
    }

    /// The raw text of `{…}` (nested braces kept), for `\text` and friends.
    private mutating func rawGroup() throws(Failure) -> String {
        guard peek() == "{" else {
            guard let c = peek() else { throw .syntax("missing argument") }
            position += 1
            return String(c)
        }
        var depth = 0, text = ""
        while position < chars.count {
            let c = chars[position]
            position += 1
            if c == "{" { depth += 1; if depth == 1 { continue } }
            if c == "}" { depth -= 1; if depth == 0 { return text } }
            text.append(c)
        }
        throw .syntax("missing '}'")
    }

    /// A one-character token: identifier, number or operator. `/` is spaced like TeX's
    /// ordinary slash (no space around it), not like a MathML infix operator.
    private func single(_ c: Character) -> HTML {
        if c.isLetter { return .element("mi", [:], text: String(c)) }
        if c.isNumber { return .element("mn", [:], text: String(c)) }
        if c == "/" { return .element("mo", ["lspace": "0", "rspace": "0"], text: "/") }
        return fence(c == "-" ? "−" : c == "*" ? "∗" : String(c))
    }

    /// Fences that MathML stretches by default (its operator dictionary).
    static let stretchyFences: Set<String> = ["(", ")", "[", "]", "{", "}", "|", "‖", "⟨", "⟩", "∣"]

    /// An `mo` for `text`; in inline math a fence (`(`, `)`, `{`, `}`, `[`, `]`, `|` …) is
    /// `stretchy="false"`, so a subscript or fraction inside a parenthesis cannot stretch it past
    /// the line height and push the lines of a paragraph apart. Display math keeps the default
    /// (fences grow with their content); `\left … \right` always stretches.
    private func fence(_ text: String) -> HTML {
        .element("mo", ["stretchy": !display && Self.stretchyFences.contains(text) ? "false" : nil], text: text)
    }

    private mutating func parseAtom() throws(Failure) -> (HTML, AtomKind)? {
        guard let c = peek() else { return nil }
        if c == "{" { return (try parseGroup(), .ordinary) }
        if c == "^" || c == "_" { return (.element("mrow", [:], []), .ordinary) }
        if c == "&" { throw .unsupported("&") }
        if c == "#" || c == "%" || c == "$" { throw .syntax("unexpected '\(c)'") }
        if c == "\\" { return try parseCommand() }
        position += 1
        if c.isNumber || (c == "." && position < chars.count && chars[position].isNumber) {
            var number = String(c)
            while position < chars.count, chars[position].isNumber || (chars[position] == "." && !number.contains(".")) {
                number.append(chars[position]); position += 1
            }
            return (.element("mn", [:], text: number), .ordinary)
        }
        if c == "~" { return (.void("mspace", ["width": "0.25em"]), .ordinary) }
        if c == "'" { return (.element("mo", [:], text: "′"), .ordinary) }
        return (single(c), .ordinary)
    }

    private mutating func parseCommand() throws(Failure) -> (HTML, AtomKind)? {
        position += 1
        guard position < chars.count else { throw .syntax("lone '\\' at the end") }
        var name = ""
        if chars[position].isLetter {
            while position < chars.count, chars[position].isLetter { name.append(chars[position]); position += 1 }
            if position < chars.count, chars[position] == "*", name == "operatorname" { position += 1 }
        } else {
            name = String(chars[position]); position += 1
        }
        if name == "\\" { throw .unsupported("\\") }
        if TeXSymbols.ignored.contains(name) { return nil }
        if let g = TeXSymbols.greek[name] {
            let upright = g.first!.isUppercase
            return (.element("mi", ["mathvariant": upright ? "normal" : nil], text: g), .ordinary)
        }
        if let s = TeXSymbols.identifiers[name] { return (.element("mi", ["mathvariant": "normal"], text: s), .ordinary) }
        if let s = TeXSymbols.operators[name] { return (fence(s), .ordinary) }
        if let s = TeXSymbols.largeOperators[name] {
            return (.element("mo", ["largeop": display ? "true" : nil, "movablelimits": "true"], text: s), .largeOperator)
        }
        if TeXSymbols.functions.contains(name) {
            let text = name == "argmax" ? "arg max" : name == "argmin" ? "arg min" : name
            return (.element("mi", [:], text: text), TeXSymbols.limitFunctions.contains(name) ? .limitFunction : .function)
        }
        if let width = TeXSymbols.spaces[name] { return (.void("mspace", ["width": width]), .ordinary) }
        if let accent = TeXSymbols.accents[name] {
            let base = try parseGroup()
            let wide = ["widehat", "widetilde", "overline"].contains(name)
            return (.element("mover", ["accent": "true"], [base, .element("mo", ["stretchy": wide ? "true" : "false"], text: accent)]), .ordinary)
        }
        switch name {
        case "frac", "dfrac", "tfrac":
            let a = try parseGroup(), b = try parseGroup()
            return (.element("mfrac", [:], [a, b]), .ordinary)
        case "binom":
            let a = try parseGroup(), b = try parseGroup()
            return (.element("mrow", [:], [.element("mo", [:], text: "("), .element("mfrac", ["linethickness": "0"], [a, b]),
                                           .element("mo", [:], text: ")")]), .ordinary)
        case "sqrt":
            if peek() == "[" {
                position += 1
                let index = try parseRow(stops: ["]"])
                guard peek() == "]" else { throw .syntax("missing ']' after \\sqrt[") }
                position += 1
                let radicand = try parseGroup()
                return (.element("mroot", [:], [radicand, .element("mrow", [:], index)]), .ordinary)
            }
            return (.element("msqrt", [:], [try parseGroup()]), .ordinary)
        case "operatorname":
            let text = try rawGroup().trimmingCharacters(in: .whitespaces)
            return (.element("mi", ["mathvariant": text.count == 1 ? "normal" : nil], text: text), .function)
        case "mathrm", "mathup":
            let text = try rawGroup()
            return (.element("mi", ["mathvariant": text.count == 1 ? "normal" : nil], text: text), .ordinary)
        case "text", "textrm", "textnormal", "mbox", "textit", "textbf", "mathtt", "texttt":
            return (.element("mtext", [:], text: try rawGroup()), .ordinary)
        case "mathit":
            return (try parseGroup(), .ordinary)
        case "mathbb", "mathcal", "mathscr", "mathbf", "boldsymbol", "mathfrak", "mathsf":
            let start = position
            let text = try rawGroup()
            let mapped = text.filter { !$0.isWhitespace }.map { TeXSymbols.styled($0, alphabet: name) }
            if !mapped.isEmpty, mapped.allSatisfy({ $0 != nil }) {
                return (.element("mi", [:], text: mapped.map { $0! }.joined()), .ordinary)
            }
            guard name == "mathbf" || name == "boldsymbol" else { throw .unsupported("\(name){\(text)}") }
            position = start
            return (.element("mstyle", ["mathvariant": "bold"], [try parseGroup()]), .ordinary)
        case "left":
            let open = try delimiter()
            let inner = try parseRow(stops: [], untilRight: true)
            guard lookingAtCommand("right") else { throw .syntax("\\left without \\right") }
            position += 6
            let close = try delimiter()
            var row: [HTML] = []
            if !open.isEmpty { row.append(.element("mo", ["fence": "true", "stretchy": "true"], text: open)) }
            row += inner
            if !close.isEmpty { row.append(.element("mo", ["fence": "true", "stretchy": "true"], text: close)) }
            return (.element("mrow", [:], row), .ordinary)
        case "right":
            throw .syntax("\\right without \\left")
        case "not":
            guard let (next, _) = try parseAtom() else { throw .syntax("\\not needs a relation") }
            return (.element("mrow", [:], [next, .element("mo", [:], text: "\u{338}")]), .ordinary)
        default:
            throw .unsupported(name)
        }
    }

    /// The delimiter after `\left` or `\right`: a character, a command such as `\langle`, or `.` (none).
    private mutating func delimiter() throws(Failure) -> String {
        guard let c = peek() else { throw .syntax("missing delimiter after \\left or \\right") }
        position += 1
        if c == "." { return "" }
        if c != "\\" { return String(c) }
        var name = ""
        if position < chars.count, chars[position].isLetter {
            while position < chars.count, chars[position].isLetter { name.append(chars[position]); position += 1 }
        } else if position < chars.count {
            name = String(chars[position]); position += 1
        }
        guard let s = TeXSymbols.operators[name] else { throw .unsupported(name) }
        return s
    }
}
