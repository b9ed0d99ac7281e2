import Testing
@testable import Notebook

/// `plot` with `of: [a, b]`: the listed steps' rows are stacked with a `source` column. Checked
/// before anything runs: every listed id exists, every named column exists in every listed
/// step; the plot comes after all of them in the run order. Columns counted by hand below.
@Suite("Plots over several steps")
struct PlotSourcesTests {
    /// 30 lines; a case's text starts on line 31. `d` has the columns `lr` and `acc`.
    static let head = """
        ---
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
        epochs: 1
        ```

        ```sweep grid
        base: base
        grid: { lr: [0.05, 0.1] }
        ```

        ```derive d
        of: grid
        group_by: [lr]
        columns:
          - acc: mean(test_acc)
        ```


        """

    static func parse(_ tail: String) -> (NotebookDocument, [Diagnostic]) {
        NotebookParser.parse(head + tail, file: "nb.md")
    }

    static func firstLines(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { String($0.description.split(separator: "\n")[0]) }
    }

    @Test("'of' takes one id or a list; one id decodes as a one-element list")
    func decodes() throws {
        let (document, diagnostics) = Self.parse("""
            ```plot p
            of: [grid, d]
            x: lr
            y: lr
            ```

            ```plot q
            of: grid
            x: lr
            y: test_acc
            ```
            """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        guard case .plot(let p)? = document.step("p")?.spec, case .plot(let q)? = document.step("q")?.spec else {
            Issue.record("plots missing"); return
        }
        #expect(p.of == ["grid", "d"] && p.stacksSources)
        #expect(q.of == ["grid"] && !q.stacksSources)
    }

    @Test("the plot runs after every step it lists")
    func dependencyOrder() throws {
        // The plot stands before the step it reads second; the order still puts it after both.
        let text = """
            ---
            seeds: [1]
            ---

            ```dataset blobs
            source: blobs
            train: 64
            test: 32
            ```

            ```plot p
            of: [blobs, later]
            x: lr
            y: lr
            ```

            ```train later
            data: blobs
            model: { mlp: [4] }
            lr: 0.05
            batch: 16
            epochs: 1
            ```
            """
        let (document, _) = NotebookParser.parse(text, file: "nb.md")
        let order = document.order
        let p = try #require(order.firstIndex(of: "p"))
        #expect(order.firstIndex(of: "later").map { $0 < p } == true, "\(order)")
        #expect(document.step("p")?.spec.references.map(\.id) == ["blobs", "later"])
    }

    @Test("an unknown id in the list is an error at that item with the nearest id")
    func unknownStep() {
        let (_, diagnostics) = Self.parse("""
            ```plot p
            of: [grid, dd]
            x: lr
            y: lr
            ```
            """)
        #expect(Self.firstLines(diagnostics) == ["nb.md:32:12: error: step 'p' reads unknown step 'dd' in 'of'"], "\(diagnostics)")
        #expect(diagnostics.first?.notes.first?.hasPrefix("did you mean 'd'") == true, "\(diagnostics)")
    }

    @Test("a column one listed step lacks is an error at its position naming that step")
    func missingColumn() {
        let (_, diagnostics) = Self.parse("""
            ```plot p
            of: [grid, d]
            x: lr
            y: acc
            ```
            """)
        #expect(Self.firstLines(diagnostics) == ["nb.md:34:4: error: step 'grid' has no column 'acc' (used in 'y')"], "\(diagnostics)")
        let notes = diagnostics.first?.notes ?? []
        #expect(notes.contains { $0.hasPrefix("a plot over several steps can use only the columns all of them have") }, "\(notes)")
    }

    @Test("a missing column in the second step and in 'where' are reported too")
    func missingInSecond() {
        let (_, diagnostics) = Self.parse("""
            ```plot p
            of: [grid, d]
            x: lr
            y: test_acc
            where: {batch: 16}
            ```
            """)
        #expect(Self.firstLines(diagnostics) == [
            "nb.md:34:4: error: step 'd' has no column 'test_acc' (used in 'y')",
            "nb.md:35:8: error: step 'd' has no column 'batch' (used in 'where')",
        ], "\(diagnostics)")
    }

    @Test("'source' is a column of a plot over several steps, usable in color, marker, facet, where and label")
    func sourceColumn() {
        let (_, diagnostics) = Self.parse("""
            ```plot p
            of: [grid, d]
            x: lr
            y: lr
            color: source
            marker: source
            facet: source
            where: "source != 'x'"
            label: "{source}"
            ```
            """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test("a plot over one step keeps today's checks: no 'source' column, no extra note")
    func singleUnchanged() {
        let (_, diagnostics) = Self.parse("""
            ```plot p
            of: d
            x: lr
            y: source
            ```
            """)
        #expect(Self.firstLines(diagnostics) == ["nb.md:34:4: error: step 'd' has no column 'source' (used in 'y')"], "\(diagnostics)")
        #expect(diagnostics.first?.notes == ["a derive step's columns: lr, acc"], "\(diagnostics)")
    }

    @Test("an empty list or a step listed twice is an error")
    func badLists() {
        for of in ["[]", "[grid, grid]"] {
            let (_, diagnostics) = Self.parse("""
                ```plot p
                of: \(of)
                x: lr
                y: lr
                ```
                """)
            #expect(diagnostics.count == 1, "\(of): \(diagnostics)")
        }
    }
}
