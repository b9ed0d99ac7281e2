import Testing
@testable import Notebook

/// `augment` on a `dataset` step: decoded like the `train` key, inherited by the runs whose
/// `train` step does not set its own, and checked before anything runs.
@Suite("Dataset-level augment and data shapes from folders")
struct DatasetAugmentCheckTests {
    static let train = "```train t\ndata: d\nmodel: {mlp: [8]}\nlr: 0.1\nbatch: 8\nepochs: 1\n```\n"

    /// The errors of a notebook whose first block (line 1) is `dataset d` with `body`, then `train`.
    static func errors(_ dataset: String, train: String = train,
                       dataShape: ((DatasetSpec) -> (shape: SampleShape, classes: Int)?)? = nil) -> [String] {
        let text = "```dataset d\n\(dataset)```\n\n" + train
        return NotebookParser.parse(text, file: "nb.md", dataShape: dataShape).1
            .filter { $0.severity == .error }.map(\.description)
    }

    @Test("a dataset's augment decodes, and a run's own augment wins over it ('off' included)")
    func resolution() throws {
        let text = "```dataset d\nsource: patterns\naugment: {crop: 2, flip: true}\n```\n\n" + Self.train
        let (document, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        guard case .dataset(let data)? = document.step("d")?.spec, case .train(let t)? = document.step("t")?.spec else {
            Issue.record("steps did not decode")
            return
        }
        #expect(data.augment == AugmentSpec(crop: 2, flip: true))
        #expect(t.augment == nil)
        #expect(t.resolvingAugment(from: data).augment == AugmentSpec(crop: 2, flip: true))
        var own = t
        own.augment = AugmentSpec(crop: 1)
        #expect(own.resolvingAugment(from: data).augment == AugmentSpec(crop: 1))
        own.augment = .off
        #expect(own.resolvingAugment(from: data).augment == .off)
        #expect(t.resolvingAugment(from: DatasetSpec(source: "patterns")) == t)
    }

    @Test("'augment: off' on a train step is {crop: 0, flip: false}; another word is an error at its value")
    func offForm() {
        let off = "```dataset d\nsource: patterns\n```\n\n```train t\ndata: d\nmodel: {mlp: [8]}\nlr: 0.1\nbatch: 8\nepochs: 1\naugment: off\n```\n"
        let (document, diagnostics) = NotebookParser.parse(off, file: "nb.md")
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        guard case .train(let t)? = document.step("t")?.spec else { Issue.record("no train step"); return }
        #expect(t.augment == AugmentSpec(crop: 0, flip: false) && t.augment?.isActive == false)
        #expect(Self.errors("source: patterns\naugment: of\n")
                == ["nb.md:3:10: error: 'augment' must be 'off' or {crop: P, flip: true}, found 'of'"])
    }

    @Test("a dataset's augment is checked at its own key: vector set, negative crop, unknown key with a suggestion")
    func diagnosticsAtTheDatasetKey() {
        #expect(Self.errors("source: blobs\naugment: {crop: 2}\n")
                == ["nb.md:3:10: error: 'augment' crops and flips images, but data 'd' is a vector set (1×1×16)\n"
                    + "    note: leave 'augment' out, or train on an image set (fashion-mnist, mnist, cifar-10, patterns)"])
        #expect(Self.errors("source: patterns\naugment: {crop: -1, flip: true}\n")
                == ["nb.md:3:10: error: 'augment.crop' must be at least 0 pixels, found -1"])
        let unknown = Self.errors("source: patterns\naugment: {crop: 2, flp: true}\n")
        #expect(unknown.count == 1)
        #expect(unknown.first?.hasPrefix("nb.md:3:20: error: unknown key 'flp' in 'augment'\n    note: did you mean 'flip'?") == true,
                "\(unknown)")
        // Switched off, or only a flip of nothing: no error; images take it.
        #expect(Self.errors("source: blobs\naugment: off\n").isEmpty)
        #expect(Self.errors("source: patterns\naugment: {crop: 2, flip: true}\n").isEmpty)
    }

    @Test("a folder's shape, when the caller knows it, is followed through the model; unknown shapes are not checked")
    func folderShape() {
        let vgg = "```train t\ndata: d\nmodel: {vgg: [4, M, 4, M, 4, M, 4, M, M]}\nlr: 0.1\nbatch: 8\nepochs: 1\n```\n"
        let digits: (DatasetSpec) -> (shape: SampleShape, classes: Int)? = {
            $0.source == "digits" ? (SampleShape(height: 28, width: 28, channels: 1), 10) : nil
        }
        let pooled = Self.errors("source: digits\n", train: vgg, dataShape: digits)
        #expect(pooled.first?.hasPrefix("nb.md:7:39: error: 'maxpool: 2' needs a map of at least 2×2, but its input is 1×1×4 (data 'd' is 28×28×1)") == true,
                "\(pooled)")
        #expect(Self.errors("source: digits\n", train: vgg).isEmpty)           // no probe: not checked
        #expect(Self.errors("source: other\n", train: vgg, dataShape: digits).isEmpty)  // probe knows nothing
        let vector: (DatasetSpec) -> (shape: SampleShape, classes: Int)? = { _ in (.vector(16), 10) }
        #expect(Self.errors("source: rows\naugment: {flip: true}\n", dataShape: vector)
                == ["nb.md:3:10: error: 'augment' crops and flips images, but data 'd' is a vector set (1×1×16)\n"
                    + "    note: leave 'augment' out, or train on an image set (fashion-mnist, mnist, cifar-10, patterns)"])
        // The built-in sets are known by name; the probe is not asked.
        #expect(Self.errors("source: fashion-mnist\n", train: vgg, dataShape: { _ in nil }).count == 1)
    }
}
