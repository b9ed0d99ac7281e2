import Foundation
import Testing
import Yams
@testable import Notebook

/// Aggregates over a hand-made table, grouping, expression filters and the string `where:`.
@Suite("Expression language: aggregates and grouping")
struct ExpressionAggregateTests {
    /// lr × batch with a curvature and an accuracy (one missing, one nan) and an optimizer name.
    static let table = ResultTable(
        columns: ["lr", "batch", "lambda_max", "test_acc", "name"],
        rows: [
            [.number(0.1), .number(16), .number(40), .number(0.80), .text("SGD")],
            [.number(0.1), .number(32), .number(21), .number(0.82), .text("SGD")],
            [.number(0.1), .number(64), .number(9.5), .number(0.85), .text("CLR")],
            [.number(0.2), .number(16), .number(80), .number(0.70), .text("CLR")],
            [.number(0.2), .number(32), .number(41), .missing, .text("CLR")],
            [.number(0.2), .number(64), .number(20), .number(.nan), .text("SGD")],
        ])

    static func value(_ source: String, over table: ResultTable = table) throws -> ExpressionValue {
        try ColumnExpression(parsing: source).evaluate(over: table)
    }

    static func number(_ source: String) throws -> Double {
        try #require(try value(source).number, "\(source)")
    }

    @Test("aggregates skip missing and non-finite values")
    func simpleAggregates() throws {
        // test_acc's finite values: 0.80, 0.82, 0.85, 0.70.
        #expect(abs(try Self.number("mean(test_acc)") - 0.7925) < 1e-15)
        #expect(abs(try Self.number("max(test_acc) - min(test_acc)") - 0.15) < 1e-15)
        #expect(try Self.number("count()") == 6)
        #expect(try Self.number("count(test_acc)") == 4)
        #expect(try Self.number("count(name)") == 6)                  // text counts as present
        #expect(try Self.number("sum(batch)") == 224)
        #expect(try Self.number("median(batch)") == 32)
        #expect(try Self.number("quantile(lambda_max, 0.5)") == 30.5) // (21 + 40) / 2
        // nan > 0.75 is 0 (IEEE), the missing row is skipped: 3 of 5.
        #expect(try Self.number("mean(test_acc > 0.75)") == 0.6)
        #expect(try Self.value("first(name)") == .text("SGD"))
        #expect(try Self.value("last(test_acc)") == .number(0.70))
        #expect(try Self.number("abs(-count()) + round(0.4)") == 6)
    }

    @Test("if(condition, x, y) selects per row, so aggregates can read one subset")
    func conditional() throws {
        // Batch 16 rows: lambda_max 40 and 80; the other rows become missing and are skipped.
        #expect(try Self.number("mean(if(batch == 16, lambda_max))") == 60)
        #expect(try Self.number("count(if(name == 'CLR', lr))") == 3)
        #expect(try Self.number("sum(if(lr < 0.15, 1, 0))") == 3)
        #expect(try Self.value("first(if(batch == 64, name))") == .text("CLR"))   // text is kept
        #expect(try Self.number("max(if(name == 'SGD', lambda_max)) - min(if(name == 'CLR', lambda_max))") == 40 - 9.5)
        // Row context: a missing condition is missing, not the else branch.
        let e = try ColumnExpression(parsing: "if(x > 1, 10, 20)")
        #expect(e.evaluate { _ in .number(2) } == 10)
        #expect(e.evaluate { _ in .number(0) } == 20)
        #expect(e.evaluate { _ in .missing } == nil)
        #expect(throws: ExpressionError.self) { try ColumnExpression(parsing: "if(x)") }
    }

    @Test("argmax and argmin give the first peaking row, read with .column")
    func argmax() throws {
        #expect(try Self.number("argmax(test_acc).batch") == 64)
        #expect(try Self.number("argmin(test_acc).lr") == 0.2)
        #expect(try Self.value("argmax(lr).batch") == .number(16))    // ties: the first row
        #expect(try Self.value("argmax(test_acc).name") == .text("CLR"))
        guard case .row(let row) = try Self.value("argmin(lambda_max)") else { Issue.record("not a row"); return }
        #expect(row["lambda_max"] == .number(9.5) && row["batch"] == .number(64))
    }

    @Test("correlations and fits over row expressions match SciPy")
    func correlationAndFit() throws {
        // scipy.stats.linregress(log(lr/batch), log(lambda_max)) over the six rows
        #expect(abs(try Self.number("fit(log(lambda_max), log(lr/batch)).slope") - 1.0170214841973317) < 1e-12)
        #expect(abs(try Self.number("fit(log(lambda_max), log(lr/batch)).intercept") - 8.860037704194681) < 1e-11)
        #expect(abs(try Self.number("fit(log(lambda_max), log(lr/batch)).r2") - 0.9982565548629612) < 1e-12)
        #expect(try Self.number("fit(log(lambda_max), log(lr/batch)).n") == 6)
        // scipy.stats.spearmanr(lambda_max, lr/batch): lr/batch has a tie (0.1/32 = 0.2/64)
        #expect(abs(try Self.number("spearman(lambda_max, lr/batch)") - 0.9710083124552245) < 1e-12)
        #expect(try Self.number("spearman(lambda_max, lr/batch) > 0.9 and count() == 6") == 1)
        guard case .fit(let fit) = try Self.value("fit(lambda_max, batch)") else { Issue.record("not a fit"); return }
        #expect(fit.n == 6)
    }

    @Test("degenerate statistics are missing, not nan")
    func degenerate() throws {
        let one = try Self.table.filtered(by: ColumnExpression(parsing: "batch == 16 and lr == 0.1"))
        #expect(one.rows.count == 1)
        #expect(try Self.value("std(test_acc)", over: one) == .missing)
        #expect(try Self.value("pearson(lr, batch)", over: one) == .missing)
        #expect(try Self.value("fit(test_acc, batch).slope", over: one) == .missing)
        #expect(try Self.value("fit(test_acc, lr).slope", over: Self.table.filtered(by: ColumnExpression(parsing: "lr == 0.1"))) == .missing)
        let empty = ResultTable(columns: Self.table.columns)
        #expect(try Self.value("mean(test_acc)", over: empty) == .missing)
        #expect(try Self.value("argmax(test_acc).lr", over: empty) == .missing)
        #expect(try Self.value("count()", over: empty) == .number(0))
    }

    @Test("evaluating over a set throws with the culprit's offset")
    func setErrors() {
        #expect(throws: ExpressionError(message: "unknown column 'tset_acc'", offset: 5, unknownColumn: "tset_acc",
                                        suggestion: "test_acc")) { try Self.value("mean(tset_acc)") }
        #expect(throws: ExpressionError.self) { try Self.value("mean(max(test_acc))") }
        #expect(throws: ExpressionError.self) { try Self.value("batch + 1") }
        #expect(throws: ExpressionError.self) { try Self.value("fit(lr, batch) + 1") }
    }

    @Test("grouping evaluates each expression over each group, in order of first appearance")
    func grouping() throws {
        let columns: [(name: String, expression: ColumnExpression)] = try [
            ("n", ColumnExpression(parsing: "count()")),
            ("acc", ColumnExpression(parsing: "mean(test_acc)")),
            ("spread", ColumnExpression(parsing: "std(test_acc)")),
            ("best_batch", ColumnExpression(parsing: "argmax(test_acc).batch")),
            ("opt", ColumnExpression(parsing: "first(name)")),
        ]
        let out = try Self.table.grouped(by: ["lr"], columns: columns)
        #expect(out.columns == ["lr", "n", "acc", "spread", "best_batch", "opt"])
        #expect(out.keyColumns == ["lr"])
        #expect(out.rows.count == 2)
        // lr = 0.1: accuracies 0.80, 0.82, 0.85 (np.std(ddof=1) = 0.025166114784235826)
        #expect(out.rows[0][0] == .number(0.1) && out.rows[0][1] == .number(3))
        #expect(abs(out.rows[0][2].number! - 0.8233333333333333) < 1e-15)
        #expect(abs(out.rows[0][3].number! - 0.025166114784235826) < 1e-15)
        #expect(out.rows[0][4] == .number(64) && out.rows[0][5] == .text("SGD"))
        // lr = 0.2: one finite accuracy, so no spread.
        #expect(out.rows[1] == [.number(0.2), .number(3), .number(0.70), .missing, .number(16), .text("CLR")])

        let whole = try Self.table.grouped(by: [], columns: [("n", ColumnExpression(parsing: "count()"))])
        #expect(whole.columns == ["n"] && whole.rows == [[.number(6)]])
        let none = try ResultTable(columns: ["lr"]).grouped(by: [], columns: [("n", ColumnExpression(parsing: "count()"))])
        #expect(none.rows == [[.number(0)]])
    }

    @Test("grouping rejects unknown keys, record values and duplicate names")
    func groupingErrors() throws {
        #expect(throws: ResultTableError.self) { try Self.table.grouped(by: ["lrr"], columns: []) }
        #expect(throws: ResultTableError.self) {
            try Self.table.grouped(by: [], columns: [("best", ColumnExpression(parsing: "argmax(test_acc)"))])
        }
        #expect(throws: ResultTableError.self) {
            try Self.table.grouped(by: ["lr"], columns: [("lr", ColumnExpression(parsing: "count()"))])
        }
    }

    @Test("expression filters keep rows where the condition is a nonzero number")
    func expressionFilter() throws {
        let kept = try Self.table.filtered(by: RowFilter(expression: "batch >= 32 and name == 'CLR'"))
        #expect(kept.rows.map { $0[2] } == [.number(9.5), .number(41)])
        // nan and missing accuracies drop their rows.
        #expect(try Self.table.filtered(by: ColumnExpression(parsing: "test_acc > 0")).rows.count == 4)
        #expect(throws: ResultTableError.self) { try Self.table.filtered(by: RowFilter(expression: "bach > 1")) }
        #expect(throws: ResultTableError.self) { try Self.table.filtered(by: RowFilter(expression: "mean(lr) > 1")) }
        #expect(throws: ResultTableError.self) { try Self.table.filtered(by: RowFilter(expression: "lr >")) }
    }

    @Test("where: decodes a string as an expression and keeps the mapping form")
    func whereDecoding() throws {
        let spec = try YAMLDecoder().decode(PlotSpec.self, from: """
            of: s
            x: lr
            y: test_acc
            where: "epoch >= 30 and batch <= 64"
            """)
        #expect(spec.where == RowFilter(expression: "epoch >= 30 and batch <= 64"))
        let table = try YAMLDecoder().decode(TableSpec.self, from: "of: s\nwhere: {batch: [32, 64]}\n")
        #expect(table.where == RowFilter(["batch": [.number(32), .number(64)]]))
        #expect(try YAMLEncoder().encode(spec.where) == "epoch >= 30 and batch <= 64\n")
    }

    struct NotebookCase: Sendable, CustomTestStringConvertible {
        var plot: String
        var expected: String
        var testDescription: String { expected }
    }

    /// The plot block starts on line 8 of the notebook (`# T`, blank, a 4-line simulate step, blank).
    static let notebookCases: [NotebookCase] = [
        NotebookCase(plot: "of: s\nx: ratio\ny: measured\nwhere: \"batch >= 2 and rato < 1\"",
                     expected: "nb.md:12:24: error: step 's' has no column 'rato' (used in 'where')"),
        NotebookCase(plot: "of: s\nx: ratio\ny: measured\nwhere: batch >= 2 and rato < 1",
                     expected: "nb.md:12:23: error: step 's' has no column 'rato' (used in 'where')"),
        NotebookCase(plot: "of: s\nx: ratio\ny: measured\nwhere: 'batch >= 2 and'",
                     expected: "nb.md:12:23: error: invalid expression 'batch >= 2 and' in 'where': expected a column name or number after 'd', found the end"),
        NotebookCase(plot: "of: s\nx: ratio\ny: [measured, mean(measured)]",
                     expected: "nb.md:11:15: error: invalid expression 'mean(measured)' in 'y': 'mean' aggregates rows; use it in a derive step, an inline value or a claim"),
        NotebookCase(plot: "of: s\nx: lr/bath\ny: measured",
                     expected: "nb.md:10:7: error: step 's' has no column 'bath' (used in 'x')"),
    ]

    @Test("plot expressions and string filters are checked with positions inside the text", arguments: notebookCases)
    func notebookPositions(_ c: NotebookCase) {
        let text = "# T\n\n```simulate s\nratio: [0.01]\nbatch: [1]\n```\n\n```plot p\n\(c.plot)\n```\n"
        let (_, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        #expect(diagnostics.first.map { String($0.description.split(separator: "\n")[0]) } == c.expected,
                "\(diagnostics)")
        #expect(diagnostics.count == 1, "\(diagnostics)")
    }

    @Test("a valid string filter passes the notebook check")
    func validWhere() {
        let text = "# T\n\n```simulate s\nratio: [0.01]\nbatch: [1]\n```\n\n```table t\nof: s\nwhere: \"batch >= 1 and sampling == 'sde'\"\n```\n"
        let (document, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(document.steps.count == 2)
    }
}
