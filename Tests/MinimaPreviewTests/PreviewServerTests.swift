import Foundation
import Testing
@testable import MinimaPreview

/// `minima preview` end to end: a tiny notebook in a temporary folder, served on an ephemeral
/// loopback port, fetched over HTTP while the file is edited.
@Suite("Preview server and watcher end to end")
struct PreviewServerTests {
    static func notebook(prose: String, lr: String = "lr: 0.1") -> String {
        """
        ---
        title: Tiny preview
        seeds: [1, 2]
        ---

        # Tiny

        \(prose)

        ```dataset blobs
        source: blobs
        train: 128
        test: 64
        ```

        ```train base
        data: blobs
        model: { mlp: [8] }
        \(lr)
        batch: 16
        epochs: 3
        ```

        ```plot acc
        of: base
        x: epoch
        y: test_acc
        caption: Accuracy per epoch.
        ```

        """
    }

    struct Fixture {
        var folder: URL
        var notebook: URL
        var configuration: PreviewConfiguration

        init(_ text: String) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("minima-preview-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            notebook = folder.appendingPathComponent("nb.md")
            try text.write(to: notebook, atomically: true, encoding: .utf8)
            configuration = PreviewConfiguration(notebook: notebook.path, output: folder.appendingPathComponent("Output"),
                                                 cacheDirectory: folder.appendingPathComponent("cache"))
            configuration.quiet = true
            configuration.jobs = 1
        }

        /// Saves `text` as an editor that writes a new file and renames it over the old one does.
        func save(_ text: String) throws {
            try text.write(to: notebook, atomically: true, encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    static func port(_ server: PreviewServer) -> Int { server.url.port ?? 0 }

    /// GETs the page until `predicate` holds (at most `seconds`: generous, because a full test run
    /// can keep the 2-core concurrency pool busy with training tests for a minute or more).
    static func page(_ server: PreviewServer, seconds: Double = 300, until predicate: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var body = ""
        while Date() < deadline {
            body = try await LoopbackClient.get(port: port(server)).body
            if predicate(body) { return body }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for the page; last page:\n\(body.prefix(2000))")
        return body
    }

    @Test("an edit is served as a new page, announced by a page event, and written as a script-free report")
    func editServesNewPage() async throws {
        let fixture = try Fixture(Self.notebook(prose: "First version of the prose."))
        defer { fixture.remove() }
        let server = try await PreviewServer(configuration: fixture.configuration)
        let events = try await LoopbackClient.open(port: Self.port(server), path: "/events")
        // The runs are not cached: the first page comes at once, the trained figure when they end.
        let first = try await Self.page(server) { $0.contains("<figure") }
        #expect(first.contains("First version of the prose."))
        let shown = await server.generation
        #expect(await events.receive { $0.contains("event: page\ndata: \(shown)\n") })

        try fixture.save(Self.notebook(prose: "Second version, edited."))
        #expect(await events.receive { (LoopbackClient.pageEvents(in: $0).max() ?? 0) > shown }, "a page event after the save")
        _ = try await Self.page(server, seconds: 120) { $0.contains("Second version, edited.") }
        let second = try await LoopbackClient.get(port: Self.port(server))
        #expect(second.status == 200)
        #expect(second.headers.contains("Content-Type: text/html"))
        #expect(second.body.contains("Second version, edited."))
        #expect(!second.body.contains("First version"))
        #expect(second.body.contains("<figure"))          // from the cache, nothing re-trained
        #expect(second.body.contains("new EventSource(\"/events\")"))
        #expect(second.body.contains("script-src 'sha256-"))

        // The written report is the render's: no script, the strict policy.
        let written = try String(contentsOf: fixture.configuration.output.appendingPathComponent("nb.html"), encoding: .utf8)
        #expect(written.contains("Second version, edited."))
        #expect(!written.contains("EventSource"))
        #expect(!written.contains("script-src"))
        #expect(written.components(separatedBy: "<script").count - 1 == written.components(separatedBy: "<script type=\"application/json\"").count - 1)
        await server.stop()
    }

    @Test("runs not cached show their progress on the page, and their step fills in when they finish")
    func progressWhileRunning() async throws {
        // Broken at first, so nothing runs before the browser listens.
        let fixture = try Fixture(Self.notebook(prose: "Runs.", lr: "lrr: 0.1"))
        defer { fixture.remove() }
        let server = try await PreviewServer(configuration: fixture.configuration)
        _ = try await Self.page(server, seconds: 120) { $0.contains("id=\"minima-preview-overlay\"") }
        let events = try await LoopbackClient.open(port: Self.port(server), path: "/events")
        #expect(await events.receive { $0.contains("event: page\n") })
        try fixture.save(Self.notebook(prose: "Runs."))
        // The overall bar of the batch (2 seeds), then an empty panel once the runs end.
        #expect(await events.receive { $0.contains("event: progress\ndata: [") && $0.contains("/2 units") },
                "progress lines: \(events.received)")
        #expect(await events.receive { $0.contains("2/2 units") || $0.contains("event: progress\ndata: \n\n") })
        let page = try await Self.page(server) { $0.contains("<figure") }
        #expect(page.contains("Runs."))
        #expect(!page.contains("id=\"minima-preview-overlay\""))
        await server.stop()
    }

    @Test("a broken edit keeps the last page under an overlay of the diagnostics; the fix removes it")
    func overlayOnBrokenEdit() async throws {
        let fixture = try Fixture(Self.notebook(prose: "Good prose."))
        defer { fixture.remove() }
        let server = try await PreviewServer(configuration: fixture.configuration)
        _ = try await Self.page(server) { $0.contains("<figure") }

        try fixture.save(Self.notebook(prose: "Broken prose.", lr: "lrr: 0.1"))
        let broken = try await Self.page(server, seconds: 120) { $0.contains("id=\"minima-preview-overlay\"") }
        #expect(broken.contains("nb.md:19:1: error:"), "file:line:col of the bad key")
        #expect(broken.contains("lrr"))
        #expect(broken.contains("Good prose."))           // the last good page stays
        #expect(!broken.contains("Broken prose."))

        try fixture.save(Self.notebook(prose: "Fixed prose."))
        let fixed = try await Self.page(server, seconds: 120) { $0.contains("Fixed prose.") }
        #expect(!fixed.contains("id=\"minima-preview-overlay\""))
        await server.stop()
    }

    @Test("saving the --params file re-renders with its new values")
    func paramsFileIsWatched() async throws {
        let text = Self.notebook(prose: "Params.").replacingOccurrences(of: "seeds: [1, 2]", with: "seeds: [1]\nparams: { epochs: 3 }")
            .replacingOccurrences(of: "epochs: 3\n```", with: "epochs: ${epochs}\n```")
        var fixture = try Fixture(text)
        defer { fixture.remove() }
        let params = fixture.folder.appendingPathComponent("params.yaml")
        try "epochs: 2\n".write(to: params, atomically: true, encoding: .utf8)
        fixture.configuration.inputFiles = [params.path]
        fixture.configuration.overrides = {
            let text = try String(contentsOf: params, encoding: .utf8)
            return text.split(separator: "\n").compactMap { line in
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }
        }
        let server = try await PreviewServer(configuration: fixture.configuration)
        _ = try await Self.page(server) { $0.contains("-P epochs=2") && $0.contains("<figure") }
        try "epochs: 4\n".write(to: params, atomically: true, encoding: .utf8)
        let page = try await Self.page(server) { $0.contains("-P epochs=4") && $0.contains("<figure") }
        #expect(!page.contains("-P epochs=2"))
        await server.stop()
    }

    @Test("saving the bibliography the front matter names re-renders the citations and references")
    func bibliographyIsWatched() async throws {
        let text = Self.notebook(prose: "As shown before [@smith].")
            .replacingOccurrences(of: "seeds: [1, 2]", with: "seeds: [1]\nbibliography: refs.bib")
        let fixture = try Fixture(text)
        defer { fixture.remove() }
        let bib = fixture.folder.appendingPathComponent("refs.bib")
        func entry(_ year: Int) -> String {
            "@article{smith,\n  author = {Smith, Ada},\n  title = {A Result},\n  journal = {J},\n  year = {\(year)}\n}\n"
        }
        try entry(1999).write(to: bib, atomically: true, encoding: .utf8)
        let server = try await PreviewServer(configuration: fixture.configuration)
        _ = try await Self.page(server) { $0.contains("Smith, 1999") && $0.contains("<figure") }
        try entry(2003).write(to: bib, atomically: true, encoding: .utf8)
        let page = try await Self.page(server) { $0.contains("Smith, 2003") }
        #expect(!page.contains("Smith, 1999"))
        await server.stop()
    }

    @Test("a second preview of the same notebook is refused with the first one's address")
    func secondPreviewRefused() async throws {
        let fixture = try Fixture(Self.notebook(prose: "Once."))
        defer { fixture.remove() }
        let server = try await PreviewServer(configuration: fixture.configuration)
        do {
            let second = try await PreviewServer(configuration: fixture.configuration)
            Issue.record("a second preview started at \(second.url)")
            await second.stop()
        } catch let failure as PreviewServer.Failure {
            guard case .alreadyRunning(let url, let pid) = failure else {
                Issue.record("unexpected failure \(failure)")
                return
            }
            #expect(url == server.url.absoluteString)
            #expect(pid == String(getpid()))
            #expect(failure.description.contains(server.url.absoluteString))
        }
        await server.stop()
        // Once stopped, the notebook can be previewed again.
        let again = try await PreviewServer(configuration: fixture.configuration)
        await again.stop()
    }

    @Test("the server listens on loopback only, and the figure files are served beside the page")
    func loopbackAndAssets() async throws {
        let fixture = try Fixture(Self.notebook(prose: "Assets."))
        defer { fixture.remove() }
        let server = try await PreviewServer(configuration: fixture.configuration)
        #expect(server.url.host == "127.0.0.1")
        let page = try await Self.page(server) { $0.contains("<figure") }
        let assets = fixture.configuration.output.appendingPathComponent("nb")
        let files = try FileManager.default.contentsOfDirectory(atPath: assets.path).sorted()
        let svg = try #require(files.first { $0.hasSuffix(".svg") })
        #expect(page.contains("nb/"))
        let served = try await LoopbackClient.get(port: Self.port(server), path: "/nb/\(svg)")
        #expect(served.status == 200)
        #expect(served.body.contains("<svg"))
        #expect(try await LoopbackClient.get(port: Self.port(server), path: "/nope").status == 404)
        await server.stop()
    }
}

