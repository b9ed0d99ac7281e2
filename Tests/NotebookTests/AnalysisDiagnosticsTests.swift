import Testing
@testable import Notebook

/// `minima check` diagnostics of `derive` steps and of `{minima}`/`{claim}` spans in the prose,
/// each at its exact `file:line:col` (columns counted by hand in the text below).
@Suite("Check-time diagnostics of derive steps, inline values and claims")
struct AnalysisDiagnosticsTests {
    /// 26 lines; a case's text starts on line 27.
    static let head = """
        ---
        params: { epochs: 2 }
        profiles:
          quick: { epochs: 1 }
        seeds: [1]
        ---

        ```dataset blobs
        source: blobs
        train: 64
        test: 32
        ```

        ```train base
        data: blobs
        model: { mlp: [4] }
        lr: 0.05
        batch: 16
        epochs: ${epochs}
        ```

        ```sweep grid
        base: base
        grid: { lr: [0.05, 0.1] }
        ```


        """

    static func diagnostics(_ tail: String) -> [Diagnostic] {
        NotebookParser.parse(head + tail, file: "nb.md").1
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        /// The first line of the only diagnostic.
        var expected: String
        /// Its first note, if checked.
        var note: String? = nil
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "derive: unknown column in group_by", text: """
            ```derive d
            of: grid
            group_by: [lrr]
            ```
            """, expected: "nb.md:29:11: error: step 'd' reads no column 'lrr' (used in 'group_by')",
            note: "did you mean 'lr'?"),
        Case(name: "derive: unknown column in a columns expression", text: """
            ```derive d
            of: grid
            columns: [lr, "acc": mean(test_ac)]
            ```
            """, expected: "nb.md:29:27: error: step 'd' reads no column 'test_ac' (used in 'columns')",
            note: "did you mean 'test_acc'?"),
        Case(name: "derive: unknown column in a where expression", text: """
            ```derive d
            of: grid
            where: "epoch >= 1 and tset_acc > 0"
            ```
            """, expected: "nb.md:29:24: error: step 'd' reads no column 'tset_acc' (used in 'where')",
            note: "did you mean 'test_acc'?"),
        Case(name: "derive: unknown column in join.on", text: """
            ```derive d
            of: grid
            join: {step: grid, on: [lr, sede]}
            ```
            """, expected: "nb.md:29:7: error: step 'd' reads no column 'sede' (used in 'join')",
            note: "did you mean 'seed'?"),
        Case(name: "derive: unknown column in join.columns", text: """
            ```derive d
            of: grid
            join: {step: grid, on: [lr], columns: [tset_acc]}
            ```
            """, expected: "nb.md:29:7: error: step 'd' reads no column 'tset_acc' (used in 'join')"),
        Case(name: "derive: sort by a column the derived table does not have", text: """
            ```derive d
            of: grid
            group_by: [lr]
            columns:
              - acc: mean(test_acc)
            sort: [ac]
            ```
            """, expected: "nb.md:32:7: error: step 'd' reads no column 'ac' (used in 'sort')",
            note: "did you mean 'acc'?"),
        Case(name: "derive: an aggregate inside an aggregate", text: """
            ```derive d
            of: grid
            columns:
              - top: max(mean(test_acc))
            ```
            """, expected: "nb.md:30:14: error: invalid expression 'max(mean(test_acc))' in 'columns': aggregate 'mean' inside the argument of 'max'; an aggregate's arguments are read row by row"),
        Case(name: "derive: a grouped plain column reads a column that is not a key", text: """
            ```derive d
            of: grid
            group_by: [lr]
            columns:
              - acc: mean(test_acc)
              - ratio: acc / batch
            ```
            """, expected: "nb.md:32:18: error: step 'd' reads no column 'batch' (used in 'columns')",
            note: "columns it reads: lr, acc"),
        Case(name: "inline value: unknown step", text: """
            The best is `{minima} gird: max(test_acc)` here.
            """, expected: "nb.md:27:23: error: unknown step 'gird' in an inline value", note: "did you mean 'grid'?"),
        Case(name: "inline value: unknown column inside the expression", text: """
            The best is `{minima} grid[final == 1]: max(tset_acc) | fixed=2` here.
            """, expected: "nb.md:27:45: error: step 'grid' has no column 'tset_acc'", note: "did you mean 'test_acc'?"),
        Case(name: "inline value: unknown column inside the row filter", text: """
            The best is `{minima} grid[fnal == 1]: max(test_acc)` here.
            """, expected: "nb.md:27:28: error: step 'grid' has no column 'fnal'", note: "did you mean 'final'?"),
        Case(name: "inline value: unknown function", text: """
            The best is `{minima} grid: maxx(test_acc)` here.
            """, expected: "nb.md:27:29: error: invalid expression 'maxx(test_acc)': unknown function 'maxx' (row functions: sqrt, log, log10, exp, abs, round, if; aggregates: mean, std, sem, min, max, median, count, sum, first, last, quantile, argmax, argmin, pearson, spearman, fit)"),
        Case(name: "inline value: unknown format word", text: """
            The best is `{minima} grid: max(test_acc) | fixd=2` here.
            """, expected: "nb.md:27:45: error: unknown format 'fixd'", note: "did you mean 'fixed'?"),
        Case(name: "inline value: no ':' after the step id", text: """
            The best is `{minima} grid max(test_acc)` here.
            """, expected: "nb.md:27:28: error: expected ':' after the step id 'grid'"),
        Case(name: "inline value: a step without a table", text: """
            ```plot p
            of: grid
            x: epoch
            y: test_acc
            ```

            The figure has `{minima} p: count()` rows.
            """, expected: "nb.md:33:26: error: step 'p' is a plot step and has no result table to compute from"),
        Case(name: "claim: unknown profile in skip=", text: """
            It holds: `{claim skip=quik} grid: max(test_acc) > 0`.
            """, expected: "nb.md:27:11: error: unknown profile 'quik' in 'skip='", note: "did you mean 'quick'?"),
        Case(name: "claim: a format is not allowed", text: """
            It holds: `{claim} grid: max(test_acc) > 0 | fixed=2`.
            """, expected: "nb.md:27:44: error: a claim takes no format"),
    ]

    @Test("each mistake is one error at its own position", arguments: cases)
    func diagnostic(_ c: Case) {
        let found = Self.diagnostics(c.text)
        #expect(found.count == 1, "\(found)")
        #expect(found.first.map { String($0.description.split(separator: "\n")[0]) } == c.expected)
        if let note = c.note { #expect(found.first?.notes.first == note, "\(found)") }
    }

    @Test("a {minima} span in a fenced or indented code block is code, not a computation")
    func codeBlocksAreNotParsed() {
        let text = """
            ```text
            Not parsed: `{minima} gird: max(test_acc)` stays code.
            ```

                `{minima} gird: nothing(` indented code is not prose either

            But this one is: `{minima} grid: max(test_acc)`.
            """
        let (document, diagnostics) = NotebookParser.parse(Self.head + text, file: "nb.md")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(document.computations.map(\.literal) == ["{minima} grid: max(test_acc)"])
        #expect(document.computations.first?.position == SourcePosition(file: "nb.md", line: 33, column: 18))
    }

    @Test("a span over two lines of a quote or a list item has cmark's literal (no '>' or indent inside)")
    func spanOverContainerLines() {
        let text = """
            > Quoted `{minima} grid:
            > count()` rows.

            - Listed `{minima} grid:
              max(test_acc)` here.
            """
        let (document, diagnostics) = NotebookParser.parse(Self.head + text, file: "nb.md")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(document.computations.map(\.literal) == ["{minima} grid: count()", "{minima} grid: max(test_acc)"])
        #expect(document.computations.map(\.expressionPosition) == [SourcePosition(file: "nb.md", line: 28, column: 3),
                                                                    SourcePosition(file: "nb.md", line: 31, column: 3)])
    }

    @Test("a derive column may mix a row expression with an aggregate over all rows (no group_by)")
    func broadcastIsAllowed() {
        let found = Self.diagnostics("""
            ```derive d
            of: grid
            columns:
              - lr
              - rel: test_acc/max(test_acc)
            ```
            """)
        #expect(found.isEmpty, "\(found)")
    }

    @Test("a derive column with group_by may not read a column outside an aggregate in an aggregate column")
    func groupedMixIsAnError() {
        let found = Self.diagnostics("""
            ```derive d
            of: grid
            group_by: [lr]
            columns:
              - rel: test_acc/max(test_acc)
            ```
            """)
        #expect(found.map(\.position) == [SourcePosition(file: "nb.md", line: 31, column: 10)], "\(found)")
    }

    @Test("a spec read through an inline value sees the derive step's own columns")
    func inlineValueOfDerive() {
        let found = Self.diagnostics("""
            ```derive d
            of: grid
            group_by: [lr]
            columns:
              - acc: mean(test_acc)
            ```

            Best: `{minima} d: max(acc)`, not `{minima} d: max(test_acc)`.
            """)
        #expect(found.map { String($0.description.split(separator: "\n")[0]) }
                == ["nb.md:34:52: error: step 'd' has no column 'test_acc'"], "\(found)")
    }
}

@Suite("Claim statements")
struct ClaimStatementTests {
    @Test("a claim states the clause before it, after any earlier claim, with values filled in by the page")
    func statement() throws {
        let text = """
            ```simulate s
            dim: 2
            n: 100
            ratio: [0.01]
            batch: [1]
            chains: 1
            ```

            **Result.** With i.i.d. batches the best is `{minima} s: max(measured) | fixed=2` and it
            beats zero `{claim} s: max(measured) > 0`, and it is finite `{claim} s: max(measured) < 1e9`.
            """
        let (document, _) = NotebookParser.parse(text, file: "nb.md")
        let claims = document.computations.filter { $0.kind == .claim }
        #expect(claims.count == 2)
        let mark = InlineComputation.statementMark, end = InlineComputation.statementMarkEnd
        // "i.i.d. batches" does not end a sentence; "**Result.**" does.
        #expect(claims[0].statement == "With i.i.d. batches the best is \(mark){minima} s: max(measured) | fixed=2\(end) and it beats zero")
        #expect(claims[1].statement == ", and it is finite" || claims[1].statement == "and it is finite")
        let filled = InlineComputation.filledStatement(claims[0].statement) { literal in
            literal == "{minima} s: max(measured) | fixed=2" ? "0.42" : nil
        }
        #expect(filled == "With i.i.d. batches the best is 0.42 and it beats zero")
        #expect(InlineComputation.filledStatement("x \(mark){minima} t: y\(end) z") { _ in nil } == "x … z")
    }
}
