import ArgumentParser
import Foundation
import Notebook
import MinimaTestSupport
import Runner
import Testing
@testable import MinimaRender
@testable import minima

/// `minima export` end to end: render a tiny notebook into a temporary cache, then export.
@Suite("Exporting steps")
struct ExportTests {
    static let notebook = """
        ---
        title: Export
        seeds: [1]
        params: { lr: 0.1 }
        ---

        ```dataset blobs
        source: blobs
        train: 48
        test: 24
        seed: 3
        ```

        ```train base
        data: blobs
        model: { mlp: [8] }
        lr: ${lr}
        batch: 16
        epochs: 2
        ```

        ```sweep grid
        base: base
        grid: { batch: [8, 24] }
        ```

        ```measure sharp
        of: grid
        metrics: [loss, accuracy]
        samples: 16
        ```

        ```plot both
        of: [grid, sharp]
        x: batch
        y: lr
        kind: scatter
        ```
        """

    struct Workspace {
        var folder: URL
        var notebook: String { folder.appendingPathComponent("export.md").path }
        var cache: String { folder.appendingPathComponent("cache").path }
        var output: URL { folder.appendingPathComponent("out") }
    }

    /// A folder holding the notebook and a cache filled by rendering it.
    static func rendered() async throws -> (Workspace, NotebookRun) {
        let space = Workspace(folder: FileManager.default.temporaryDirectory.appendingPathComponent("minima-export-\(UUID().uuidString)"))
        try FileManager.default.createDirectory(at: space.folder, withIntermediateDirectories: true)
        try notebook.write(toFile: space.notebook, atomically: true, encoding: .utf8)
        let (document, diagnostics) = NotebookParser.parse(notebook, file: space.notebook)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let run = NotebookRun(document: document, store: ResultStore(directory: URL(fileURLWithPath: space.cache)))
        _ = await run.run(executor: LocalExecutor(jobs: 1), progress: Progress(quiet: true))
        return (space, run)
    }

    static func export(_ arguments: [String]) async throws {
        var command = try Minima.Export.parse(arguments)
        try await command.run()
    }

    @Test("a sweep exports one folder per run with its history, spec and parameters equal to the cached ones")
    func sweep() async throws {
        let (space, run) = try await Self.rendered()
        defer { try? FileManager.default.removeItem(at: space.folder) }
        try await Self.export([space.notebook, "grid", "-o", space.output.path, "--cache-dir", space.cache])

        let folders = try FileManager.default.contentsOfDirectory(atPath: space.output.path).sorted()
        #expect(folders == ["lr=0.1_batch=24_seed=1", "lr=0.1_batch=8_seed=1"])
        let units = try #require(run.plan.step("grid")?.units)
        for unit in units {
            guard case .run(let u) = unit else { Issue.record("not a run"); continue }
            let folder = space.output.appendingPathComponent("lr=0.1_batch=\(u.run.train.batch)_seed=1")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(names == ["history.csv", "layer1.bias.npy", "layer1.weight.npy", "layer2.bias.npy",
                              "layer2.weight.npy", "spec.json"])
            // blobs: 16 features, 4 classes; hidden width 8. Weights are [fan_out, fan_in].
            let expected: [(String, [Int])] = [("layer1.weight", [8, 16]), ("layer1.bias", [8]),
                                               ("layer2.weight", [4, 8]), ("layer2.bias", [4])]
            var concatenated: [Float] = []
            for (name, shape) in expected {
                let read = try NPYReading(Data(contentsOf: folder.appendingPathComponent("\(name).npy")))
                #expect(read.shape == shape, "\(name)")
                #expect(read.descr == "<f4")
                concatenated += read.values
            }
            // The flat vector is the tensors in layout order: 16·8 + 8 + 8·4 + 4 = 172 values.
            let cached = try #require(run.store.loadParameters(for: u.key, count: 172))
            #expect(concatenated.map(\.bitPattern) == cached.map(\.bitPattern))

            let history = try String(contentsOf: folder.appendingPathComponent("history.csv"), encoding: .utf8)
            let lines = history.split(separator: "\n")
            #expect(lines.count == 3)   // a header and one row per epoch (2 epochs)
            let batchColumn = try #require(lines[0].split(separator: ",").firstIndex(of: "batch"))
            #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",")[batchColumn] == "\(u.run.train.batch)" })

            let spec = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("spec.json")))
                as? [String: Any]
            #expect(spec?["cache_key"] as? String == u.key.hex)
            #expect((spec?["fields"] as? [String: String])?["lr"] == "0.1")
            let text = try String(contentsOf: folder.appendingPathComponent("spec.json"), encoding: .utf8)
            let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
            #expect(keys == keys.sorted())   // sorted keys
        }
    }

    @Test("a measure step exports its table as CSV and JSON")
    func measureTable() async throws {
        let (space, _) = try await Self.rendered()
        defer { try? FileManager.default.removeItem(at: space.folder) }
        try await Self.export([space.notebook, "sharp", "-o", space.output.path, "--cache-dir", space.cache])
        let csv = try String(contentsOf: space.output.appendingPathComponent("sharp.csv"), encoding: .utf8)
        // The run labels and metrics, then the run's settings (ResultColumns.runSettings).
        #expect(csv.hasPrefix("lr,batch,seed,loss,accuracy,momentum,weight_decay,epochs,model,activation,init,data,"
            + "train_size,test_size,label_noise,lr_schedule,batch_schedule\n"))
        #expect(csv.split(separator: "\n").count == 3)   // header + 2 runs
        #expect(FileManager.default.fileExists(atPath: space.output.appendingPathComponent("sharp.json").path))
    }

    @Test("a plot over two steps exports one SVG whose legend names both steps")
    func plotOverTwoSteps() async throws {
        let (space, _) = try await Self.rendered()
        defer { try? FileManager.default.removeItem(at: space.folder) }
        try await Self.export([space.notebook, "both", "-o", space.output.path, "--cache-dir", space.cache])
        let svg = try String(contentsOf: space.output.appendingPathComponent("both.svg"), encoding: .utf8)
        #expect(svg.contains(">grid</text>") && svg.contains(">sharp</text>"), "\(svg)")
    }

    @Test("runs not in the cache exit 1 and write nothing; an unknown step exits 65")
    func errors() async throws {
        let (space, _) = try await Self.rendered()
        defer { try? FileManager.default.removeItem(at: space.folder) }
        await #expect(throws: ExitCode(1)) {
            try await Self.export([space.notebook, "grid", "-P", "lr=0.2", "-o", space.output.path, "--cache-dir", space.cache])
        }
        #expect(!FileManager.default.fileExists(atPath: space.output.path))
        await #expect(throws: ExitCode(65)) {
            try await Self.export([space.notebook, "gird", "-o", space.output.path, "--cache-dir", space.cache])
        }
    }

    @Test("a run label becomes a safe folder name")
    func folderNames() {
        #expect(NotebookRun.exportFolderName("lr=0.1 batch=32 seed=1") == "lr=0.1_batch=32_seed=1")
        #expect(NotebookRun.exportFolderName("big/lr β=2 lr=0.2 batch=64 seed=1") == "big-lr_beta=2_lr=0.2_batch=64_seed=1")
        #expect(NotebookRun.exportFolderName("..") == "run..")
    }
}
