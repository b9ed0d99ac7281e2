import Foundation
import Testing
@testable import Notebook

@Suite("Notebook parser")
struct NotebookParserTests {
    static let good = """
        ---
        title: Sample
        params: { epochs: 3, width: 64 }
        profiles:
          quick: { epochs: 1 }
        seeds: [1, 2]
        ---

        # Intro

        ```dataset fmnist
        source: fashion-mnist
        train: 1000
        ```

        ```train base
        data: fmnist
        model: { mlp: [${width}, ${width}] }
        lr: 0.1
        batch: 32
        epochs: ${epochs}
        caption: The baseline.
        ```

        ```sweep ratio
        base: base
        grid: { lr: [0.05, 0.1], batch: [32, 64] }
        ```

        ```python
        print("not a step")
        ```
        """

    @Test("a good notebook decodes every step with its params substituted")
    func decodesSteps() throws {
        let (doc, diagnostics) = NotebookParser.parse(Self.good, file: "nb.md")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(doc.steps.map(\.id) == ["fmnist", "base", "ratio"])
        #expect(doc.frontMatter.title == "Sample")
        #expect(doc.frontMatter.seeds == [1, 2])
        guard case .train(let train) = try #require(doc.step("base")).spec else { Issue.record("not a train step"); return }
        #expect(train.model.mlp == [64, 64])
        #expect(train.epochs == 3)
        #expect(train.lr == .constant(0.1))
        #expect(doc.step("base")?.presentation.caption == "The baseline.")
        #expect(doc.step("base")?.block.fence == SourcePosition(file: "nb.md", line: 16, column: 1))
        // Dependencies first: the dataset before the train step before the sweep.
        #expect(doc.order == ["fmnist", "base", "ratio"])
    }

    @Test("a profile and a -P override both change params, the override winning")
    func profilesAndOverrides() throws {
        let (doc, diagnostics) = NotebookParser.parse(Self.good, file: "nb.md",
                                                      overrides: [("profile", "quick"), ("width", "8")])
        #expect(diagnostics.isEmpty)
        guard case .train(let train) = try #require(doc.step("base")).spec else { return }
        #expect(train.epochs == 1)
        #expect(train.model.mlp == [8, 8])
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        var body: String
        var expected: String   // the first diagnostic, first line
        var testDescription: String { expected }
    }

    // Each case's block starts on line 3 of "# T\n\n" + body; its body line k is file line 3 + k.
    static let bad: [BadCase] = [
        BadCase(body: "```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch_sise: 32\nbatch: 4\nepochs: 1\n```",
                expected: "nb.md:7:1: error: unknown key 'batch_sise' in 'train' block"),
        BadCase(body: "```train t\ndata: d\nmodel: {mlp: [4]}\nlr: fast\nbatch: 4\nepochs: 1\n```",
                expected: "nb.md:6:5: error: 'lr' must be a number or a schedule, found 'fast'"),
        BadCase(body: "```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\n```",
                expected: "nb.md:4:1: error: missing key 'epochs' in 'train' block"),
        BadCase(body: "```trian t\nx: 1\n```",
                expected: "nb.md:3:1: error: unknown step kind 'trian'"),
        BadCase(body: "```train t\ndata: nope\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\n```",
                expected: "nb.md:4:7: error: step 't' reads unknown step 'nope' in 'data'"),
        BadCase(body: "```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: ${epoch}\n```",
                expected: "nb.md:8:9: error: unknown param 'epoch'"),
        BadCase(body: "```measure m\nof: d\n```",
                expected: "nb.md:4:5: error: 'of' of step 'm' must name a train or sweep step, but 'd' is a dataset step"),
        BadCase(body: "```train t\nepochs: [1, 2]\n```",
                expected: "nb.md:4:1: error: missing key 'data' in 'train' block"),
        BadCase(body: "  > ```train t\n  > data: d\n  > model: {mlp: [4]}\n  > lr: [0.1]\n  > batch: 4\n  > epochs: 1\n  > ```",
                expected: "nb.md:6:9: error: 'lr' must be a number or a schedule, found a list"),
        BadCase(body: "```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\n  bad: [\n```",
                expected: "nb.md:9:6: error: invalid YAML: mapping values are not allowed in this context"),
        BadCase(body: "```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: many\n```",
                expected: "nb.md:8:9: error: 'epochs' must be a whole number, found 'many'"),
        BadCase(body: "```train 9t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\n```",
                expected: "nb.md:3:1: error: step id '9t' must start with a letter and use only letters, digits, '-' and '_'"),
        BadCase(body: "```train a b\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\n```",
                expected: "nb.md:3:1: error: expected 'train [ID]' in the info string, found 'train a b'"),
        BadCase(body: "```train t\ndata: d\nmodel: {mlp: [4], activation: sigmoid}\nlr: 0.1\nbatch: 4\nepochs: 1\n```",
                expected: "nb.md:5:8: error: 'activation' must be one of relu, tanh, found 'sigmoid'"),
        BadCase(body: "```train t\ndata: d\nmodel: {mlp: [4]}\nlr: {cyclic: [0.1, 0.02]}\nbatch: 4\nepochs: 1\n```",
                expected: "nb.md:6:5: error: missing key 'phase' in 'lr'"),
        BadCase(body: "```train t\ndata: d\nmodel: {mlp: [4]}\nlr: -0.1\nbatch: 4\nepochs: 1\n```",
                expected: "nb.md:4:1: error: 'lr' must be positive, found -0.1"),
        BadCase(body: "```measure m\nof: t\nmetrics: [lambda_mx]\n```\n\n```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\n```",
                expected: "nb.md:5:11: error: unknown metric 'lambda_mx'"),
        BadCase(body: "```sweep s\nbase: t\nzip: { lr: [0.1], batch: [32, 64] }\n```\n\n```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\n```",
                expected: "nb.md:4:1: error: the lists in 'zip' must have the same length, found [1, 2]"),
        BadCase(body: "```simulate s\nratio: [0.01]\nbatch: [1]\n```\n\n```plot p\nof: s\nx: lr/\ny: acc\n```",
                expected: "nb.md:10:7: error: invalid expression 'lr/' in 'x': expected a column name or number after '/', found the end"),
        BadCase(body: "```simulate s\nratio: [0.01]\nbatch: [1]\n```\n\n```plot p\nof: s\nx: ratio\ny: mesured\n```",
                expected: "nb.md:11:4: error: step 's' has no column 'mesured' (used in 'y')"),
        BadCase(body: "```simulate s\nratio: [0.01]\n```",
                expected: "nb.md:4:1: error: 'ratio' needs 'batch' (the batch sizes)"),
        BadCase(body: "```sweep s\nbase: t\nscale: { beta: [1e300], batch: 8 }\n```\n\n```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\n```",
                expected: "nb.md:3:1: error: run of sweep 's' is invalid: 'batch' must be whole numbers of at least 1 (and at most 10⁹), found 8e+300"),
        BadCase(body: "```dataset e\nsource: x\nlabel_noise: 1.5\n```",
                expected: "nb.md:4:1: error: 'label_noise' must be a fraction between 0 and 1, found 1.5"),
        // Values `check` accepted and `render` trapped on (issue "Trust", item 5).
        BadCase(body: "```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\nweight_decay: -0.1\n```",
                expected: "nb.md:4:1: error: 'weight_decay' must be a finite number of at least 0, found -0.1"),
        BadCase(body: "```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\nevaluate: -5\n```",
                expected: "nb.md:4:1: error: 'evaluate' must be at least 1 example, found -5"),
        // A "billion laughs" block: 9⁹ values from a few hundred bytes.
        BadCase(body: "```dataset e\nsource: x\nseed: 1\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n```",
                expected: "nb.md:4:1: error: YAML expands to more than 100000 values"),
        BadCase(body: "```simulate s\nratio: [0.01]\nbatch: [1]\n```\n\n```plot p\nof: s\nx: ratio\ny: lr\nscale: {x: logarithmic}\n```",
                expected: "nb.md:12:12: error: 'x' must be one of linear, log, found 'logarithmic'"),
        BadCase(body: "```train t\ndata: d\n\tmodel: {mlp: [4]}\n```",
                expected: "nb.md:5:1: error: invalid YAML: found a tab character that violates indentation"),
        BadCase(body: "```dataset e\nsource: x\ncaption: Loss: falls\n```",
                expected: "nb.md:5:14: error: invalid YAML: mapping values are not allowed in this context"),
        // The forgotten fence swallows the next block's opening line; its closing fence closes this one.
        BadCase(body: "```train t\ndata: d\n\nThe loss: it falls.",
                expected: "nb.md:3:1: error: the 'train' block has no closing fence, so the text after it is read as its YAML"),
        BadCase(body: "```simulate s\nratio: [0.01]\nbatch: [1]\n```\n\n```plot p\nof: s\nx: ratio\ny: lr\nlimits: {y: [0.9, 0.7]}\n```",
                expected: "nb.md:12:9: error: 'limits.y' needs lower < upper, found [0.9, 0.7]; write e.g. [0.7, 0.9]"),
        BadCase(body: "```simulate s\nratio: [0.01]\nbatch: [1]\n```\n\n```plot p\nof: s\nx: ratio\ny: lr\nlimits: {x: [1]}\n```",
                expected: "nb.md:12:9: error: 'limits.x' needs two numbers [lower, upper], found 1"),
        BadCase(body: "```simulate s\nratio: [0.01]\nbatch: [1]\n```\n\n```plot p\nof: s\nx: ratio\ny: lr\nscale: {x: log}\nlimits: {x: [0, 1]}\n```",
                expected: "nb.md:13:9: error: 'limits.x' starts at 0 but the x axis is logarithmic; give a positive lower limit, or drop 'scale: {x: log}'"),
        BadCase(body: "```simulate s\nratio: [0.01]\nbatch: [1]\n```\n\n```plot p\nof: s\nx: ratio\ny: lr\nlabel: \"S={batch\"\n```",
                expected: "nb.md:12:8: error: 'label' has a '{' without its '}'; write placeholders as {column}, e.g. \"η={lr}, S={batch}\""),
        BadCase(body: "```simulate s\nratio: [0.01]\nbatch: [1]\n```\n\n```plot p\nof: s\nx: ratio\ny: lr\nband: stderr\n```",
                expected: "nb.md:12:7: error: 'band' must be one of std, sem, ci95, none, found 'stderr'"),
        BadCase(body: "See @fgi and @p.\n\n```simulate s\nratio: [0.01]\nbatch: [1]\n```\n\n```plot p\nof: s\nx: ratio\ny: lr\n```",
                expected: "nb.md:3:5: warning: '@fgi' names no step, label or citation key, so it is shown as text"),
    ]

    @Test("a broken block is an error at the right file position", arguments: bad)
    func badBlocks(_ c: BadCase) {
        let text = "# T\n\n" + c.body + "\n\n```dataset d\nsource: x\n```\n"
        let (_, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        #expect(diagnostics.first.map { String($0.description.split(separator: "\n")[0]) } == c.expected,
                "\(diagnostics)")
    }

    @Test("columns count Unicode scalars, not bytes, before and inside a block")
    func scalarColumns() {
        // "> 😀 " is not a container; use a quote whose prefix holds a CJK character's line above.
        let text = "```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\nnote: \"漢字😀\"\nbogus: 1\n```\n```dataset d\nsource: x\n```\n"
        let (_, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        #expect(diagnostics.map(\.position.column) == [1, 1])
        let unicodeValue = "```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: \"漢😀\"\n```\n```dataset d\nsource: x\n```\n"
        let (_, d2) = NotebookParser.parse(unicodeValue, file: "nb.md")
        #expect(d2.first?.position == SourcePosition(file: "nb.md", line: 6, column: 9))
    }

    @Test("a CRLF notebook gives the same positions as an LF one")
    func crlf() {
        let lf = "# T\n\n```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\nbogus: 2\n```\n\n```dataset d\nsource: x\n```\n"
        let (_, a) = NotebookParser.parse(lf, file: "nb.md")
        let (_, b) = NotebookParser.parse(lf.replacingOccurrences(of: "\n", with: "\r\n"), file: "nb.md")
        #expect(a.map(\.description) == ["nb.md:9:1: error: unknown key 'bogus' in 'train' block\n    note: valid keys: data, model, lr, batch, epochs, momentum, weight_decay, seeds, seed, evaluate, curvature, diverge, augment"])
        #expect(a == b)
    }

    @Test("every diagnostic of a notebook is reported at once, in file order")
    func allDiagnostics() {
        let text = "```train a\ndata: x\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\nbogus: 1\n```\n\n```table\nof: nothing\n```\n"
        let (_, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        #expect(diagnostics.map(\.position.line) == [2, 7, 11])
    }

    @Test("a duplicate id is an error that points at the first definition")
    func duplicateID() {
        let text = "```dataset d\nsource: x\n```\n\n```dataset d\nsource: y\n```\n"
        let (_, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        #expect(diagnostics.map(\.message) == ["duplicate step id 'd'"])
        #expect(diagnostics.first?.notes == ["first defined at nb.md:1:1"])
    }

    @Test("YAML errors carry a plain hint: tabs indent nothing, a value with ': ' needs quotes")
    func yamlHints() {
        let tab = "```train t\ndata: d\n\tmodel: {mlp: [4]}\n```\n"
        #expect(NotebookParser.parse(tab, file: "nb.md").1.first?.notes.first
                == "YAML indents with spaces only: replace the tab at the start of the line with spaces")
        let colon = "```dataset d\nsource: blobs\ncaption: Loss: it falls\n```\n"
        #expect(NotebookParser.parse(colon, file: "nb.md").1.first?.notes.first
                == "a value that contains ': ' must be quoted, e.g. caption: \"Loss: it falls\"")
    }

    @Test("an unclosed fence is one error at its opening, not a YAML error on a later prose line")
    func unclosedFence() {
        let text = "# T\n\n```dataset d\nsource: blobs\n\nSome prose: here, with a colon.\nMore prose.\n"
        let (_, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        #expect(diagnostics.map(\.description) == [
            "nb.md:3:1: error: the 'dataset' block has no closing fence, so the text after it is read as its YAML\n"
                + "    note: end the block with a line of ``` (the same characters as the opening fence)"])
        // An unclosed last block whose YAML still parses is reported too.
        let (_, last) = NotebookParser.parse("```dataset d\nsource: blobs\n", file: "nb.md")
        #expect(last.map(\.message) == ["the 'dataset' block has no closing fence, so the text after it is read as its YAML"])
    }

    @Test("an unclosed front matter is reported as such, not as unknown params")
    func unclosedFrontMatter() {
        let text = "---\ntitle: T\nparams: {n: 4}\n\n# T\n\n```dataset d\nsource: blobs\ntrain: ${n}0\n```\n"
        let (_, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        #expect(diagnostics.first?.description.hasPrefix("nb.md:1:1: error: the front matter has no closing '---' line, so it is read as prose") == true,
                "\(diagnostics)")
        // A thematic break followed by prose is no front matter.
        #expect(NotebookParser.parse("---\n\nJust prose.\n", file: "nb.md").1.isEmpty)
    }

    @Test("a duplicate id is reported even when the blocks have other errors, and nothing reads a broken step twice")
    func duplicateAmongErrors() {
        let train = "```train t\ndata: d\nmodel: {mlp: [4]}\nlr: %@\nbatch: 4\nepochs: %@\n```\n\n"
        let text = "```dataset d\nsource: blobs\n```\n\n"
            + train.replacingOccurrences(of: "%@", with: "fast")
            + train.replacingOccurrences(of: "%@", with: "-1")
            + "```sweep s\nbase: t\ngrid: {lr: [0.1]}\n```\n\n```measure m\nof: t\n```\n"
        let (_, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        #expect(diagnostics.map(\.message) == ["'lr' must be a number or a schedule, found 'fast'", "duplicate step id 't'",
                                               "'epochs' must be at least 1, found -1"], "\(diagnostics)")
        #expect(!diagnostics.contains { $0.message.contains("unknown step") })
    }

    @Test("after an error in a step, what reads it gets no follow-on 'unknown step' error")
    func noFollowOn() {
        let text = "```dataset d\nsource: blobs\n```\n\n```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 0\n```\n\n"
            + "```sweep s\nbase: t\ngrid: {lr: [0.1]}\n```\n\n```plot p\nof: s\nx: lr\ny: loss\n```\n"
        let (_, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        #expect(diagnostics.map(\.message) == ["'epochs' must be at least 1, found 0"])
    }

    @Test("an unknown data set is an error at its source with a did-you-mean; a missing known set says so")
    func dataSources() {
        let text = "```dataset d\nsource: fashon-mnist\n```\n\n```dataset e\nsource: mnist\n```\n\n```dataset f\nsource: my-set\n```\n\n```dataset g\nsource: blobs\n```\n"
        let (_, diagnostics) = NotebookParser.parse(text, file: "nb.md", isDataAvailable: { $0 == "my-set" })
        #expect(diagnostics.map { "\($0.position.line):\($0.position.column) \($0.message)" }
                == ["2:9 unknown data set 'fashon-mnist'", "6:9 data set 'mnist' is not installed"])
        #expect(diagnostics.first?.notes.first == "did you mean 'fashion-mnist'?")
        // Without a lookup (library use, tests) sources are not checked.
        #expect(NotebookParser.parse(text, file: "nb.md").1.isEmpty)
    }

    @Test("a model or data set too big for the memory is an error that says how much it needs")
    func memory() throws {
        let text = "```dataset d\nsource: blobs\n```\n\n```train t\ndata: d\nmodel: {mlp: [100000000, 100000000]}\nlr: 0.1\nbatch: 4\nepochs: 1\n```\n"
        let (_, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        let first = try #require(diagnostics.first)
        #expect(first.message.hasPrefix("a run of step 't' needs about 160.0 PB of memory, more than this machine's"), "\(first)")
        #expect(first.position.line == 7 && first.notes.first?.hasPrefix("parameters 160.0 PB") == true)
        let data = "```dataset d\nsource: blobs\ntrain: 1e12\n```\n"
        #expect(NotebookParser.parse(data, file: "nb.md").1.map(\.message).first?
                    .hasPrefix("dataset 'd' needs about 64.0 TB of memory for its examples") == true)
        // The bound is the limit given; a normal run is far below the machine's.
        let (document, none) = NotebookParser.parse(text.replacingOccurrences(of: "100000000", with: "256"), file: "nb.md")
        #expect(none.isEmpty)
        #expect(MemoryEstimate.diagnostics(document.steps, seeds: [1], limit: 1e5).map(\.message)
                == ["a run of step 't' needs about 7.6 MB of memory, more than this machine's 100.0 KB"])
    }

    @Test("presentation keys stay out of the spec, so editing a caption changes no spec")
    func presentationApart() throws {
        let a = "```dataset d\nsource: x\n```\n```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\ncaption: one\n```\n"
        let b = a.replacingOccurrences(of: "caption: one", with: "caption: two\nshow_source: hidden")
        let (docA, _) = NotebookParser.parse(a, file: "nb.md")
        let (docB, dB) = NotebookParser.parse(b, file: "nb.md")
        #expect(dB.isEmpty)
        #expect(docA.step("t")?.spec == docB.step("t")?.spec)
        #expect(docB.step("t")?.presentation.source == .hidden)
        #expect(docA.step("t")?.presentation.caption == "one")
    }
}
