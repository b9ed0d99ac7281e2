import Foundation
import Testing
import Yams
@testable import Notebook

/// Comparisons, booleans, text, calls with several arguments and member access; `check`.
@Suite("Expression language: grammar and checks")
struct ExpressionLanguageTests {
    static func parse(_ s: String) throws -> ColumnExpression { try ColumnExpression(parsing: s) }

    @Test("comparisons bind looser than arithmetic, and looser than not, and, or in turn")
    func precedence() throws {
        let e = try Self.parse("a + b < c * d and not e == 'x' or f")
        guard case .binary(.or, let left, .column("f", _)) = e,
              case .binary(.and, let comparison, .not(.binary(.equal, .column("e", _), .text("x")))) = left,
              case .binary(.less, .binary(.add, _, _), .binary(.multiply, _, _)) = comparison
        else { Issue.record("unexpected tree \(e)"); return }
        #expect(e.description == "a+b < c*d and not e == 'x' or f")
        #expect(try Self.parse("(a or b) and c").description == "(a or b) and c")
        #expect(try Self.parse("-(x < 1)").description == "-(x < 1)")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var source: String
        var expected: Double?
        var testDescription: String { "\(source) = \(expected.map { "\($0)" } ?? "missing")" }
    }

    /// Row: lr stored from a Float, batch = 16, name = CLR, gap missing.
    static let row: [String: Cell] = [
        "lr": .number(Double(Float(0.1))), "batch": .number(16), "name": .text("CLR"), "gap": .missing,
    ]

    static let cases: [Case] = [
        Case(source: "batch >= 16 and batch < 32", expected: 1),
        Case(source: "batch > 16 or batch <= 8", expected: 0),
        Case(source: "lr == 0.1", expected: 1),              // 1e-6 relative tolerance, as where: {lr: 0.1}
        Case(source: "lr != 0.1", expected: 0),
        Case(source: "lr < 0.1", expected: 0),
        Case(source: "name == 'CLR'", expected: 1),
        Case(source: "name != \"CLR\"", expected: 0),
        Case(source: "name < 'D'", expected: 1),              // texts compare as text
        Case(source: "not batch > 8", expected: 0),
        Case(source: "1 + (2 < 3)", expected: 2),
        Case(source: "gap > 1", expected: nil),                // missing operand → missing
        Case(source: "gap > 1 or 1", expected: nil),
        Case(source: "name == 1", expected: nil),               // text against number → missing
        Case(source: "round(2.345, 2)", expected: 2.35),
        Case(source: "round(1250, -2)", expected: 1300),
        Case(source: "round(-2.5)", expected: -3),
        Case(source: "mean(batch)", expected: nil),            // aggregates have no row value
    ]

    @Test("row-context values", arguments: cases)
    func evaluates(_ c: Case) throws {
        let value = try Self.parse(c.source).evaluate { Self.row[$0] ?? .missing }
        #expect(value == c.expected)
    }

    @Test("member access and multi-argument calls record the offsets of names")
    func members() throws {
        let e = try Self.parse("fit(y, x).slope")
        guard case .member(.call(.fit, let arguments, offset: 0), "slope", offset: 10) = e,
              case .column("y", offset: 4) = arguments[0], case .column("x", offset: 7) = arguments[1]
        else { Issue.record("unexpected tree \(e)"); return }
        #expect(e == .member(.call(.fit, [.column("y"), .column("x")]), "slope"))   // offsets do not count
        let refs = try Self.parse("argmax(test_acc).lr + fit(lr, b).r2").columnReferences
        #expect(refs.map(\.name) == ["test_acc", "lr", "lr", "b"])
        #expect(refs.map(\.offset) == [7, 17, 26, 30])
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var source: String
        var offset: Int
        var message: String
        var testDescription: String { "'\(source)' fails at \(offset)" }
    }

    static let syntaxErrors: [ErrorCase] = [
        ErrorCase(source: "1 < 2 < 3", offset: 6, message: "comparisons do not chain; write 'a < b and b < c'"),
        ErrorCase(source: "batch = 2", offset: 6, message: "unexpected '='; write '==' to compare"),
        ErrorCase(source: "name == 'CLR", offset: 8, message: "unterminated text: no closing ' for the one at offset 8"),
        ErrorCase(source: "quantile(x)", offset: 0, message: "'quantile' takes 2 arguments (x, q), found 1"),
        ErrorCase(source: "mean(x, y)", offset: 0, message: "'mean' takes 1 argument (x), found 2"),
        ErrorCase(source: "fit(y, x).", offset: 10, message: "expected a member name after '.'"),
        ErrorCase(source: "a and or b", offset: 6, message: "expected a column name or number, found 'or'"),
        ErrorCase(source: "pearson(x y)", offset: 10, message: "expected ',' or ')' after an argument of 'pearson'"),
    ]

    @Test("syntax errors carry their scalar offset", arguments: syntaxErrors)
    func syntaxError(_ c: ErrorCase) {
        #expect(throws: ExpressionError(message: c.message, offset: c.offset)) { try Self.parse(c.source) }
    }

    static let columns: Set<String> = ["lr", "batch", "test_acc", "lambda_max", "name"]

    static func errors(_ source: String, _ context: ColumnExpression.Context) throws -> [String] {
        try Self.parse(source).check(columns: columns, context: context).map { "\($0.offset): \($0.message)" }
    }

    @Test("check finds unknown columns at their offsets, with a suggestion")
    func unknownColumns() throws {
        let found = try Self.parse("mean(tset_acc) - argmax(lr).bacth").check(columns: Self.columns, context: .set)
        #expect(found.map(\.offset) == [5, 28])
        #expect(found.map(\.unknownColumn) == ["tset_acc", "bacth"])
        #expect(found.map(\.suggestion) == ["test_acc", "batch"])
        #expect(try Self.parse("tset_acc").check(columns: nil, context: .row).isEmpty)
    }

    @Test("check reports aggregates in the row context, nesting, records and stray columns")
    func contextErrors() throws {
        #expect(try Self.errors("lr / mean(batch)", .row)
                == ["5: 'mean' aggregates rows; use it in a derive step, an inline value or a claim"])
        #expect(try Self.errors("mean(max(lr))", .set)
                == ["5: aggregate 'max' inside the argument of 'mean'; an aggregate's arguments are read row by row"])
        #expect(try Self.errors("mean(lr) - lr", .set)
                == ["11: column 'lr' has no single value over a set of rows; wrap it in an aggregate, e.g. mean(lr) or first(lr)"])
        #expect(try Self.errors("lr.x", .row)
                == ["3: '.x' reads a member of a record, but 'lr' is not one (only argmax, argmin and fit return records)"])
        #expect(try Self.errors("fit(lr, batch).slop", .set)
                == ["15: 'fit' has no member 'slop' (it has 'slope', 'intercept', 'r2', 'n')"])
        #expect(try Self.errors("fit(lr, batch)", .set)
                == ["0: 'fit(lr, batch)' is a least-squares record; read one of its members, e.g. 'fit(lr, batch).slope' (or .intercept, .r2, .n); a bare fit has no single value"])
        #expect(try Self.errors("argmax(lr) + 1", .set)
                == ["0: 'argmax(lr)' is a row; read one of its columns, e.g. 'argmax(lr).lr'"])
        #expect(try Self.errors("quantile(lr, batch)", .set)
                == ["0: the level of 'quantile' must be a constant number between 0 and 1, found 'batch'"])
        #expect(try Self.errors("argmax(test_acc)", .set).isEmpty)   // a row is a value of its own
        #expect(try Self.errors("mean(test_acc) > 0.8 and std(test_acc) < 0.02", .set).isEmpty)
        #expect(try Self.errors("lr/batch >= 0.001 and name == 'CLR'", .row).isEmpty)
    }

    @Test("check finds an arity error in a hand-built tree")
    func arityOfHandBuiltTree() {
        let e = ColumnExpression.call(.sqrt, [.number(1), .number(2)], offset: 3)
        #expect(e.check(columns: nil, context: .row) == [ExpressionError(message: "'sqrt' takes 1 argument (x), found 2", offset: 3)])
    }
}
