import Foundation
import MinimaTestSupport
import Notebook
import Testing
import Training
@testable import Runner

/// The cache never serves wrong bytes (issue "Trust", item 3): an entry copied over another key,
/// a checkpoint of another run, or a damaged parameter file is detected, and the render recomputes
/// it in the same render, exits 0 and writes what a clean render writes.
@Suite("The cache never serves wrong bytes", .enabled(if: MinimaBinary.url != nil, MinimaBinary.skipMessage))
struct CacheTrustTests {
    /// Two runs (a sweep over lr) of a small MLP; `withMeasure` adds a step reading their parameters.
    static func notebook(withMeasure: Bool) -> String {
        var text = """
            ---
            title: Trust
            seeds: [1]
            ---

            ```dataset blobs
            source: blobs
            train: 256
            test: 64
            ```

            ```train base
            data: blobs
            model: { mlp: [32] }
            lr: 0.1
            batch: 16
            epochs: 4
            ```

            ```sweep grid
            base: base
            grid: { lr: [0.05, 0.2] }
            ```

            """
        if withMeasure {
            text += """

                ```measure sharp
                of: grid
                metrics: [lambda_max, loss, accuracy]
                samples: 32
                power_steps: 4
                ```

                """
        }
        return text
    }

    /// The two runs of `grid`.
    static func gridRuns() throws -> [RunUnit] {
        let (document, _) = NotebookParser.parse(notebook(withMeasure: false), file: "notebook.md")
        let units = try #require(Plan(document: document).step("grid")).units
        return units.compactMap { if case .run(let run) = $0 { run } else { nil } }
    }

    /// A clean render of the notebook in a fresh cache (the reference bytes).
    static func clean(withMeasure: Bool) throws -> [String: Data] {
        let cache = BinaryRender.temporary("trust-clean")
        defer { try? FileManager.default.removeItem(at: cache) }
        let result = try BinaryRender.render(notebook(withMeasure: withMeasure), cache: cache)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.csv.isEmpty)
        return result.csv
    }

    static func file(_ area: String, _ key: CacheKey, _ suffix: String, in cache: URL) -> URL {
        cache.appendingPathComponent(area == "checkpoints" ? "checkpoints/\(key.hex).\(suffix)"
                                                           : "\(area)/\(key.hex.prefix(2))/\(key.hex).\(suffix)")
    }

    /// Renders into a cache, damages it with `damage`, renders again (with the measure step when
    /// `measureAfter`) and checks: exit 0, the bytes of a clean render, and a warning.
    static func check(measureAfter: Bool, damage: (URL, [RunUnit]) throws -> Void) throws {
        let cache = BinaryRender.temporary("trust")
        defer { try? FileManager.default.removeItem(at: cache) }
        let first = try BinaryRender.render(notebook(withMeasure: false), cache: cache)
        #expect(first.status == 0, "\(first.stderr)")
        let runs = try gridRuns()
        try #require(runs.count == 2)
        for run in runs {
            try #require(FileManager.default.fileExists(atPath: file("entries", run.key, "json", in: cache).path))
        }
        try damage(cache, runs)
        let second = try BinaryRender.render(notebook(withMeasure: measureAfter), cache: cache)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("warning:"), "no warning about the damaged file")
        let reference = try clean(withMeasure: measureAfter)
        #expect(second.csv.keys.sorted() == reference.keys.sorted())
        for name in reference.keys.sorted() {
            #expect(second.csv[name] == reference[name], "\(name) differs from a clean render")
        }
    }

    @Test("an entry copied over another key is detected, recomputed, and the render equals a clean one")
    func entryCopiedOverAnotherKey() throws {
        try Self.check(measureAfter: false) { cache, runs in
            let (a, b) = (Self.file("entries", runs[0].key, "json", in: cache), Self.file("entries", runs[1].key, "json", in: cache))
            try FileManager.default.removeItem(at: b)
            try FileManager.default.copyItem(at: a, to: b)
        }
    }

    @Test("a checkpoint of run A copied over run B's is ignored: B starts over and equals a clean render")
    func checkpointOfAnotherRun() throws {
        try Self.check(measureAfter: false) { cache, runs in
            let (a, b) = (runs[0], runs[1])
            // B is unfinished again, and the checkpoint at its path is A's after 2 epochs.
            try FileManager.default.removeItem(at: Self.file("entries", b.key, "json", in: cache))
            try FileManager.default.removeItem(at: Self.file("params", b.key, "f32", in: cache))
            let split = try DataCache().split(for: a.data)
            let configuration = try TrainingSetup.configuration(a.run, shape: split.train.shape, classes: split.train.classes)
            var run = try TrainingRun(configuration: configuration, data: split)
            run.trainEpoch()
            run.trainEpoch()
            let store = ResultStore(directory: cache)
            try store.saveCheckpoint(RunCheckpoint(state: run.state, curvature: [:]), for: a.key)
            try FileManager.default.moveItem(at: Self.file("checkpoints", a.key, "json", in: cache),
                                             to: Self.file("checkpoints", b.key, "json", in: cache))
        }
    }

    @Test("one flipped byte in a run's .f32 is detected and the run retrained in the same render (exit 0)")
    func flippedParameterByte() throws {
        try Self.check(measureAfter: true) { cache, runs in
            let url = Self.file("params", runs[0].key, "f32", in: cache)
            var data = try Data(contentsOf: url)
            data[data.count - 1] ^= 0x40   // the exponent of the last value
            try data.write(to: url)
        }
    }

    @Test("a truncated .f32 is detected and the run retrained in the same render (exit 0)")
    func truncatedParameters() throws {
        try Self.check(measureAfter: true) { cache, runs in
            let url = Self.file("params", runs[1].key, "f32", in: cache)
            let data = try Data(contentsOf: url)
            try data.prefix(data.count - 6).write(to: url)
        }
    }
}
