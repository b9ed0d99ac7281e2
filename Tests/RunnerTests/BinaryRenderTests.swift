import Foundation
import MinimaTestSupport
import Testing

/// `minima render` as a separate process, comparing the data files two renders write.
enum BinaryRender {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A notebook at the quickstart's shape (784-128-10, batch 64) on the MNIST files shipped in
    /// the repository: two seeds, so `--jobs 2` trains them side by side with one thread each.
    static let quickstartShape = """
        ---
        title: Thread invariance
        seeds: [1, 2]
        ---

        ```dataset digits
        source: mnist
        train: 2000
        test: 500
        seed: 1
        ```

        ```train base
        data: digits
        model: { mlp: [128] }
        lr: 0.1
        batch: 64
        epochs: 2
        ```

        ```table final
        of: base
        columns: [seed, train_loss, test_loss, test_acc]
        where: { final: 1 }
        ```
        """

    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("minima-\(name)-\(UUID().uuidString)")
    }

    /// Writes `text` to a fresh folder, renders it with `arguments` into `cache`; returns the exit
    /// status, stderr and every CSV file under the output folder (by path relative to it).
    static func render(_ text: String, cache: URL, arguments: [String] = [])
        throws -> (status: Int32, stderr: String, csv: [String: Data])
    {
        let folder = temporary("binary-render")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let notebook = folder.appendingPathComponent("notebook.md")
        try text.write(to: notebook, atomically: true, encoding: .utf8)
        // A notebook's data/ folder is searched for named sets: lend it the repository's MNIST.
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("data"),
                                                   withDestinationURL: repository.appendingPathComponent("Notebooks/data"))
        let output = folder.appendingPathComponent("Output")
        let result = try MinimaBinary.run(["render", notebook.path, "--quiet", "--cache-dir", cache.path,
                                           "--output", output.path] + arguments)
        var csv: [String: Data] = [:]
        if let files = FileManager.default.enumerator(atPath: output.path) {
            for case let path as String in files where path.hasSuffix(".csv") {
                csv[path] = try Data(contentsOf: output.appendingPathComponent(path))
            }
        }
        return (result.status, result.stderr, csv)
    }
}

@Suite("minima render, end to end", .enabled(if: MinimaBinary.url != nil, MinimaBinary.skipMessage))
struct BinaryRenderTests {
    @Test("--jobs 1 and --jobs 2 write the same CSV bytes at the quickstart's shape")
    func jobsDoNotChangeBytes() throws {
        let c1 = BinaryRender.temporary("jobs1"), c2 = BinaryRender.temporary("jobs2")
        defer { for u in [c1, c2] { try? FileManager.default.removeItem(at: u) } }
        let one = try BinaryRender.render(BinaryRender.quickstartShape, cache: c1, arguments: ["--jobs", "1"])
        let two = try BinaryRender.render(BinaryRender.quickstartShape, cache: c2, arguments: ["--jobs", "2"])
        #expect(one.status == 0 && two.status == 0, "\(one.stderr)\n\(two.stderr)")
        #expect(!one.csv.isEmpty)
        #expect(one.csv.keys.sorted() == two.csv.keys.sorted())
        for name in one.csv.keys.sorted() {
            #expect(one.csv[name] == two.csv[name], "\(name) differs between --jobs 1 and --jobs 2")
        }
    }
}
