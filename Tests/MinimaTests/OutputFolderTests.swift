import Foundation
import Notebook
import Runner
import Testing
@testable import MinimaRender
@testable import minima

/// What a render may and may not do to OUTPUT/NAME/ and OUTPUT/NAME.html.
@Suite("Writing the output folder")
struct OutputFolderTests {
    /// A notebook of dataset steps (cheap: no training), one per id, `train` examples each.
    static func notebook(_ ids: [String], train: Int = 32) -> String {
        "---\ntitle: Out\n---\n\n# Out\n\n" + ids.map { "```dataset \($0)\nsource: blobs\ntrain: \(train)\ntest: 16\n```\n" }
            .joined(separator: "\n")
    }

    struct Place {
        let root = RenderTests.temporary("output-folder")
        var cache: URL { root.appendingPathComponent("cache") }
        var output: URL { root.appendingPathComponent("out") }
        var folder: URL { output.appendingPathComponent("nb") }
        var page: URL { output.appendingPathComponent("nb.html") }
        func remove() { try? FileManager.default.removeItem(at: root) }

        @discardableResult
        func render(_ text: String, writeFile: ((Data, URL) throws -> Void)? = nil) async throws -> URL {
            let (document, diagnostics) = NotebookParser.parse(text, file: "nb.md")
            #expect(!diagnostics.hasErrors, "\(diagnostics)")
            let outcomes = await NotebookRun(document: document, store: ResultStore(directory: cache))
                .run(executor: LocalExecutor(jobs: 1), progress: Progress(quiet: true))
            return try ReportWriter(document: document, outcomes: outcomes, output: output, writeFile: writeFile).write().page
        }

        /// Every file under the output folder (relative path → bytes), staging folders included.
        func snapshot() -> [String: Data] {
            var files: [String: Data] = [:]
            let enumerator = FileManager.default.enumerator(atPath: output.path)
            while let path = enumerator?.nextObject() as? String {
                let url = output.appendingPathComponent(path)
                if OutputFolder.type(of: url) == .typeRegular { files[path] = try? Data(contentsOf: url) }
            }
            return files
        }
    }

    @Test("a user's own files and folders in OUTPUT/NAME survive a render")
    func userFilesSurvive() async throws {
        let place = Place()
        defer { place.remove() }
        try await place.render(Self.notebook(["a"]))
        let notes = place.folder.appendingPathComponent("notes.txt")
        let mine = place.folder.appendingPathComponent("mine")
        try Data("mine".utf8).write(to: notes)
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: mine.appendingPathComponent("x.txt"))
        try await place.render(Self.notebook(["a", "b"]))
        #expect(try String(contentsOf: notes, encoding: .utf8) == "mine")
        #expect(FileManager.default.fileExists(atPath: mine.appendingPathComponent("x.txt").path))
        #expect(FileManager.default.fileExists(atPath: place.folder.appendingPathComponent("b.csv").path))
    }

    @Test("a user's file with the name of a file Minima writes is not overwritten: the render stops")
    func userFileNotOverwritten() async throws {
        let place = Place()
        defer { place.remove() }
        try FileManager.default.createDirectory(at: place.folder, withIntermediateDirectories: true)
        let theirs = place.folder.appendingPathComponent("a.csv")
        try Data("my own a.csv".utf8).write(to: theirs)
        await #expect(throws: OutputError.self) { try await place.render(Self.notebook(["a"])) }
        #expect(try String(contentsOf: theirs, encoding: .utf8) == "my own a.csv")
        #expect(!FileManager.default.fileExists(atPath: place.page.path))
    }

    @Test("OUTPUT/NAME as a symbolic link to elsewhere is refused and the target is untouched")
    func symlinkRefused() async throws {
        let place = Place()
        defer { place.remove() }
        let elsewhere = place.root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: elsewhere.appendingPathComponent("keep.txt"))
        try FileManager.default.createDirectory(at: place.output, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: place.folder, withDestinationURL: elsewhere)
        await #expect(throws: OutputError.self) { try await place.render(Self.notebook(["a"])) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path) == ["keep.txt"])
        #expect(try String(contentsOf: elsewhere.appendingPathComponent("keep.txt"), encoding: .utf8) == "keep")
    }

    @Test("a symbolic link inside OUTPUT/NAME where Minima writes a file is refused, its target untouched")
    func symlinkInsideRefused() async throws {
        let place = Place()
        defer { place.remove() }
        try await place.render(Self.notebook(["a"]))
        let target = place.root.appendingPathComponent("target.txt")
        try Data("target".utf8).write(to: target)
        let link = place.folder.appendingPathComponent("b.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        await #expect(throws: OutputError.self) { try await place.render(Self.notebook(["a", "b"])) }
        #expect(try String(contentsOf: target, encoding: .utf8) == "target")
        #expect(OutputFolder.type(of: link) == .typeSymbolicLink)
    }

    @Test("a file written by the previous render and no longer produced is removed; the manifest lists this render's files")
    func staleRemoved() async throws {
        let place = Place()
        defer { place.remove() }
        try await place.render(Self.notebook(["a", "b"]))
        #expect(FileManager.default.fileExists(atPath: place.folder.appendingPathComponent("b.json").path))
        try await place.render(Self.notebook(["a"]))
        let names = try FileManager.default.contentsOfDirectory(atPath: place.folder.path).sorted()
        #expect(names == [".minima-manifest", "a.csv", "a.json"])
        let manifest = OutputManifest.read(in: place.folder)
        #expect(manifest.paths == ["a.csv", "a.json"])
        let csv = try Data(contentsOf: place.folder.appendingPathComponent("a.csv"))
        #expect(manifest.digests(of: "a.csv") == [CacheKey.digest(csv)])
    }

    @Test("a file Minima wrote and the user then edited is kept when no longer produced, with a warning")
    func editedStaleKept() async throws {
        let place = Place()
        defer { place.remove() }
        try await place.render(Self.notebook(["a", "b"]))
        let edited = place.folder.appendingPathComponent("b.csv")
        try Data("edited".utf8).write(to: edited)
        try await place.render(Self.notebook(["a"]))
        #expect(try String(contentsOf: edited, encoding: .utf8) == "edited")
    }

    @Test("a write failing mid-render leaves the previous report intact, with no staging or .tmp leftovers")
    func failureKeepsPreviousGeneration() async throws {
        let place = Place()
        defer { place.remove() }
        try await place.render(Self.notebook(["a", "b", "c"]))
        let before = place.snapshot()
        struct DiskFull: Error {}
        let count = Counter()
        await #expect(throws: DiskFull.self) {
            try await place.render(Self.notebook(["a", "b", "c"], train: 48)) { data, url in
                if count.next() == 3 { throw DiskFull() }
                try data.write(to: url)
            }
        }
        let after = place.snapshot()
        #expect(after == before)
        #expect(!after.keys.contains { $0.contains("staging") || $0.hasSuffix(".tmp") })
    }

    @Test("a render stopped after moving its files in leaves them recognisable as Minima's: the next render succeeds")
    func stoppedAfterMoving() async throws {
        let place = Place()
        defer { place.remove() }
        try await place.render(Self.notebook(["a", "b"]))
        struct Killed: Error {}
        let manifests = Counter()
        // The second manifest written is the final one, after every file has moved in.
        await #expect(throws: Killed.self) {
            try await place.render(Self.notebook(["a", "b"], train: 48)) { data, url in
                if url.lastPathComponent == ".manifest", manifests.next() == 2 { throw Killed() }
                try data.write(to: url)
            }
        }
        #expect(OutputManifest.read(in: place.folder).digests(of: "a.csv").count == 2)   // both generations
        try await place.render(Self.notebook(["a"], train: 64))
        let names = try FileManager.default.contentsOfDirectory(atPath: place.folder.path).sorted()
        #expect(names == [".minima-manifest", "a.csv", "a.json"])
        #expect(OutputManifest.read(in: place.folder).digests(of: "a.csv").count == 1)
    }

    @Test("a folder in the way of a file stops the render before any file of the previous report changes")
    func folderInTheWay() async throws {
        let place = Place()
        defer { place.remove() }
        try await place.render(Self.notebook(["a", "b"]))
        try FileManager.default.createDirectory(at: place.folder.appendingPathComponent("z.csv"), withIntermediateDirectories: true)
        let before = place.snapshot()
        await #expect(throws: (any Error).self) { try await place.render(Self.notebook(["a", "b", "z"], train: 48)) }
        #expect(place.snapshot() == before)
    }

    @Test("a staging folder left by a killed render is removed by the next render of the notebook")
    func leftoverStagingRemoved() async throws {
        let place = Place()
        defer { place.remove() }
        let leftover = place.output.appendingPathComponent(".nb.staging-0badc0de")
        let otherNotebooks = place.output.appendingPathComponent(".nb.staging-x.staging-0badc0de")
        for folder in [leftover, otherNotebooks] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("half".utf8).write(to: folder.appendingPathComponent("a.csv"))
        }
        try await place.render(Self.notebook(["a"]))
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
        #expect(FileManager.default.fileExists(atPath: otherNotebooks.path))
    }

    @Test("a page at OUTPUT/NAME.html that Minima did not write is not overwritten")
    func foreignPageKept() async throws {
        let place = Place()
        defer { place.remove() }
        try FileManager.default.createDirectory(at: place.output, withIntermediateDirectories: true)
        try Data("<p>my page</p>".utf8).write(to: place.page)
        await #expect(throws: OutputError.self) { try await place.render(Self.notebook(["a"])) }
        #expect(try String(contentsOf: place.page, encoding: .utf8) == "<p>my page</p>")
    }

    @Test("step ids with non-ASCII letters get distinct files, and each link is the percent-encoded name written")
    func unicodeIDsDistinctAndLinked() async throws {
        let place = Place()
        defer { place.remove() }
        let page = try await place.render(Self.notebook(["Ωmega", "Ψmega"]))
        let html = try String(contentsOf: page, encoding: .utf8)
        let written = Set(try FileManager.default.contentsOfDirectory(atPath: place.folder.path))
        #expect(written.isSuperset(of: ["Ωmega.csv", "Ψmega.csv", "Ωmega.json", "Ψmega.json"]))
        let hrefs = html.matches(of: try Regex("href=\"nb/([^\"]*)\"")).map { String($0.output[1].substring!) }
        #expect(hrefs.count == 4)
        for href in hrefs {
            let name = try #require(href.removingPercentEncoding)
            #expect(written.contains(name), "\(href) links to no written file")
        }
        #expect(hrefs.contains("%CE%A9mega.csv"))
    }

    @Test("the page shows no absolute path of the machine, also in error boxes")
    func noAbsolutePaths() async throws {
        let place = Place()
        defer { place.remove() }
        let file = place.root.appendingPathComponent("notebooks/nb.md").path
        let text = Self.notebook(["a"]) + "\n```dataset broken\nsource: no-such-data\n```\n"
        let (document, _) = NotebookParser.parse(text, file: file)
        let outcomes = await NotebookRun(document: document, store: ResultStore(directory: place.cache))
            .run(executor: LocalExecutor(jobs: 1), progress: Progress(quiet: true))
        let page = try ReportWriter(document: document, outcomes: outcomes, output: place.output).write().page
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("class=\"error-title\""))
        #expect(html.contains("data-position=\"nb.md:"))
        #expect(!html.contains(place.root.path))
        #expect(!html.contains(FileManager.default.temporaryDirectory.path))
    }

    @Test("two notebooks with the same base name in one render are a usage error")
    func sameBaseName() throws {
        #expect(throws: (any Error).self) { try Minima.Render.parse(["a/x.md", "b/x.md", "-o", "Out"]) }
        #expect(throws: (any Error).self) { try Minima.Render.parse(["a/X.md", "b/x.md"]) }
        #expect(throws: Never.self) { try Minima.Render.parse(["a/x.md", "b/y.md", "-o", "Out"]) }
    }

    @Test("control characters in diagnostics are made visible before they reach the terminal")
    func terminalSafe() {
        let text = "```train \u{1B}[2Jred\u{9B}\nlr: 1\n```\n"
        let (_, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        let printed = diagnostics.map(\.description).joined(separator: "\n")
        #expect(printed.contains("\u{1B}"))
        let safe = printed.terminalSafe
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(!safe.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) })
        #expect(safe.contains("\\u{1B}[2Jred\\u{9B}"))
        #expect("a\tb\nc\u{202E}d".terminalSafe == "a\tb\nc\\u{202E}d")
    }
}

/// A thread-safe counter for the injected write.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func next() -> Int { lock.withLock { value += 1; return value } }
}
