import Foundation
import Testing
@testable import Notebook

@Suite("Column expressions")
struct ResultsExpressionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var source: String
        var expected: Double
        var testDescription: String { "\(source) = \(expected)" }
    }

    /// Row: lr = 0.1, batch = 16, step = 300, loss = 2.
    static let row: [String: Cell] = [
        "lr": .number(0.1), "batch": .number(16), "step": .number(300), "loss": .number(2),
    ]

    static let cases: [Case] = [
        Case(source: "lr/batch", expected: 0.1 / 16),                // 0.00625
        Case(source: "lr/sqrt(batch)", expected: 0.1 / 4),           // √16 = 4
        Case(source: "lr*step", expected: 30),                       // 0.1 · 300
        Case(source: "1 + 2 * 3", expected: 7),                      // * before +
        Case(source: "(1 + 2) * 3", expected: 9),
        Case(source: "2^3^2", expected: 512),                        // right-assoc: 2^9
        Case(source: "-loss^2", expected: -4),                       // -(2^2)
        Case(source: "10 - 4 - 3", expected: 3),                     // left-assoc
        Case(source: "24 / 4 / 3", expected: 2),
        Case(source: "log(exp(loss))", expected: 2),
        Case(source: "log10(1e-3)", expected: -3),
        Case(source: "abs(-batch)", expected: 16),
        Case(source: "1.5e2 + .5", expected: 150.5),
        Case(source: "  lr  *  10 ", expected: 1),
    ]

    @Test("expressions evaluate by the usual precedence", arguments: cases)
    func evaluates(_ c: Case) throws {
        let e = try ColumnExpression(parsing: c.source)
        let value = try #require(e.evaluate { Self.row[$0] ?? .missing })
        #expect(abs(value - c.expected) <= 1e-12 * max(1, abs(c.expected)))
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var source: String
        var offset: Int
        var message: String
        var testDescription: String { "'\(source)' fails at \(offset)" }
    }

    static let errors: [ErrorCase] = [
        ErrorCase(source: "lr/", offset: 3, message: "expected a column name or number after '/', found the end"),
        ErrorCase(source: "lr batch", offset: 3, message: "unexpected 'b'"),
        ErrorCase(source: "(lr", offset: 3, message: "expected ')' to close the '(' at offset 0"),
        ErrorCase(source: "sin(lr)", offset: 0, message: "unknown function 'sin' (row functions: sqrt, log, log10, exp, abs, round, if; aggregates: mean, std, sem, min, max, median, count, sum, first, last, quantile, argmax, argmin, pearson, spearman, fit)"),
        ErrorCase(source: "lr % 2", offset: 3, message: "unexpected '%'"),
        ErrorCase(source: "η*2", offset: 0, message: "expected a column name or number, found 'η'"),
        ErrorCase(source: "", offset: 0, message: "expected an expression, found nothing"),
        ErrorCase(source: "2 * (η)", offset: 5, message: "expected a column name or number, found 'η'"),
    ]

    @Test("a syntax error carries its message and scalar offset", arguments: errors)
    func reportsOffset(_ c: ErrorCase) {
        #expect(throws: ExpressionError(message: c.message, offset: c.offset)) {
            try ColumnExpression(parsing: c.source)
        }
    }

    @Test("missing or text operands make the result missing")
    func missingPropagates() throws {
        let e = try ColumnExpression(parsing: "lr/batch")
        #expect(e.evaluate { $0 == "lr" ? .number(1) : .missing } == nil)
        #expect(e.evaluate { $0 == "lr" ? .number(1) : .text("x") } == nil)
    }

    @Test("the canonical spelling round-trips and keeps needed parentheses")
    func canonicalSpelling() throws {
        for (source, canonical) in [("lr / ( batch )", "lr/batch"), ("(a+b)*c", "(a+b)*c"),
                                     ("a-(b-c)", "a-(b-c)"), ("(2^3)^2", "(2^3)^2"),
                                     ("-(a+b)", "-(a+b)"), ("lr/sqrt(batch)", "lr/sqrt(batch)")] {
            let e = try ColumnExpression(parsing: source)
            #expect(e.description == canonical)
            #expect(try ColumnExpression(parsing: e.description) == e)
        }
    }

    @Test("columns lists each name once, in order of use")
    func columnsInOrder() throws {
        #expect(try ColumnExpression(parsing: "lr*step/lr + sqrt(batch)").columns == ["lr", "step", "batch"])
    }

    @Test("a derived column is appended with one value per row; unknown columns are errors")
    func derivedColumn() throws {
        let table = ResultTable(columns: ["lr", "batch"],
                                rows: [[.number(0.1), .number(10)], [.number(0.2), .missing]])
        let derived = try table.adding("ratio", ColumnExpression(parsing: "lr/batch"))
        #expect(derived.columns == ["lr", "batch", "ratio"])
        #expect(derived.values(of: "ratio") == [.number(0.1 / 10), .missing])
        #expect(throws: ResultTableError.self) {
            try table.adding("r", ColumnExpression(parsing: "lr/bach"))
        }
        let expression = try ColumnExpression(parsing: "lr/bach")
        let error = #expect(throws: ResultTableError.self) { try table.cells(of: expression) }
        #expect(error?.suggestion == "batch")
        #expect(error?.message == "unknown column 'bach' (the table has 'lr', 'batch')")
    }
}
