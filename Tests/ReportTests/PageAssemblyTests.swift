import Notebook
import Testing
@testable import Report

@Suite("Page assembly: cross-references, citations, references")
struct PageAssemblyTests {
    static let bib = """
        @article{jastrzebski2017, author = {Jastrz{\\k{e}}bski, Stanis{\\l}aw and Kenton, Zachary and Arpit, Devansh},
          title = {Three Factors Influencing Minima in {SGD}}, journal = {arXiv preprint}, eprint = {1711.04623}, year = 2017}
        @inproceedings{smith2018, author = {Smith, Samuel L. and Le, Quoc V.}, title = {A Bayesian Perspective on Generalization and Stochastic Gradient Descent},
          booktitle = {International Conference on Learning Representations}, year = 2018}
        @misc{uncited, author = {Nobody, A.}, title = {Never cited}, year = 1999}
        """

    static let notebook = """
        ---
        title: Refs
        bibliography: refs.bib
        ---

        ## Setup {#sec-setup}

        The SDE view [@jastrzebski2017; see @smith2018, p. 3] predicts @eq-ratio; @smith2018 say so too.
        @fig-loss and @tbl-final show it; @loss is the same figure, @base the run, @sec-setup this section.

        $$ \\frac{\\eta}{S} $$ {#eq-ratio}

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
        caption: Loss, see @tbl-final.
        ```

        ```table final
        of: base
        columns: [epoch]
        ```
        """

    static func assemble() -> (NotebookDocument, PageAssembly.Assembled) {
        let (document, diagnostics) = NotebookParser.parse(notebook, file: "/nb/refs.md",
                                                              readFile: { $0 == "/nb/refs.bib" ? bib : nil })
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let context = PageAssembly.Context(assetDirectory: "refs", version: "0.0-test", notebookDigest: "00")
        return (document, PageAssembly(document: document, outcomes: [:], context: context).assemble())
    }

    @Test("@fig, @tbl, @sec, @eq and plain @id become links with the numbered name or heading text")
    func crossReferences() {
        let html = Self.assemble().1.html
        #expect(html.contains("<a class=\"xref\" href=\"#figure-1\">Figure 1</a> and <a class=\"xref\" href=\"#table-1\">Table 1</a> show it"))
        #expect(html.contains("<a class=\"xref\" href=\"#figure-1\">Figure 1</a> is the same figure"))
        #expect(html.contains("<a class=\"xref\" href=\"#step-base\"><code>base</code></a> the run"))
        #expect(html.contains("<a class=\"xref\" href=\"#sec-setup\">Setup</a> this section"))
        #expect(html.contains("<h2 id=\"sec-setup\">Setup</h2>"))
        #expect(html.contains("predicts <a class=\"xref\" href=\"#eq-ratio\">Equation (1)</a>"))
        #expect(html.contains("<span class=\"equation\" id=\"eq-ratio\"><math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"block\">"))
        #expect(html.contains("<span class=\"equation-number\">(1)</span>"))
    }

    @Test("citations render author–year with links, and References lists only the cited entries")
    func citations() {
        let html = Self.assemble().1.html
        #expect(html.contains("The SDE view <span class=\"citation\">(<a href=\"#ref-jastrzebski2017\">Jastrzębski et al., 2017</a>; see <a href=\"#ref-smith2018\">Smith and Le, 2018</a>, p. 3)</span> predicts"))
        #expect(html.contains("<span class=\"citation\">Smith and Le (<a href=\"#ref-smith2018\">2018</a>)</span> say so too"))
        #expect(html.contains("<section class=\"references\" id=\"references\">"))
        #expect(html.contains("<li id=\"ref-jastrzebski2017\">Jastrzębski, S., Kenton, Z., &amp; Arpit, D. (2017). Three Factors Influencing Minima in SGD. <em>arXiv preprint</em>, arXiv:1711.04623.</li>"))
        #expect(html.contains("<li id=\"ref-smith2018\">Smith, S. L., &amp; Le, Q. V. (2018). A Bayesian Perspective on Generalization and Stochastic Gradient Descent. In <em>International Conference on Learning Representations</em>.</li>"))
        #expect(!html.contains("uncited") && !html.contains("Never cited"))
        #expect(html.contains("<a href=\"#references\">References</a>"))   // in the contents
        let j = html.range(of: "id=\"ref-jastrzebski2017\"")!.lowerBound, s = html.range(of: "id=\"ref-smith2018\"")!.lowerBound
        #expect(j < s)   // sorted by author
    }

    @Test("the claims list echoes prose with references and citations resolved")
    func plainProse() {
        let (document, _) = Self.assemble()
        let numbering = FigureNumbering(steps: document.steps.map { ($0.kind.rawValue, $0.hasExplicitID ? $0.id : nil) })
        let references = CrossReferences(document: document, numbering: numbering)
        #expect(references.plainProse("As @fig-loss shows [@smith2018; @jastrzebski2017], per @smith2018 and @eq-ratio.")
                == "As Figure 1 shows (Smith and Le, 2018; Jastrzębski et al., 2017), per Smith and Le (2018) and Equation (1).")
        #expect(references.plainProse("Mail a@b.org, [@unknown] stays.") == "Mail a@b.org, [@unknown] stays.")
    }

    @Test("a page without a bibliography has no References section")
    func noBibliography() {
        let (document, _) = NotebookParser.parse("# T\n\nText @nothing.\n", file: "t.md")
        let page = PageAssembly(document: document, outcomes: [:],
                                context: .init(assetDirectory: "t", version: "0", notebookDigest: "00")).assemble()
        #expect(!page.html.contains("class=\"references\""))
        #expect(page.html.contains("Text @nothing."))
    }
}
