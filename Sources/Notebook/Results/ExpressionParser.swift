/// A recursive-descent parser for `ColumnExpression` (one token of look-ahead).
///
/// Grammar, from the loosest binding to the tightest:
///
/// ```text
/// or         := and ('or' and)*
/// and        := not ('and' not)*
/// not        := 'not' not | comparison
/// comparison := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
/// sum        := product (('+' | '-') product)*
/// product    := unary (('*' | '/') unary)*
/// unary      := '-' unary | '+' unary | power
/// power      := postfix ('^' unary)?
/// postfix    := atom ('.' name)*
/// atom       := number | text | name | name '(' (or (',' or)*)? ')' | '(' or ')'
/// text       := "'" [^']* "'" | '"' [^"]* '"'
/// ```
///
/// `and`, `or` and `not` are keywords, not column names.
struct ExpressionParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private static let keywords: Set<String> = ["and", "or", "not"]

    init(_ source: String) { scalars = Array(source.unicodeScalars) }

    mutating func parseAll() throws(ExpressionError) -> ColumnExpression {
        skipSpaces()
        guard position < scalars.count else {
            throw ExpressionError(message: "expected an expression, found nothing", offset: 0)
        }
        let e = try parseOr()
        skipSpaces()
        if position < scalars.count {
            throw ExpressionError(message: "unexpected '\(scalars[position])'", offset: position)
        }
        return e
    }

    private mutating func skipSpaces() {
        while position < scalars.count, scalars[position] == " " || scalars[position] == "\t" {
            position += 1
        }
    }

    private mutating func peek() -> Unicode.Scalar? {
        skipSpaces()
        return position < scalars.count ? scalars[position] : nil
    }

    /// The scalar after the next one (no spaces skipped), for two-character operators.
    private func peekSecond() -> Unicode.Scalar? {
        position + 1 < scalars.count ? scalars[position + 1] : nil
    }

    private static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || c == "_")
    }

    private static func isNameContinue(_ c: Unicode.Scalar) -> Bool {
        isNameStart(c) || ("0"..."9").contains(c)
    }

    /// The name starting at the current position (after spaces), without consuming it.
    private mutating func peekName() -> String? {
        guard let c = peek(), Self.isNameStart(c) else { return nil }
        var end = position
        var name = ""
        while end < scalars.count, Self.isNameContinue(scalars[end]) {
            name.unicodeScalars.append(scalars[end])
            end += 1
        }
        return name
    }

    /// Consumes the keyword `word` when it comes next as a whole name.
    private mutating func take(keyword word: String) -> Bool {
        guard peekName() == word else { return false }
        position += word.unicodeScalars.count
        return true
    }

    private mutating func parseOr() throws(ExpressionError) -> ColumnExpression {
        var left = try parseAnd()
        while take(keyword: "or") { left = .binary(.or, left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(ExpressionError) -> ColumnExpression {
        var left = try parseNot()
        while take(keyword: "and") { left = .binary(.and, left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(ExpressionError) -> ColumnExpression {
        if take(keyword: "not") { return .not(try parseNot()) }
        return try parseComparison()
    }

    /// The comparison operator at the current position, consumed, or nil.
    private mutating func takeComparison() -> ColumnExpression.BinaryOperator? {
        guard let c = peek() else { return nil }
        let second = peekSecond()
        let op: ColumnExpression.BinaryOperator
        switch (c, second) {
        case ("<", "="): op = .lessOrEqual
        case (">", "="): op = .greaterOrEqual
        case ("=", "="): op = .equal
        case ("!", "="): op = .notEqual
        case ("<", _): op = .less
        case (">", _): op = .greater
        default: return nil
        }
        position += op.rawValue.unicodeScalars.count
        return op
    }

    private mutating func parseComparison() throws(ExpressionError) -> ColumnExpression {
        let left = try parseSum()
        guard let op = takeComparison() else {
            if peek() == "=" {
                throw ExpressionError(message: "unexpected '='; write '==' to compare", offset: position)
            }
            return left
        }
        let result = ColumnExpression.binary(op, left, try parseSum())
        _ = peek()
        let at = position
        if let chained = takeComparison() {
            throw ExpressionError(
                message: "comparisons do not chain; write 'a \(op.rawValue) b and b \(chained.rawValue) c'",
                offset: at)
        }
        return result
    }

    private mutating func parseSum() throws(ExpressionError) -> ColumnExpression {
        var left = try parseProduct()
        while let c = peek(), c == "+" || c == "-" {
            position += 1
            left = .binary(c == "+" ? .add : .subtract, left, try parseProduct())
        }
        return left
    }

    private mutating func parseProduct() throws(ExpressionError) -> ColumnExpression {
        var left = try parseUnary()
        while let c = peek(), c == "*" || c == "/" {
            position += 1
            left = .binary(c == "*" ? .multiply : .divide, left, try parseUnary())
        }
        return left
    }

    private mutating func parseUnary() throws(ExpressionError) -> ColumnExpression {
        if peek() == "-" {
            position += 1
            return .negate(try parseUnary())
        }
        if peek() == "+" {
            position += 1
            return try parseUnary()
        }
        return try parsePower()
    }

    private mutating func parsePower() throws(ExpressionError) -> ColumnExpression {
        let base = try parsePostfix()
        if peek() == "^" {
            position += 1
            return .binary(.power, base, try parseUnary())
        }
        return base
    }

    private mutating func parsePostfix() throws(ExpressionError) -> ColumnExpression {
        var base = try parseAtom()
        while peek() == "." {
            position += 1
            guard let name = peekName() else {
                throw ExpressionError(message: "expected a member name after '.'", offset: position)
            }
            base = .member(base, name, offset: position)
            position += name.unicodeScalars.count
        }
        return base
    }

    private mutating func parseAtom() throws(ExpressionError) -> ColumnExpression {
        guard let c = peek() else {
            let after = position > 0 ? " after '\(scalars[position - 1])'" : ""
            throw ExpressionError(message: "expected a column name or number\(after), found the end",
                                  offset: position)
        }
        let start = position
        if c == "(" {
            position += 1
            let inner = try parseOr()
            guard peek() == ")" else {
                throw ExpressionError(message: "expected ')' to close the '(' at offset \(start)",
                                      offset: position)
            }
            position += 1
            return inner
        }
        if c == "'" || c == "\"" {
            position += 1
            var text = ""
            while position < scalars.count, scalars[position] != c {
                text.unicodeScalars.append(scalars[position])
                position += 1
            }
            guard position < scalars.count else {
                throw ExpressionError(message: "unterminated text: no closing \(c) for the one at offset \(start)",
                                      offset: start)
            }
            position += 1
            return .text(text)
        }
        if c.properties.numericType != nil && c.isASCII || c == "." {
            return .number(try parseNumber())
        }
        if let name = peekName() {
            if Self.keywords.contains(name) {
                throw ExpressionError(message: "expected a column name or number, found '\(name)'", offset: start)
            }
            position += name.unicodeScalars.count
            guard peek() == "(" else { return .column(name, offset: start) }
            guard let function = ColumnExpression.Function(rawValue: name) else {
                throw ExpressionError(message: "unknown function '\(name)' (\(ColumnExpression.Function.catalogue))",
                                      offset: start)
            }
            position += 1
            var arguments: [ColumnExpression] = []
            if peek() != ")" {
                arguments.append(try parseOr())
                while peek() == "," {
                    position += 1
                    arguments.append(try parseOr())
                }
            }
            guard peek() == ")" else {
                throw ExpressionError(message: "expected ',' or ')' after an argument of '\(name)'",
                                      offset: position)
            }
            position += 1
            if let message = function.arityError(arguments.count) {
                throw ExpressionError(message: message, offset: start)
            }
            return .call(function, arguments, offset: start)
        }
        throw ExpressionError(message: "expected a column name or number, found '\(c)'", offset: start)
    }

    private mutating func parseNumber() throws(ExpressionError) -> Double {
        let start = position
        var text = ""
        func take(while accept: (Unicode.Scalar) -> Bool) {
            while position < scalars.count, accept(scalars[position]) {
                text.unicodeScalars.append(scalars[position])
                position += 1
            }
        }
        let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        take(while: isDigit)
        if position < scalars.count, scalars[position] == "." {
            text.append(".")
            position += 1
            take(while: isDigit)
        }
        if position < scalars.count, scalars[position] == "e" || scalars[position] == "E" {
            let mark = position
            var exponent = "e"
            position += 1
            if position < scalars.count, scalars[position] == "-" || scalars[position] == "+" {
                exponent.unicodeScalars.append(scalars[position])
                position += 1
            }
            let digitsStart = position
            while position < scalars.count, isDigit(scalars[position]) {
                exponent.unicodeScalars.append(scalars[position])
                position += 1
            }
            if position == digitsStart { position = mark } else { text += exponent }
        }
        guard let value = Double(text), text != "." else {
            throw ExpressionError(message: "malformed number '\(text)'", offset: start)
        }
        return value
    }
}
