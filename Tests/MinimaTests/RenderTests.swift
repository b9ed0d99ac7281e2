import Foundation
import Notebook
import Runner
import Testing
@testable import MinimaRender
@testable import minima

/// End-to-end renders through the same code path as `minima render`.
@Suite("Rendering notebooks end to end")
struct RenderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var hasFashionMNIST: Bool {
        DataSources.isAvailable("fashion-mnist")
    }

    /// `make test` installs Fashion-MNIST and sets this, so CI can never skip the paper test.
    static var requireData: Bool { ProcessInfo.processInfo.environment["MINIMA_REQUIRE_DATA"] == "1" }

    struct Rendered {
        var html: String
        var files: [String: Data]
        var outcomes: [String: StepOutcome]
    }

    static func render(_ text: String, file: String, overrides: [(String, String)] = [], cache: URL, output: URL,
                       jobs: Int = 2) async throws -> Rendered
    {
        let (document, diagnostics) = NotebookParser.parse(text, file: file, overrides: overrides)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let store = ResultStore(directory: cache)
        let outcomes = await NotebookRun(document: document, store: store)
            .run(executor: LocalExecutor(jobs: jobs), progress: Progress(quiet: true))
        let page = try ReportWriter(document: document, outcomes: outcomes, output: output).write().page
        let folder = page.deletingPathExtension()
        var files: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return Rendered(html: try String(contentsOf: page, encoding: .utf8), files: files, outcomes: outcomes)
    }

    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("minima-\(name)-\(UUID().uuidString)")
    }

    static let tiny = """
        ---
        title: Tiny
        seeds: [1, 2]
        ---

        # Tiny

        Accuracy is in @acc and @final; $\\eta/S$ is the ratio.

        ```dataset blobs
        source: blobs
        train: 128
        test: 64
        ```

        ```train base
        data: blobs
        model: { mlp: [8] }
        lr: 0.1
        batch: 16
        epochs: 3
        ```

        ```sweep grid
        base: base
        grid: { lr: [0.05, 0.2] }
        ```

        ```plot acc
        of: grid
        x: epoch
        y: test_acc
        color: lr
        caption: Accuracy per epoch.
        ```

        ```table final
        of: grid
        columns: [lr, test_acc]
        where: { final: 1 }
        ```
        """

    @Test("--dry-run prints the plan of a run of Int.max epochs (the sample count once overflowed)")
    func dryRunHugeEpochs() throws {
        let text = "# T\n\n```dataset d\nsource: blobs\n```\n\n```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 8\nepochs: 9223372036854775807\n```\n"
        let (document, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let run = NotebookRun(document: document, store: ResultStore(directory: Self.temporary("dry-run")))
        #expect(PlanPrinter.describe(run).contains("train t: 1 units, 0 cached"))
    }

    @Test("a cold render and a warm re-render write byte-identical reports")
    func coldAndWarmIdentical() async throws {
        let cache = Self.temporary("cache"), a = Self.temporary("a"), b = Self.temporary("b")
        defer { for u in [cache, a, b] { try? FileManager.default.removeItem(at: u) } }
        let cold = try await Self.render(Self.tiny, file: "tiny.md", cache: cache, output: a)
        let warm = try await Self.render(Self.tiny, file: "tiny.md", cache: cache, output: b)
        #expect(cold.html == warm.html)
        #expect(cold.files == warm.files)
        #expect(cold.html.contains("<a class=\"xref\" href=\"#figure-1\">Figure 1</a>"))
        #expect(cold.html.contains("<math"))
        #expect(Set(cold.files.keys).isSuperset(of: ["acc.svg", "grid.csv", "grid.json", "base.csv"]))
    }

    @Test("two cold renders in separate caches give the same data bytes (seeded runs)")
    func reproducibleData() async throws {
        let c1 = Self.temporary("c1"), c2 = Self.temporary("c2"), a = Self.temporary("a"), b = Self.temporary("b")
        defer { for u in [c1, c2, a, b] { try? FileManager.default.removeItem(at: u) } }
        let first = try await Self.render(Self.tiny, file: "tiny.md", cache: c1, output: a)
        let second = try await Self.render(Self.tiny, file: "tiny.md", cache: c2, output: b)
        for name in first.files.keys.sorted() where name.hasSuffix(".csv") || name.hasSuffix(".svg") {
            #expect(first.files[name] == second.files[name], "\(name) differs")
        }
    }

    @Test("two runs side by side (--jobs 2) give the same data bytes as one at a time (--jobs 1)")
    func jobsDoNotChangeResults() async throws {
        let c1 = Self.temporary("j1"), c2 = Self.temporary("j2"), a = Self.temporary("a"), b = Self.temporary("b")
        defer { for u in [c1, c2, a, b] { try? FileManager.default.removeItem(at: u) } }
        let one = try await Self.render(Self.tiny, file: "tiny.md", cache: c1, output: a, jobs: 1)
        let two = try await Self.render(Self.tiny, file: "tiny.md", cache: c2, output: b, jobs: 2)
        #expect(one.files.keys.sorted() == two.files.keys.sorted())
        for name in one.files.keys.sorted() {
            #expect(one.files[name] == two.files[name], "\(name) differs between --jobs 1 and --jobs 2")
        }
    }

    static let settings = """
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
        epochs: 2
        ```

        ```sweep grid
        base: base
        grid: { momentum: [0, 0.9], weight_decay: [0, 0.01] }
        ```

        ```plot wd
        of: grid
        x: epoch
        y: train_loss
        color: weight_decay
        where: { momentum: 0.9 }
        ```

        ```table eff
        of: grid
        columns: [momentum, weight_decay, "effective": lr/(1-momentum)]
        where: { final: 1 }
        sort: [momentum, weight_decay]
        ```
        """

    @Test("run settings are columns: a plot colours by weight_decay and filters on momentum; a table computes lr/(1-momentum)")
    func settingsColumns() async throws {
        let cache = Self.temporary("settings-cache"), out = Self.temporary("settings-out")
        defer { for u in [cache, out] { try? FileManager.default.removeItem(at: u) } }
        let rendered = try await Self.render(Self.settings, file: "settings.md", cache: cache, output: out)
        #expect(!rendered.html.contains("class=\"error-title\""))
        guard case .completed(let grid) = rendered.outcomes["grid"] else { Issue.record("grid did not complete"); return }
        let table = grid.table
        for column in ["momentum", "weight_decay", "epochs", "model", "activation", "init", "data", "train_size",
                       "test_size", "label_noise", "lr_schedule", "batch_schedule"] {
            #expect(table.columns.contains(column), "missing \(column)")
            #expect(table.keyColumns?.contains(column) == true, "\(column) is not a key column")
        }
        #expect(Set(table.values(of: "model") ?? []) == [.text("mlp 4")])
        #expect(Set(table.values(of: "data") ?? []) == [.text("blobs")])
        // The figure: two series (the momentum-0.9 runs), labelled by weight decay only.
        let figure = rendered.html.components(separatedBy: "id=\"figure-1\"").dropFirst().first ?? ""
        #expect(figure.contains("weight_decay=0<") || figure.contains("weight_decay=0,") || figure.contains(">0<"))
        #expect(figure.contains("0.01"))
        #expect(!figure.contains("momentum="), "constant settings must not clutter legend labels")
        #expect(!figure.contains("activation="))
        // The table: lr/(1-momentum) is 0.05 for plain SGD and 0.5 with momentum 0.9.
        let tableHTML = rendered.html.components(separatedBy: "id=\"table-1\"").dropFirst().first ?? ""
        #expect(tableHTML.contains(">0.5<"), "\(tableHTML.prefix(3000))")
        #expect(tableHTML.contains(">0.05<"))
    }

    @Test("the everything fixture renders every step kind with no failed step")
    func everything() async throws {
        let path = Self.repository.appendingPathComponent("Tests/Fixtures/everything.md")
        let text = try String(contentsOf: path, encoding: .utf8)
        let cache = Self.temporary("everything-cache"), out = Self.temporary("everything-out")
        defer { for u in [cache, out] { try? FileManager.default.removeItem(at: u) } }
        let rendered = try await Self.render(text, file: "everything.md", cache: cache, output: out)
        for (id, outcome) in rendered.outcomes.sorted(by: { $0.key < $1.key }) {
            guard case .completed = outcome else { Issue.record("step \(id): \(outcome)"); continue }
        }
        #expect(rendered.outcomes.count == 7)   // dataset, train, sweep, measure, interpolate, simulate, derive
        #expect(rendered.html.contains("id=\"figure-1\"") && rendered.html.contains("id=\"table-1\""))
        #expect(rendered.html.contains("2 claims checked at this render: 2 hold"))
        #expect(!rendered.html.contains("class=\"computed computed-error\""))
        #expect(!rendered.html.contains("class=\"error-title\""))
        #expect(rendered.html.contains("<pre><code class=\"language-python\">"))
    }

    @Test("a hostile notebook's report contains no executable markup")
    func hostile() async throws {
        let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
        let text = """
            ---
            title: "\(evil)"
            author: "<b onmouseover=alert(3)>me</b>"
            ---

            # Heading \(evil)

            Prose \(evil) and [a link](javascript:alert(4)) and <iframe src="https://example.com"></iframe>.

            ```dataset d
            source: blobs
            train: 64
            test: 32
            caption: "\(evil)"
            ```

            ```train t
            data: d
            model: { mlp: [4] }
            lr: 0.1
            batch: 16
            epochs: 1
            ```

            ```sweep s
            base: t
            runs:
              - { name: "\(evil)" }
              - { name: "\\" onload=\\"alert(5)" }
            ```

            ```plot p
            of: s
            x: epoch
            y: test_acc
            color: name
            caption: "\(evil)"
            x_label: "\(evil)"
            ```

            ```table
            of: s
            columns: [name, "\(evil)": test_acc]
            caption: "\(evil)"
            ```

            ```<script>alert(6)</script>
            code
            ```
            """
        let cache = Self.temporary("cache"), out = Self.temporary("out")
        defer { for u in [cache, out] { try? FileManager.default.removeItem(at: u) } }
        let rendered = try await Self.render(text, file: "evil.md", cache: cache, output: out)
        // HTML and SVG are markup; CSV and JSON data files hold the text as data.
        let markup = [rendered.html] + rendered.files.filter { $0.key.hasSuffix(".svg") }
            .map { String(decoding: $0.value, as: UTF8.self) }
        let tag = try Regex("<[a-zA-Z][^>]*>")
        let handler = try Regex("\\son[a-z]+\\s*=")
        let quoted = try Regex("\"[^\"]*\"")
        for page in markup {
            let lower = page.lowercased()
            // The one script element allowed is the inert provenance JSON.
            #expect(lower.components(separatedBy: "<script").count - 1
                    == lower.components(separatedBy: "<script type=\"application/json\"").count - 1)
            #expect(!lower.contains("<img"))
            #expect(!lower.contains("<iframe"))
            #expect(!lower.contains("<b "))
            #expect(!lower.contains("javascript:"))
            for match in lower.matches(of: tag) {
                // Attribute values are quoted (and their quotes escaped), so what is left after
                // removing them is the element name and the attribute names.
                let names = String(lower[match.range]).replacing(quoted, with: "\"\"")
                #expect(names.firstMatch(of: handler) == nil, "event handler in \(lower[match.range])")
            }
        }
        #expect(rendered.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))   // shown, escaped
    }

    @Test("a failing step becomes an error box in place and the rest of the page is written")
    func failureInPlace() async throws {
        let broken = Self.tiny.replacingOccurrences(of: "train: 128", with: "train: 8000")
            .replacingOccurrences(of: "source: blobs", with: "source: no-such-data")
        let cache = Self.temporary("cache"), out = Self.temporary("out")
        defer { for u in [cache, out] { try? FileManager.default.removeItem(at: u) } }
        let rendered = try await Self.render(broken, file: "broken.md", cache: cache, output: out)
        #expect(rendered.html.contains("no-such-data"))
        #expect(rendered.html.contains("class=\"error-title\""))
        #expect(rendered.html.contains("Accuracy is in"))   // the prose is still there
        guard case .skipped = rendered.outcomes["grid"] else { Issue.record("grid not skipped"); return }
    }

    @Test("the paper notebook's quick profile renders every figure and table with no failed step",
          .enabled(if: hasFashionMNIST || requireData))
    func paperQuickProfile() async throws {
        let path = Self.repository.appendingPathComponent("Notebooks/three-factors.md")
        let text = try String(contentsOf: path, encoding: .utf8)
        let cache = Self.temporary("paper-cache"), out = Self.temporary("paper-out")
        defer { for u in [cache, out] { try? FileManager.default.removeItem(at: u) } }
        // The notebook's own path, so its bibliography (beside it) is found.
        let rendered = try await Self.render(text, file: path.path, overrides: [("profile", "quick")],
                                             cache: cache, output: out)
        let (document, _) = NotebookParser.parse(text, file: path.path, overrides: [("profile", "quick")])
        for step in document.steps where step.kind.producesTable || step.kind == .dataset {
            guard case .completed = rendered.outcomes[step.id] else {
                Issue.record("step \(step.id) did not complete: \(String(describing: rendered.outcomes[step.id]))")
                continue
            }
        }
        let plots = document.steps.filter { $0.kind == .plot }.count
        let tables = document.steps.filter { $0.kind == .table }.count
        for n in 1...plots { #expect(rendered.html.contains("id=\"figure-\(n)\""), "figure \(n) missing") }
        for n in 1...tables { #expect(rendered.html.contains("id=\"table-\(n)\""), "table \(n) missing") }
        #expect(rendered.files.keys.filter { $0.hasSuffix(".svg") }.count == plots)
        #expect(!rendered.html.contains("class=\"error-title\""), "an error box was rendered")
        // Every claim of the paper is skipped under the quick profile, and the page says so.
        let claims = document.computations.filter { $0.kind == .claim }
        #expect(claims.count >= 15)
        #expect(claims.allSatisfy { $0.skipProfiles.contains("quick") })
        #expect(rendered.html.contains("\(claims.count) not checked under profile quick"))
        #expect(!rendered.html.contains("class=\"claim claim-failed\""))
        #expect(rendered.html.contains("<p class=\"rendered-with\">Rendered with profile quick</p>"))
        // Each plot's files are named by its id; with rsvg-convert installed, a PDF beside each SVG.
        for step in document.steps where step.kind == .plot && step.hasExplicitID {
            #expect(rendered.files["\(step.id).svg"] != nil, "\(step.id).svg missing")
            if FigurePDF.find() != nil { #expect(rendered.files["\(step.id).pdf"]?.starts(with: Data("%PDF".utf8)) == true) }
        }
        // Cross-references, the numbered equation and citations of the prose are resolved.
        #expect(!rendered.html.contains("@fig-") && !rendered.html.contains("[@") && !rendered.html.contains("{#"))
        #expect(rendered.html.contains("<span class=\"citation\">(<a href=\"#ref-jastrzebski2017three\">Jastrzębski et al., 2017</a>)</span>"))
        #expect(rendered.html.contains("<a class=\"xref\" href=\"#eq-excess\">Equation (1)</a>"))
        #expect(rendered.html.contains("<li id=\"ref-jastrzebski2017three\">Jastrzębski, S., Kenton, Z., Arpit, D., Ballas, N., Fischer, A., Bengio, Y., &amp; Storkey, A. (2017)."))
    }

    @Test("a shown step source has its params expanded, with the block as written below it")
    func expandedSource() async throws {
        let text = """
            ---
            seeds: [1]
            params: { width: 4 }
            ---

            ```dataset blobs
            source: blobs
            train: 64
            test: 32
            ```

            ```train base
            data: blobs
            model: { mlp: [${width}] }
            lr: 0.05
            batch: 16
            epochs: 1
            show_source: open
            ```

            The run of @base.
            """
        let cache = Self.temporary("cache"), out = Self.temporary("out")
        defer { for u in [cache, out] { try? FileManager.default.removeItem(at: u) } }
        let rendered = try await Self.render(text, file: "expanded.md", overrides: [("width", "6")], cache: cache, output: out)
        #expect(rendered.html.contains("model: { mlp: [6] }"))
        #expect(rendered.html.contains("As written, with params as ${…}:"))
        #expect(rendered.html.contains("model: { mlp: [${width}] }"))
        #expect(rendered.html.contains("Rendered with -P width=6"))
        // `@id` of a step that is no figure links to the step.
        #expect(rendered.html.contains("The run of <a class=\"xref\" href=\"#step-base\"><code>base</code></a>."))
        // The provenance records the params as used and the invocation.
        #expect(rendered.html.contains("\"invocation\": \"minima render expanded.md -P width=6\""))
        #expect(rendered.html.contains("width=6"))
    }
}
