import Foundation
import MinimaTestSupport
import Testing

/// `minima check` on a notebook whose data set is a custom folder beside it.
@Suite("minima check: custom data folders")
struct FolderShapeCLITests {
    @Test("'minima check' reports a model that pools a custom 28×28 IDX folder too far, at the layer, with exit 65")
    func checkPoolsTooFar() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("minima-cli-folder-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data/scans")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        // Uncompressed IDX files (the loader reads `stem` when there is no `stem.gz`).
        func idx(_ dimensions: [Int], count: Int) -> Data {
            var bytes = withUnsafeBytes(of: (0x0800 | UInt32(dimensions.count)).bigEndian, Array.init)
            for d in dimensions { bytes += withUnsafeBytes(of: UInt32(d).bigEndian, Array.init) }
            return Data(bytes + (0..<count).map { UInt8($0 % 10) })
        }
        for split in ["train", "t10k"] {
            try idx([10, 28, 28], count: 10 * 784).write(to: data.appendingPathComponent("\(split)-images-idx3-ubyte"))
            try idx([10], count: 10).write(to: data.appendingPathComponent("\(split)-labels-idx1-ubyte"))
        }
        let notebook = root.appendingPathComponent("nb.md")
        func check(_ model: String) throws -> (status: Int32, stdout: String, stderr: String) {
            let text = "# Scans\n\n```dataset d\nsource: scans\n```\n\n```train t\ndata: d\nmodel: \(model)\nlr: 0.1\nbatch: 5\nepochs: 1\n```\n"
            try text.write(to: notebook, atomically: true, encoding: .utf8)
            return try MinimaBinary.run(["check", notebook.path])
        }
        let bad = try check("{vgg: [4, M, 4, M, 4, M, 4, M, M]}")
        #expect(bad.status == 65, "\(bad)")
        #expect(bad.stderr.contains("\(notebook.path):9:39: error: 'maxpool: 2' needs a map of at least 2×2, but its input is 1×1×4 (data 'd' is 28×28×1)"),
                "\(bad.stderr)")
        let good = try check("{vgg: [4, M, 4, M]}")
        #expect(good.status == 0, "\(good)")
    }
}
