/// A recursive-descent parser for `ColumnExpression` (one token of look-ahead).
///
/// Grammar: `sum := product (('+'|'-') product)*`, `product := unary (('*'|'/') unary)*`,
/// `unary := '-' unary | power`, `power := atom ('^' unary)?`,
/// `atom := number | name | name '(' sum ')' | '(' sum ')'`.
struct ExpressionParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ source: String) { scalars = Array(source.unicodeScalars) }

    mutating func parseAll() throws(ExpressionError) -> ColumnExpression {
        skipSpaces()
        guard position < scalars.count else {
            throw ExpressionError(message: "expected an expression, found nothing", offset: 0)
        }
        let e = try parseSum()
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
        let base = try parseAtom()
        if peek() == "^" {
            position += 1
            return .binary(.power, base, try parseUnary())
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
            let inner = try parseSum()
            guard peek() == ")" else {
                throw ExpressionError(message: "expected ')' to close the '(' at offset \(start)",
                                      offset: position)
            }
            position += 1
            return inner
        }
        if c.properties.numericType != nil && c.isASCII || c == "." {
            return .number(try parseNumber())
        }
        if c.isASCII, c.properties.isAlphabetic || c == "_" {
            var name = ""
            while position < scalars.count,
                  scalars[position].isASCII,
                  scalars[position].properties.isAlphabetic || scalars[position] == "_"
                    || ("0"..."9").contains(scalars[position]) {
                name.unicodeScalars.append(scalars[position])
                position += 1
            }
            guard peek() == "(" else { return .column(name) }
            guard let function = ColumnExpression.Function(rawValue: name) else {
                let known = ColumnExpression.Function.allCases.map(\.rawValue).joined(separator: ", ")
                throw ExpressionError(message: "unknown function '\(name)' (known: \(known))",
                                      offset: start)
            }
            position += 1
            let argument = try parseSum()
            guard peek() == ")" else {
                throw ExpressionError(message: "expected ')' after the argument of '\(name)'",
                                      offset: position)
            }
            position += 1
            return .call(function, argument)
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
