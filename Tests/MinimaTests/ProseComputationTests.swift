import Foundation
import MinimaTestSupport
import Notebook
import Report
import Runner
import Testing
@testable import MinimaRender
@testable import minima

/// `derive` steps, `{minima}` values and `{claim}`s rendered end to end on a tiny `blobs` sweep;
/// every number on the page is compared with one computed here from the sweep's own CSV.
@Suite("Derived tables, inline values and claims end to end")
struct ProseComputationTests {
    static func notebook(perfect: String = "{claim}") -> String {
        """
        ---
        title: Claims
        params: { epochs: 2 }
        profiles:
          quick: { epochs: 1 }
        seeds: [1, 2]
        ---

        # Claims

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
        grid: { lr: [0.05, 0.2] }
        ```

        ```derive best
        of: grid
        where: "final == 1"
        group_by: [lr]
        columns:
          - acc: mean(test_acc)
          - spread: max(test_acc) - min(test_acc)
          - rel: acc / lr
        sort: ["lr desc"]
        ```

        The best accuracy is `{minima} grid[final == 1]: max(test_acc) | fixed=4`.
        Final accuracy over runs is `{minima} grid[final == 1]: test_acc | pm fixed=3`.
        Accuracy is a fraction: `{claim} grid: min(test_acc) >= 0 and max(test_acc) <= 1`.
        Every loss is positive: `{claim} grid: train_loss > 0`.
        It is perfect: `\(perfect) grid: min(test_acc) > 2`.
        Nothing at lr 7: `{minima} grid[lr == 7]: max(test_acc)`.
        """
    }

    /// The 1-based line of the first line of `text` starting with `prefix`.
    static func line(of prefix: String, in text: String) -> Int {
        (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(prefix) } ?? -1) + 1
    }

    struct Rendered {
        var html: String
        var files: [String: String]
        var claimFailures: [String]
        var warnings: [String]
    }

    static func render(_ text: String, overrides: [(String, String)] = []) async throws -> Rendered {
        let root = RenderTests.temporary("prose")
        defer { try? FileManager.default.removeItem(at: root) }
        let (document, diagnostics) = NotebookParser.parse(text, file: "nb.md", overrides: overrides)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let outcomes = await NotebookRun(document: document, store: ResultStore(directory: root.appendingPathComponent("cache")))
            .run(executor: LocalExecutor(jobs: 1), progress: Progress(quiet: true))
        let (page, warnings, failures) = try ReportWriter(document: document, outcomes: outcomes,
                                                          output: root.appendingPathComponent("out")).write()
        var files: [String: String] = [:]
        let folder = page.deletingPathExtension()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".csv") {
            files[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return Rendered(html: try String(contentsOf: page, encoding: .utf8), files: files,
                        claimFailures: failures, warnings: warnings)
    }

    /// A CSV of plain cells (no quoting) as column → values.
    static func csv(_ text: String) -> (columns: [String], rows: [[String: String]]) {
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        return (header, lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
    }

    /// The final rows of grid.csv: (lr, test_acc).
    static func finals(_ rendered: Rendered) throws -> [(lr: Double, acc: Double)] {
        let grid = csv(try #require(rendered.files["grid.csv"]))
        return grid.rows.filter { $0["final"] == "1" }.map { (Double($0["lr"]!)!, Double($0["test_acc"]!)!) }
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

    static func sampleStd(_ xs: [Double]) -> Double {
        let m = mean(xs)
        return (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
    }

    @Test("a derive step's CSV equals the grouped means, spreads and ratios computed from the sweep's CSV")
    func deriveMatchesOracle() async throws {
        let rendered = try await Self.render(Self.notebook())
        let finals = try Self.finals(rendered)
        #expect(finals.count == 4)   // 2 learning rates × 2 seeds
        let best = Self.csv(try #require(rendered.files["best.csv"]))
        #expect(best.columns == ["lr", "acc", "spread", "rel"])
        let lrs = Array(Set(finals.map(\.lr))).sorted(by: >)   // sort: ["lr desc"]
        #expect(best.rows.map { Double($0["lr"]!)! } == lrs)
        for (row, lr) in zip(best.rows, lrs) {
            let accs = finals.filter { $0.lr == lr }.map(\.acc)
            let acc = Self.mean(accs)
            #expect(abs(Double(row["acc"]!)! - acc) < 1e-12)
            #expect(abs(Double(row["spread"]!)! - (accs.max()! - accs.min()!)) < 1e-12)
            #expect(abs(Double(row["rel"]!)! - acc / lr) < 1e-9)
        }
    }

    @Test("inline values show the independently computed numbers in their formats; pm is mean ± sample std")
    func inlineValues() async throws {
        let rendered = try await Self.render(Self.notebook())
        let accs = try Self.finals(rendered).map(\.acc)
        let best = String(format: "%.4f", accs.max()!)
        #expect(rendered.html.contains(
            "<a class=\"computed\" href=\"#step-grid\" title=\"grid[final == 1]: max(test_acc) | fixed=4 · 4 rows\">\(best)</a>"),
            "\(best)")
        let pm = String(format: "%.3f ± %.3f", Self.mean(accs), Self.sampleStd(accs))
        #expect(rendered.html.contains(">\(pm)</a>"), "\(pm)")
        #expect(rendered.html.contains("mean ± sample std over 4"))
    }

    @Test("a value that cannot be computed shows '?' with the reason and is a warning, not a failure")
    func valueWithoutData() async throws {
        let text = Self.notebook()
        let rendered = try await Self.render(text)
        let line = Self.line(of: "Nothing at lr 7", in: text)
        #expect(rendered.warnings.contains { $0.hasPrefix("nb.md:\(line):18: warning: inline value 'grid: max(test_acc)' has no value") },
                "\(rendered.warnings)")
        #expect(rendered.html.contains("class=\"computed computed-error\""))
        #expect(rendered.html.contains(">? (no value"))
        #expect(!rendered.claimFailures.contains { $0.contains("lr == 7") })
    }

    @Test("pm over a single value has no spread to show: a warning and '?', not '± 0'")
    func meanStdOfOneValue() async throws {
        let text = Self.notebook() + "\nOne run: `{minima} grid[final == 1 and lr == 0.2 and seed == 1]: test_acc | pm`.\n"
        let rendered = try await Self.render(text)
        #expect(rendered.warnings.contains { $0.contains("'pm' needs at least 2 finite values, found 1") }, "\(rendered.warnings)")
        #expect(!rendered.html.contains("± 0.000"))
    }

    @Test("claims render their verdicts and measurements; the claims list counts them; a false one is a failure")
    func claims() async throws {
        let text = Self.notebook()
        let rendered = try await Self.render(text)
        let html = rendered.html
        #expect(html.contains("<span class=\"claim claim-passed\" id=\"claim-1\">"))
        let first = html.components(separatedBy: "id=\"claim-1\">").dropFirst().first ?? ""
        #expect(first.prefix(400).contains("✓</span></span>"))
        #expect(html.contains("<span class=\"claim claim-passed\" id=\"claim-2\"><a href=\"#step-grid\" title=\"grid: train_loss &gt; 0 · 8 rows\">8 of 8 rows</a>"))
        #expect(html.contains("<span class=\"claim claim-failed\" id=\"claim-3\">"))
        let grid = try #require(rendered.files["grid.csv"])
        let minimum = try #require(Self.csv(grid).rows.map { Double($0["test_acc"]!)! }.min())
        let measured = ComputationMarkup.number(minimum, format: ValueFormat())
        #expect(html.contains("\(measured) &gt; 2</a> <span class=\"claim-mark\""), "\(measured)")
        #expect(html.contains("<p class=\"claims-headline\">3 claims checked at this render: 2 hold, 1 fails</p>"))
        #expect(html.components(separatedBy: "<li class=\"claim-").count == 4)
        let line = Self.line(of: "It is perfect", in: text)
        #expect(rendered.claimFailures == ["nb.md:\(line):16: error: claim failed: grid: min(test_acc) > 2 (\(measured) > 2)"])
        // The notebook's own "# Claims" heading does not take the claims list's id.
        #expect(html.components(separatedBy: "id=\"claims\"").count == 2)
        #expect(html.contains("<h1 id=\"claims-2\">Claims</h1>"))
    }

    @Test("a claim over no rows is undecided, and that fails the render too")
    func undecidedClaim() async throws {
        let text = Self.notebook() + "\nNever: `{claim} grid[lr == 7]: mean(test_acc) > 0`.\n"
        let rendered = try await Self.render(text)
        let line = Self.line(of: "Never", in: text)
        #expect(rendered.html.contains("<span class=\"claim claim-undecided\" id=\"claim-4\">"))
        #expect(rendered.claimFailures.contains { $0.hasPrefix("nb.md:\(line):8: error: claim could not be decided: grid[lr == 7]: mean(test_acc) > 0 (the condition has no value") },
                "\(rendered.claimFailures)")
        #expect(rendered.html.contains("1 fails, 1 undecided"))
    }

    @Test("the provenance JSON lists every computation, the params and the invocation")
    func provenance() async throws {
        let text = Self.notebook(perfect: "{claim skip=quick}")
        let rendered = try await Self.render(text, overrides: [("profile", "quick")])
        let html = rendered.html
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"minima-provenance\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let json = try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any]
        let object = try #require(json)
        #expect(object["invocation"] as? String == "minima render nb.md -P profile=quick")
        #expect(object["params"] as? [String: String] == ["epochs": "1"])
        let computations = try #require(object["computations"] as? [[String: Any]])
        #expect(computations.map { $0["kind"] as? String } == ["value", "value", "claim", "claim", "claim", "value"])
        #expect(computations.map { $0["position"] as? String } == [
            "nb.md:\(Self.line(of: "The best", in: text)):22", "nb.md:\(Self.line(of: "Final accuracy", in: text)):29",
            "nb.md:\(Self.line(of: "Accuracy is", in: text)):25", "nb.md:\(Self.line(of: "Every loss", in: text)):25",
            "nb.md:\(Self.line(of: "It is perfect", in: text)):16", "nb.md:\(Self.line(of: "Nothing at", in: text)):18",
        ])
        #expect(computations[0]["expression"] as? String == "[final == 1] max(test_acc)")
        #expect(computations[4]["value"] as? String == "– not checked under this profile")
        #expect(html.contains("<p class=\"rendered-with\">Rendered with profile quick</p>"))
        #expect(html.contains("Values and claims in the text"))
        #expect(rendered.claimFailures.isEmpty)
        #expect(html.contains("1 not checked under profile quick"))
    }
}

/// The same through the `minima` executable: exit codes and what reaches the terminal.
@Suite("Claims through the minima command", .enabled(if: MinimaBinary.url != nil, MinimaBinary.skipMessage))
struct ClaimCommandTests {
    static func place(_ text: String) throws -> (root: URL, notebook: URL) {
        let root = RenderTests.temporary("claims-cli")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let notebook = root.appendingPathComponent("nb.md")
        try Data(text.utf8).write(to: notebook)
        return (root, notebook)
    }

    @Test("a false claim makes 'minima render' exit 1 with the claim's position; the report is still written")
    func falseClaimExits1() throws {
        let text = ProseComputationTests.notebook()
        let (root, notebook) = try Self.place(text)
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        let result = try MinimaBinary.run(["render", notebook.path, "-o", out.path,
                                           "--cache-dir", root.appendingPathComponent("cache").path])
        #expect(result.status == 1, "\(result)")
        let line = ProseComputationTests.line(of: "It is perfect", in: text)
        #expect(result.stderr.contains("\(notebook.path):\(line):16: error: claim failed: grid: min(test_acc) > 2 ("), "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("nb.html").path))
    }

    @Test("with skip=quick and -P profile=quick the claim is not checked and the render exits 0")
    func skippedClaimExits0() throws {
        let (root, notebook) = try Self.place(ProseComputationTests.notebook(perfect: "{claim skip=quick}"))
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        let cache = root.appendingPathComponent("cache").path
        let result = try MinimaBinary.run(["render", notebook.path, "-o", out.path, "--cache-dir", cache, "-P", "profile=quick"])
        #expect(result.status == 0, "\(result)")
        #expect(!result.stderr.contains("claim failed"))
        let html = try String(contentsOf: out.appendingPathComponent("nb.html"), encoding: .utf8)
        #expect(html.contains("<span class=\"claim claim-notChecked\" id=\"claim-3\">"))
        #expect(html.contains(">not checked under this profile</a>"))
        // Without the profile the same claim is checked, and fails.
        let full = try MinimaBinary.run(["render", notebook.path, "-o", out.path, "--cache-dir", cache])
        #expect(full.status == 1)
    }

    @Test("a fully cached render with --executor slurm needs no Slurm: no sbatch on the PATH, exit 0, same data")
    func cachedSlurmRenderNeedsNoSlurm() throws {
        let (root, notebook) = try Self.place(ProseComputationTests.notebook(perfect: "{claim skip=quick}"))
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = root.appendingPathComponent("cache").path
        let local = root.appendingPathComponent("local"), slurm = root.appendingPathComponent("slurm")
        let first = try MinimaBinary.run(["render", notebook.path, "-o", local.path, "--cache-dir", cache, "-P", "profile=quick"])
        #expect(first.status == 0, "\(first)")
        // An empty PATH: any attempt to reach sbatch, squeue or sinfo would fail the render.
        let second = try MinimaBinary.run(["render", notebook.path, "-o", slurm.path, "--cache-dir", cache, "-P", "profile=quick",
                                           "--executor", "slurm"], environment: ["PATH": root.path])
        #expect(second.status == 0, "\(second)")
        let a = try Data(contentsOf: local.appendingPathComponent("nb/grid.csv"))
        let b = try Data(contentsOf: slurm.appendingPathComponent("nb/grid.csv"))
        #expect(a == b)
    }

    @Test("'minima check' reports an inline mistake with exit 65 and runs nothing")
    func checkReportsInlineMistake() throws {
        let text = ProseComputationTests.notebook() + "\nOops: `{minima} grid: max(tset_acc)`.\n"
        let (root, notebook) = try Self.place(text)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try MinimaBinary.run(["check", notebook.path])
        #expect(result.status == 65, "\(result)")
        let line = ProseComputationTests.line(of: "Oops", in: text)
        #expect(result.stderr.contains("\(notebook.path):\(line):27: error: step 'grid' has no column 'tset_acc'"), "\(result.stderr)")
        #expect(!result.stdout.contains("runs") && !result.stderr.contains("[1/"), "\(result)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["nb.md"])
    }
}
