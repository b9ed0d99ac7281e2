/// A number the prose computes from a step's results, or a claim it checks, written as an
/// inline code span:
///
/// ```markdown
/// The best run reaches `{minima} grid: max(test_acc) | percent=1` test accuracy.
/// Sharpness falls as η/S grows: `{claim} f1-final: spearman(lambda_max, lr/batch) < -0.8`.
/// `{claim skip=quick} f5[final == 1]: min(train_acc) > 0.9`
/// ```
///
/// The span's text is `{minima} SOURCE: EXPRESSION [| FORMAT]` or
/// `{claim[ skip=PROFILE[,PROFILE…]]} SOURCE: CONDITION`, where SOURCE is a step id, optionally
/// followed by a row filter in brackets (`f1[epoch == 40 and batch >= 64]`). The expression is
/// evaluated over the source's rows (aggregates such as `mean`, `spearman`, `fit(…).r2` see every
/// row; a plain row expression gives one value per row, shown as a short list). A claim's
/// condition decides a pass/fail verdict. FORMAT is a list of words: `digits=N` (significant
/// digits, default 3), `fixed=N` (N decimals), `percent[=N]` (×100 with a `%`, N decimals,
/// default 1), `sci[=N]` (scientific), `pm` (the mean ± sample standard deviation of a row
/// expression over the rows).
public struct InlineComputation: Hashable, Sendable {
    /// A value shown in the prose, or a claim with a verdict.
    public enum Kind: String, Hashable, Sendable { case value, claim }

    public var kind: Kind
    /// The step whose table is read.
    public var source: String
    /// Row filter text inside `[…]`, if any.
    public var filter: String?
    /// The expression (a value) or condition (a claim), as written.
    public var expression: String
    public var format: ValueFormat
    /// Profiles under which a claim is not checked (`skip=quick`).
    public var skipProfiles: [String]
    /// The code span's literal as cmark reports it (the key the page render looks it up by).
    public var literal: String
    /// Where the code span starts (its opening backtick).
    public var position: SourcePosition
    /// Where the source id, the filter and the expression start, for diagnostics inside them.
    public var sourcePosition: SourcePosition
    public var filterPosition: SourcePosition?
    public var expressionPosition: SourcePosition
    /// The sentence the span stands in, as plain text (a claim's statement in the claims list).
    public var statement: String = ""

    /// True when the span's literal is one of ours (`{minima}` or `{claim…}`).
    public static func isComputation(_ literal: String) -> Bool {
        literal.hasPrefix("{minima}") || literal.hasPrefix("{claim}") || literal.hasPrefix("{claim ")
    }
}

/// How a computed number is written in the prose.
public struct ValueFormat: Hashable, Sendable, CustomStringConvertible {
    public enum Style: Hashable, Sendable {
        /// `digits` significant digits.
        case significant
        /// `digits` digits after the decimal point.
        case fixed
        /// Times 100 with `digits` decimals and a percent sign.
        case percent
        /// Scientific notation with `digits` significant digits.
        case scientific
    }

    public var style: Style = .significant
    public var digits: Int = 3
    /// Mean ± sample standard deviation of a row expression.
    public var meanStd = false

    public init(style: Style = .significant, digits: Int = 3, meanStd: Bool = false) {
        self.style = style
        self.digits = digits
        self.meanStd = meanStd
    }

    /// The words that produce this format (empty for the default).
    public var description: String {
        var words: [String] = []
        if meanStd { words.append("pm") }
        switch style {
        case .significant: if digits != 3 { words.append("digits=\(digits)") }
        case .fixed: words.append("fixed=\(digits)")
        case .percent: words.append("percent=\(digits)")
        case .scientific: words.append("sci=\(digits)")
        }
        return words.joined(separator: " ")
    }

    /// The words of a format (`percent=1 pm`), or the message of the first bad word.
    static func parse(_ text: String) -> Result<ValueFormat, ParseFailure> {
        var format = ValueFormat()
        var offset = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            defer { offset += word.unicodeScalars.count + 1 }
            if word.isEmpty { continue }
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            let number = parts.count > 1 ? Int(parts[1]) : nil
            if parts.count > 1, number == nil || !(0...15).contains(number!) {
                return .failure(.init(message: "'\(name)' takes a whole number of digits from 0 to 15, found '\(parts[1])'",
                                      offset: offset))
            }
            switch name {
            case "pm": format.meanStd = true
            case "digits": format.style = .significant; format.digits = max(1, number ?? 3)
            case "fixed": format.style = .fixed; format.digits = number ?? 2
            case "percent": format.style = .percent; format.digits = number ?? 1
            case "sci": format.style = .scientific; format.digits = max(1, number ?? 3)
            default:
                let known = ["digits", "fixed", "percent", "sci", "pm"]
                return .failure(.init(message: "unknown format '\(name)'",
                                      notes: Suggestion.note(for: name, in: known) + ["formats: digits=N, fixed=N, percent[=N], sci[=N], pm"],
                                      offset: offset))
            }
        }
        return .success(format)
    }

    struct ParseFailure: Error {
        var message: String
        var notes: [String] = []
        var offset: Int
    }
}

extension InlineComputation {
    /// Every `{minima}`/`{claim}` code span in the prose of `markdown` (paragraphs and headings,
    /// not code blocks), with its position, and the diagnostics of spans that do not parse.
    static func scan(_ markdown: String, file: String) -> ([InlineComputation], [Diagnostic]) {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var found: [InlineComputation] = []
        var diagnostics: [Diagnostic] = []
        for range in CmarkDocument.inlineLineRanges(in: markdown) {
            for span in CodeSpan.spans(in: lines, range: range) where isComputation(span.literal) {
                switch parse(span, file: file) {
                case .success(var c):
                    c.statement = sentence(around: span, in: lines, range: range)
                    found.append(c)
                case .failure(let d): diagnostics.append(d)
                }
            }
        }
        return (found, diagnostics)
    }

    /// Around a computation's literal in `statement`, so the page can put its value there.
    public static let statementMark = "\u{1}", statementMarkEnd = "\u{2}"

    /// `statement` with each computation in it replaced by `value(literal)` (a claim's own
    /// span and unknown ones by "…").
    public static func filledStatement(_ statement: String, value: (String) -> String?) -> String {
        var out = "", rest = Substring(statement)
        while let open = rest.firstIndex(of: Character(statementMark)) {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: Character(statementMarkEnd)) else { break }
            out += value(String(after[..<close])) ?? "…"
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }

    /// The sentence of the paragraph that holds `span`: from the previous sentence end to the
    /// next one, with code spans of computations shown as "…" and Markdown emphasis removed.
    static func sentence(around span: CodeSpan, in lines: [String], range: ClosedRange<Int>) -> String {
        var text: [Unicode.Scalar] = []
        var start = 0
        for line in range where line - 1 < lines.count {
            if line == span.position.line { start = text.count + span.position.column - 1 }
            let content = lines[line - 1].unicodeScalars.drop { $0 == " " || $0 == ">" }
            if line == span.position.line { start -= lines[line - 1].unicodeScalars.count - content.count }
            text += content
            text.append(" ")
        }
        // A sentence ends at . ! ? followed by a space and a capital (so "i.i.d. batches" and
        // "e.g. the" do not end one), or at the end of the paragraph.
        func isEnd(_ i: Int) -> Bool {
            guard text[i] == "." || text[i] == "!" || text[i] == "?" else { return false }
            var j = i + 1
            while j < text.count, text[j] == "*" || text[j] == "_" { j += 1 }   // "**Bold.** Next"
            guard j == text.count || text[j] == " " else { return false }
            while j < text.count, text[j] == " " { j += 1 }
            return j == text.count || text[j].properties.isUppercase || text[j] == "*" || text[j] == "@"
        }
        var from = start
        while from > 0, !isEnd(from - 1) { from -= 1 }
        // A claim states what precedes it in its sentence, after any earlier claim there.
        var k = start - 1
        while k > from {
            if text[k] == "`", k + 6 < start, String(String.UnicodeScalarView(text[(k + 1)...(k + 6)])) == "{claim" {
                var close = k + 1
                while close < start, text[close] != "`" { close += 1 }
                from = min(start, close + 1)
                break
            }
            k -= 1
        }
        var to = start
        let before = String(String.UnicodeScalarView(text[from..<start])).trimmingSpaces
        if before.unicodeScalars.filter({ $0.properties.isAlphabetic }).count < 12 {
            // Too little before the claim: the statement is the rest of its sentence.
            var inCode = false
            while to < text.count {
                if text[to] == "`" { inCode.toggle() }
                if !inCode, isEnd(to) { to += 1; break }
                to += 1
            }
        }
        var sentence = String(String.UnicodeScalarView(text[from..<min(to, text.count)]))
        while let last = sentence.unicodeScalars.last, last == " " || last == "," || last == ":" || last == "(" || last == "—" {
            sentence.unicodeScalars.removeLast()
        }
        if sentence.hasPrefix(", ") || sentence.hasPrefix(": ") { sentence.removeFirst(2) }
        // Computations read as "…"; other code spans keep their text; emphasis marks go.
        for s in CodeSpan.spans(in: [sentence], range: 1...1).reversed() {
            let open = s.position.column - 1
            let scalars = Array(sentence.unicodeScalars)
            var close = open
            while close < scalars.count, scalars[close] == "`" { close += 1 }
            let ticks = close - open
            var end = close
            while end + ticks <= scalars.count,
                  !(scalars[end..<(end + ticks)].allSatisfy { $0 == "`" }) { end += 1 }
            let replacement = isComputation(s.literal) ? statementMark + s.literal + statementMarkEnd : s.literal
            var out = String.UnicodeScalarView(scalars[..<open])
            out.append(contentsOf: replacement.unicodeScalars)
            out.append(contentsOf: scalars[min(scalars.count, end + ticks)...])
            sentence = String(out)
        }
        // Emphasis marks go and spaces collapse, outside the marked computations only.
        var out = String.UnicodeScalarView()
        var inMark = false
        for scalar in sentence.unicodeScalars {
            if scalar == statementMark.unicodeScalars.first! { inMark = true }
            if scalar == statementMarkEnd.unicodeScalars.first! { inMark = false }
            if !inMark {
                if scalar == "*" || scalar == "_" { continue }
                if scalar == " ", out.last == " " || out.isEmpty { continue }
            }
            out.append(scalar)
        }
        while out.last == " " { out.removeLast() }
        return String(out)
    }

    private static func parse(_ span: CodeSpan, file: String) -> Result<InlineComputation, Diagnostic> {
        let literal = span.literal
        let at = { (offset: Int) in span.position(ofLiteralOffset: offset, file: file) }
        let scalars = Array(literal.unicodeScalars)
        guard let close = scalars.firstIndex(of: "}") else {
            return .failure(Diagnostic(.error, at: at(0), "expected '}' to close '\(literal.prefix(7))'"))
        }
        let head = String(String.UnicodeScalarView(scalars[1..<close])).split(separator: " ").map(String.init)
        let kind: Kind = head.first == "minima" ? .value : .claim
        var skip: [String] = []
        for option in head.dropFirst() {
            guard kind == .claim, option.hasPrefix("skip=") else {
                return .failure(Diagnostic(.error, at: at(1), "unknown option '\(option)' in '{\(head.joined(separator: " "))}'",
                                           notes: ["a claim takes 'skip=PROFILE[,PROFILE]', e.g. '{claim skip=quick}'; a value takes none"]))
            }
            skip += option.dropFirst(5).split(separator: ",").map(String.init)
        }
        // SOURCE[FILTER]: EXPRESSION | FORMAT
        var i = close + 1
        while i < scalars.count, scalars[i] == " " { i += 1 }
        let sourceStart = i
        while i < scalars.count, scalars[i] != ":" && scalars[i] != "[" && scalars[i] != " " { i += 1 }
        let source = String(String.UnicodeScalarView(scalars[sourceStart..<i]))
        guard !source.isEmpty else {
            return .failure(Diagnostic(.error, at: at(sourceStart), "expected a step id after '{\(head.joined(separator: " "))}'",
                                       notes: ["write '{\(kind == .value ? "minima" : "claim")} STEP: EXPRESSION', e.g. '{minima} grid: max(test_acc)'"]))
        }
        var filter: String?
        var filterStart: Int?
        if i < scalars.count, scalars[i] == "[" {
            var depth = 0, j = i
            while j < scalars.count {
                if scalars[j] == "[" { depth += 1 }
                if scalars[j] == "]" { depth -= 1; if depth == 0 { break } }
                j += 1
            }
            guard j < scalars.count else {
                return .failure(Diagnostic(.error, at: at(i), "expected ']' to close the row filter of '\(source)'"))
            }
            filterStart = i + 1
            filter = String(String.UnicodeScalarView(scalars[(i + 1)..<j]))
            i = j + 1
        }
        while i < scalars.count, scalars[i] == " " { i += 1 }
        guard i < scalars.count, scalars[i] == ":" else {
            return .failure(Diagnostic(.error, at: at(min(i, scalars.count)), "expected ':' after the step id '\(source)'",
                                       notes: ["write '{\(kind == .value ? "minima" : "claim")} \(source): EXPRESSION'"]))
        }
        i += 1
        while i < scalars.count, scalars[i] == " " { i += 1 }
        let expressionStart = i
        var rest = String(String.UnicodeScalarView(scalars[i...]))
        var format = ValueFormat()
        if let bar = rest.unicodeScalars.firstIndex(of: "|") {
            let barOffset = rest.unicodeScalars.distance(from: rest.unicodeScalars.startIndex, to: bar)
            guard kind == .value else {
                return .failure(Diagnostic(.error, at: at(expressionStart + barOffset), "a claim takes no format",
                                           notes: ["the page shows the measured value with 3 significant digits"]))
            }
            let formatText = String(rest.unicodeScalars[rest.unicodeScalars.index(after: bar)...])
            switch ValueFormat.parse(formatText) {
            case .success(let f): format = f
            case .failure(let failure):
                return .failure(Diagnostic(.error, at: at(expressionStart + barOffset + 1 + failure.offset),
                                           failure.message, notes: failure.notes))
            }
            rest = String(rest.unicodeScalars[..<bar])
        }
        let expression = rest.trimmingSpaces
        guard !expression.isEmpty else {
            return .failure(Diagnostic(.error, at: at(expressionStart), "expected an expression after '\(source):'"))
        }
        return .success(InlineComputation(
            kind: kind, source: source, filter: filter, expression: expression, format: format, skipProfiles: skip,
            literal: literal, position: SourcePosition(file: file, line: span.position.line, column: span.position.column),
            sourcePosition: at(sourceStart),
            filterPosition: filterStart.map(at), expressionPosition: at(expressionStart)))
    }
}
