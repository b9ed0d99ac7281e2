import Testing
@testable import Notebook

@Suite("Cross-references and citations at check time")
struct CrossReferenceCheckTests {
    static let bib = """
        @article{jastrzebski2017, author = {Jastrz{\\k{e}}bski, S. and Kenton, Z. and Arpit, D.}, title = {Three factors}, year = 2017}
        @inproceedings{smith2018, author = {Smith, Samuel L. and Le, Quoc V.}, title = {A Bayesian perspective}, year = 2018}
        """

    static let steps = """
        ```dataset d
        source: blobs
        ```

        ```train base
        data: d
        model: { mlp: [4] }
        lr: 0.1
        batch: 8
        epochs: 1
        ```

        ```plot loss
        of: base
        x: epoch
        y: train_loss
        ```

        ```table final
        of: base
        columns: [epoch]
        ```
        """

    static func parse(_ prose: String, bibliography: Bool = true, bib: String? = Self.bib) -> (NotebookDocument, [Diagnostic]) {
        let front = bibliography ? "---\ntitle: T\nbibliography: refs.bib\n---\n\n" : "---\ntitle: T\n---\n\n"
        return NotebookParser.parse(front + steps + "\n\n" + prose, file: "/nb/x.md",
                                    readFile: { path in path == "/nb/refs.bib" ? bib : nil })
    }

    @Test("known references, labels and citations give no diagnostic")
    func allKnown() {
        let (document, diagnostics) = Self.parse("""
            ## Results {#sec-results}

            See @fig-loss, @tbl-final, @loss, @base, @sec-results and @eq-ratio [@jastrzebski2017; see @smith2018, p. 3].
            @smith2018 argue so.

            $$ \\eta / S $$ {#eq-ratio}
            """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(document.sections.map(\.label) == ["sec-results"])
        #expect(document.sections.first?.text == "Results")
        #expect(document.equations == [EquationLabel(label: "eq-ratio", number: 1)])
        #expect(document.bibliography?.keys == ["jastrzebski2017", "smith2018"])
    }

    @Test("unknown prefixed references are errors at their position with the nearest id", arguments: [
        ("See @fig-los.", "'@fig-los' names no plot step", "did you mean '@fig-loss'?"),
        ("See @tbl-loss.", "'@tbl-loss' refers to plot 'loss', not a table", "write '@fig-loss'"),
        ("See @sec-result.", "'@sec-result' names no labelled heading", "did you mean '@sec-results'?"),
        ("See @eq-ratoi.", "'@eq-ratoi' names no numbered equation", "did you mean '@eq-ratio'?"),
        ("See [@jastrzebski2071].", "unknown citation key 'jastrzebski2071' in 'refs.bib'", "did you mean 'jastrzebski2017'?"),
    ])
    func unknown(_ c: (String, String, String)) {
        let (_, diagnostics) = Self.parse("## Results {#sec-results}\n\n$$x$$ {#eq-ratio}\n\n" + c.0)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(diagnostics)")
        guard let error = errors.first else { return }
        #expect(error.message == c.1)
        #expect(error.notes.contains(c.2), "\(error.notes)")
        // The prose line is the last line of the notebook; the column is the '@'.
        #expect(error.position.file == "/nb/x.md")
        #expect(error.position.column == c.0.firstIndex(of: "@")!.utf16Offset(in: c.0) + 1)
    }

    @Test("a bare unknown @word stays a warning, as before")
    func bareUnknownIsWarning() {
        let (_, diagnostics) = Self.parse("Ask @nobody.")
        #expect(diagnostics.count == 1 && diagnostics[0].severity == .warning, "\(diagnostics)")
    }

    @Test("a step id wins over a citation key of the same name")
    func stepIDWins() {
        let bib = Self.bib + "\n@misc{loss, title = {Loss}, year = 2000}"
        let (document, diagnostics) = Self.parse("See @loss.", bib: bib)
        #expect(diagnostics.isEmpty)
        let hooks = BodyHooks(fragments: [:], math: { _, _ in "" }, reference: { "<ref \($0)>" })
        #expect(document.renderBody(hooks: hooks).html.contains("<ref loss>"))
    }

    @Test("a missing or malformed bibliography, or a citation without one, is an error with its position")
    func badBibliography() {
        let missing = Self.parse("[@a]", bib: nil).1.filter { $0.severity == .error }
        #expect(missing.count == 1, "\(missing)")
        #expect(missing.first?.message.contains("cannot read the bibliography 'refs.bib'") == true)
        #expect(missing.first?.position.line == 3)

        let malformed = Self.parse("Text.", bib: "@article{a,\n  title = {x\n").1
        #expect(malformed.count == 1, "\(malformed)")
        #expect(malformed.first?.description.hasPrefix("/nb/refs.bib:2:11: error: unclosed '{'") == true, "\(malformed)")

        let none = Self.parse("As shown [@smith2018].", bibliography: false).1
        #expect(none.count == 1 && none[0].message == "citation '[@smith2018]' needs a bibliography", "\(none)")
    }

    @Test("a label used twice is an error")
    func duplicateLabel() {
        let (_, diagnostics) = Self.parse("## A {#sec-a}\n\n## B {#sec-a}\n")
        #expect(diagnostics.contains { $0.message == "label 'sec-a' is used twice" }, "\(diagnostics)")

        let (document, equations) = Self.parse("$$ a = 1 $$ {#eq-a}\n\nText.\n\n$$ b = 2 $$ {#eq-a}\n")
        let twice = equations.filter { $0.message == "label 'eq-a' is used twice" }
        #expect(twice.count == 1, "\(equations)")
        // Reported where the second label is written, not at the file's start.
        let lines = document.text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = lines.lastIndex { $0.contains("{#eq-a}") }.map { $0 + 1 }
        #expect(twice.first?.position.line == line && twice.first?.position.column == 13, "\(twice)")
    }

    @Test("links and code spans are not citations")
    func notCitations() {
        let (_, diagnostics) = Self.parse("A [link](https://example.org), `[@y]` code, and mail a@b.org.")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }
}
