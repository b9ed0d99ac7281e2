import Foundation
import MinimaTestSupport
import Notebook
import Testing
import Training
@testable import MinimaRender
@testable import Runner
@testable import minima

/// Convolutional networks through every step kind of a notebook, on generated images.
@Suite("Convolutional notebooks")
struct CNNNotebookTests {
    static let notebook = """
        ---
        title: Tiny CNN
        seeds: [1]
        ---

        ```dataset img
        source: patterns
        train: 64
        test: 32
        seed: 2
        normalize: per_channel
        ```

        ```train base
        data: img
        model: { vgg: [4, M], dense: [8], batch_norm: true }
        lr: 0.1
        batch: 16
        epochs: 2
        augment: { crop: 1, flip: true }
        curvature: { at: [2], samples: 16, power_steps: 3, probes: 2 }
        ```

        ```sweep grid
        base: base
        grid: { lr: [0.05, 0.1] }
        ```

        ```train res
        data: img
        model: { layers: [{conv: 4}, batch_norm, relu, {residual: {body: [{conv: {channels: 8, stride: 2}}, batch_norm, relu, {conv: 8}, batch_norm], shortcut: [{conv: {channels: 8, kernel: 1, stride: 2, padding: 0}}]}}, relu, global_avgpool] }
        lr: 0.05
        batch: 16
        epochs: 1
        ```

        ```measure sharp
        of: grid
        metrics: [lambda_max, trace_h, frobenius_h, trace_c, loss, accuracy]
        samples: 16
        power_steps: 3
        probes: 2
        ```

        ```interpolate line
        of: grid
        pairs:
          - { from: { lr: 0.05 }, to: { lr: 0.1 } }
        alpha: { from: -1, to: 2, points: 4 }
        samples: 32
        ```

        ```table t
        of: sharp
        columns: [model, lr, lambda_max, trace_c]
        ```

        ```plot p
        of: grid
        x: epoch
        y: test_acc
        ```
        """

    struct Space {
        var folder: URL
        var notebook: String { folder.appendingPathComponent("cnn.md").path }
        var cache: String { folder.appendingPathComponent("cache").path }
        var output: URL { folder.appendingPathComponent("out") }
    }

    static func rendered(_ text: String = notebook) async throws -> (Space, NotebookRun, [String: StepOutcome]) {
        let space = Space(folder: FileManager.default.temporaryDirectory.appendingPathComponent("minima-cnn-\(UUID().uuidString)"))
        try FileManager.default.createDirectory(at: space.folder, withIntermediateDirectories: true)
        try text.write(toFile: space.notebook, atomically: true, encoding: .utf8)
        let (document, diagnostics) = NotebookParser.parse(text, file: space.notebook)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let run = NotebookRun(document: document, store: ResultStore(directory: URL(fileURLWithPath: space.cache)))
        let outcomes = await run.run(executor: LocalExecutor(jobs: 2), progress: Progress(quiet: true))
        return (space, run, outcomes)
    }

    static func table(_ outcomes: [String: StepOutcome], _ id: String) throws -> ResultTable {
        guard case .completed(let result) = try #require(outcomes[id]) else {
            Issue.record("step \(id) did not complete: \(String(describing: outcomes[id]))")
            throw CancellationError()
        }
        return result.table
    }

    @Test("a tiny CNN runs through train, sweep, measure (λ_max, Tr H, ‖H‖_F, Tr C), interpolate, table, plot and export")
    func everyStepKind() async throws {
        let (space, run, outcomes) = try await Self.rendered()
        defer { try? FileManager.default.removeItem(at: space.folder) }
        let base = try Self.table(outcomes, "base")
        #expect(try #require(base.values(of: "model")).allSatisfy { $0 == .text("vgg[4,M]+dense[8]+bn") })
        for column in ["lambda_max", "trace_h", "test_acc"] {
            let numbers = try #require(base.values(of: column)).compactMap(\.number)
            #expect(!numbers.isEmpty && numbers.allSatisfy { $0.isFinite }, "\(column)")
        }
        let res = try Self.table(outcomes, "res")
        #expect(res.values(of: "model")?.first == .text("layers[conv4k3s1p1,bn,relu,res(conv8k3s2p1,bn,relu,conv8k3s1p1,bn|conv8k1s2p0),relu,gap]"))
        let sharp = try Self.table(outcomes, "sharp")
        #expect(sharp.rows.count == 2)
        for metric in ["lambda_max", "trace_h", "frobenius_h", "trace_c", "loss", "accuracy"] {
            let numbers = try #require(sharp.values(of: metric)).compactMap(\.number)
            #expect(numbers.count == 2 && numbers.allSatisfy { $0.isFinite }, "\(metric)")
            if ["lambda_max", "frobenius_h", "trace_c"].contains(metric) { #expect(numbers.allSatisfy { $0 > 0 }, "\(metric)") }
        }
        let line = try Self.table(outcomes, "line")
        #expect(line.rows.count == 4)
        #expect(try #require(line.values(of: "train_loss")).allSatisfy { ($0.number ?? .nan).isFinite })
        _ = try Self.table(outcomes, "grid")
        // The report draws the table and the plot of CNN results from the cache, without an error box.
        let result = try MinimaBinary.run(["render", space.notebook, "-o", space.output.path + "-html", "--cache-dir", space.cache, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: space.output.path + "-html/cnn.html", encoding: .utf8)
        #expect(!html.contains("class=\"error-title\""))
        #expect(html.contains("<svg") && html.contains("vgg[4,M]+dense[8]+bn"))

        // Export: conv weights are [out, kernel, kernel, in]; batch norm has four [channels] tensors.
        var export = try Minima.Export.parse([space.notebook, "base", "-o", space.output.path, "--cache-dir", space.cache])
        try await export.run()
        let folder = space.output.appendingPathComponent(try #require(FileManager.default.contentsOfDirectory(atPath: space.output.path).first))
        let expected: [(String, [Int])] = [
            ("layer1.weight", [4, 3, 3, 1]), ("layer1.bias", [4]),
            ("layer2.scale", [4]), ("layer2.shift", [4]), ("layer2.running_mean", [4]), ("layer2.running_var", [4]),
            ("layer3.weight", [8, 64]), ("layer3.bias", [8]), ("layer4.weight", [4, 8]), ("layer4.bias", [4]),
        ]
        var concatenated: [Float] = []
        for (name, shape) in expected {
            let read = try NPYReading(Data(contentsOf: folder.appendingPathComponent("\(name).npy")))
            #expect(read.shape == shape, "\(name)")
            concatenated += read.values
        }
        guard case .run(let unit)? = run.plan.step("base")?.units.first else { Issue.record("no run"); return }
        let cached = try #require(run.store.loadParameters(for: unit.key, count: concatenated.count))
        #expect(concatenated.map(\.bitPattern) == cached.map(\.bitPattern))
        let spec = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("spec.json"))) as? [String: Any]
        #expect(spec?["input"] as? [Int] == [8, 8, 1])
        #expect((spec?["layout"] as? String)?.contains("conv layerN.weight is [out, kernel, kernel, in]") == true)
    }

    @Test("interpolation recomputes batch-norm statistics on the training samples at every α")
    func interpolationRecomputesStatistics() throws {
        let split = try DataRequest(source: .patterns(size: 8, train: 64, test: 32)).load()
        let network = Network(input: split.train.shape, layers: [.conv(channels: 4, kernel: 3, stride: 1, padding: 1), .batchNorm,
                                                                 .activation(.relu), .flatten, .dense(units: 4)])
        var configuration = RunConfiguration(model: network, learningRate: .constant(0.1), batchSize: .constant(16), epochs: 1, seed: 1)
        var first = try TrainingRun(configuration: configuration, data: split)
        first.train()
        configuration.seed = 2
        var second = try TrainingRun(configuration: configuration, data: split)
        second.train()
        let rows = try Curvature.interpolate(model: network, from: first.parameters, to: second.parameters, alpha: [0, 0.5],
                                             split: split, samples: nil, seed: 1)
        var middle = first.parameters
        middle.values = zip(first.parameters.values, second.parameters.values).map { 0.5 * $0 + 0.5 * $1 }
        let recomputed = network.evaluate(network.recomputeBatchNormStatistics(middle, on: split.train), on: split.train)
        let stale = network.evaluate(middle, on: split.train)
        #expect(rows[1]["train_loss"] == Cell.number(recomputed.loss))
        #expect(recomputed.loss != stale.loss)
        let start = network.evaluate(network.recomputeBatchNormStatistics(first.parameters, on: split.train), on: split.train)
        #expect(rows[0]["train_loss"] == Cell.number(start.loss))
    }

    @Test("augmentation changes training, and the same seed gives the same bytes")
    func augmentationInTraining() throws {
        let split = try DataRequest(source: .patterns(size: 8, train: 64, test: 32)).load()
        let network = Network(input: split.train.shape, layers: [.conv(channels: 4, kernel: 3, stride: 1, padding: 1),
                                                                 .activation(.relu), .flatten, .dense(units: 4)])
        func trained(_ augmentation: Augmentation?) throws -> [Float] {
            let configuration = RunConfiguration(model: network, learningRate: .constant(0.1), batchSize: .constant(16), epochs: 2,
                                                 seed: 1, augmentation: augmentation)
            var run = try TrainingRun(configuration: configuration, data: split)
            run.train()
            return run.parameters.values
        }
        let plain = try trained(nil), augmented = try trained(Augmentation(crop: 2, flip: true))
        #expect(plain != augmented)
        #expect(augmented.map(\.bitPattern) == (try trained(Augmentation(crop: 2, flip: true))).map(\.bitPattern))
        #expect(plain.map(\.bitPattern) == (try trained(Augmentation())).map(\.bitPattern))
    }

    @Test("a CIFAR-10 binary folder renders end to end: 32×32×3 images, per-channel normalisation, a CNN, the report")
    func cifarEndToEnd() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("minima-cifar-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data/cifar-10/cifar-10-batches-bin")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        // Class c images: channel c mod 3 bright in the top half, the rest dim noise.
        var rng = SplitMix64(seed: 4)
        func batch(_ count: Int, offset: Int) -> Data {
            var bytes: [UInt8] = []
            for i in 0..<count {
                let label = (i + offset) % 10
                bytes.append(UInt8(label))
                for c in 0..<3 {
                    for p in 0..<1024 {
                        let bright = c == label % 3 && (p / 32 < 16) == (label < 5)
                        bytes.append(UInt8(bright ? 200 + rng.nextIndex(below: 50) : rng.nextIndex(below: 60)))
                    }
                }
            }
            return Data(bytes)
        }
        for b in 1...5 { try batch(10, offset: b).write(to: data.appendingPathComponent("data_batch_\(b).bin")) }
        try batch(20, offset: 0).write(to: data.appendingPathComponent("test_batch.bin"))
        let notebook = """
            ---
            title: CIFAR
            seeds: [1]
            ---

            ```dataset cifar
            source: cifar-10
            normalize: per_channel
            ```

            ```train net
            data: cifar
            model: { layers: [{conv: {channels: 4, kernel: 3, stride: 2}}, relu, {maxpool: 4}], activation: relu }
            lr: 0.05
            batch: 10
            epochs: 2
            augment: { crop: 4, flip: true }
            ```

            The network reaches {minima}`net.test_acc` test accuracy.
            """
        let path = folder.appendingPathComponent("cifar.md").path
        try notebook.write(toFile: path, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out").path
        let result = try MinimaBinary.run(["render", path, "-o", output, "--cache-dir", folder.appendingPathComponent("cache").path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: output + "/cifar.html", encoding: .utf8)
        #expect(html.contains("layers[conv4k3s2p1,relu,maxpool4]"))
        #expect(!html.contains("class=\"error-title\""), "the report shows an error box")
        #expect(html.contains("test accuracy"))
        // The same split in-process: 32×32×3 and standardised channels.
        DataRequest.registerNotebookFolder(folder.path)
        let split = try DataRequest(source: .named("cifar-10"), normalizePerChannel: true).load()
        #expect(split.train.shape == TensorShape(height: 32, width: 32, channels: 3) && split.train.count == 50)
        for c in 0..<3 {
            let values = stride(from: c, to: split.train.inputs.count, by: 3).map { Double(split.train.inputs[$0]) }
            let mean = values.reduce(0, +) / Double(values.count)
            #expect(abs(mean) < 1e-5, "channel \(c) mean \(mean)")
        }
    }

    @Test("a Slurm worker trains a CNN unit from its manifest into the cache, equal to an in-process run")
    func slurmWorker() throws {
        let (document, _) = NotebookParser.parse(Self.notebook, file: "cnn.md")
        let unit = try #require(Plan(document: document).step("res")?.units.first)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minima-cnn-worker-\(UUID().uuidString)")
        let reference = ResultStore(directory: directory.appendingPathExtension("reference"))
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: reference.directory)
        }
        let manifest = try SlurmManifest(cacheDirectory: directory.path, units: [("res", unit)]).write(in: directory)
        let result = try MinimaBinary.run(["worker", manifest.path, "--index", "0"], environment: ["SLURM_CPUS_PER_TASK": "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let stored = try #require(ResultStore(directory: directory).load(UnitResult.self, for: unit.key))
        let local = try UnitRunner(store: reference, data: DataCache.shared).run(unit) { _, _ in }
        #expect(stored.rows == local.rows)
    }

    @Test("--dry-run plans a data set that is not installed here, and prices its runs")
    func dryRunWithoutData() {
        let text = "```dataset c\nsource: cifar-not-installed-here\ntrain: 1000\n```\n\n```train t\ndata: c\n"
            + "model: { vgg: [8, M, 16, M], dense: [32], batch_norm: true }\nlr: 0.1\nbatch: 32\nepochs: 2\nseeds: [1]\n```\n"
        let (document, diagnostics) = NotebookParser.parse(text, file: "cifar.md")
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let store = ResultStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("minima-dry-\(UUID().uuidString)"))
        let without = PlanPrinter.describe(NotebookRun(document: document, store: store), measureRates: false)
        #expect(without.contains("train t: cannot run"), "\(without)")
        let planned = PlanPrinter.describe(NotebookRun(document: document, store: store, assumingMissingData: true), measureRates: false)
        #expect(planned.contains("dataset c: 'cifar-not-installed-here' is not installed here"), "\(planned)")
        #expect(planned.contains("train t: 1 units, 0 cached, ≈ 0.0 M training samples to run, "), "\(planned)")
        #expect(planned.contains("training cost ≈"), "\(planned)")
    }

    @Test("--dry-run shows a CNN's training FLOPs and an estimated time from a rate measured here")
    func dryRunCost() async throws {
        let space = Space(folder: FileManager.default.temporaryDirectory.appendingPathComponent("minima-cnn-dry-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: space.folder) }
        let (document, _) = NotebookParser.parse(Self.notebook, file: "cnn.md")
        let run = NotebookRun(document: document, store: ResultStore(directory: URL(fileURLWithPath: space.cache)))
        let text = PlanPrinter.describe(run)
        #expect(text.contains("training cost ≈"), "\(text)")
        #expect(text.contains("GFLOP/s training vgg[4,M]+dense[8]+bn"), "\(text)")
        // vgg[4,M]+dense[8] on 8×8×1, 4 classes: conv 9·4·64 = 2 304 multiply-adds, dense
        // 64·8 + 8·4 = 544; 2 FLOP each for the forward pass and the weight gradient, and for the
        // input gradient except at the first layer: 2304·4 + 544·6 = 12 480 FLOP per sample,
        // × 2 epochs × 64 examples.
        guard case .run(let unit)? = run.plan.step("base")?.units.first else { Issue.record("no run"); return }
        #expect(RunCost.trainingFLOPs(.run(unit)) == 2 * 64 * 12_480)
    }
}
