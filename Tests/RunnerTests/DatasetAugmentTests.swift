import Foundation
import Notebook
import Testing
@testable import Runner

/// `augment` written on a `dataset` step: every run on that set trains with it unless its
/// `train` step says otherwise, and the run's key says which augmentation it used.
@Suite("Dataset-level augment")
struct DatasetAugmentTests {
    /// A tiny CNN on generated 8×8 images; `dataset` and `train` are extra lines of each block.
    static func notebook(dataset: String = "", train: String = "") -> String {
        """
        ---
        title: Augment
        seeds: [1]
        ---

        ```dataset img
        source: patterns
        train: 64
        test: 32
        seed: 2
        \(dataset)
        ```

        ```train t
        data: img
        model: { vgg: [4, M], dense: [8] }
        lr: 0.1
        batch: 16
        epochs: 2
        \(train)
        ```

        ```sweep s
        base: t
        grid: { lr: [0.05] }
        ```
        """
    }

    static let augment = "augment: { crop: 1, flip: true }"

    /// The run units of steps `t` and `s` of `text`, planned.
    static func units(_ text: String) throws -> (train: RunUnit, sweep: RunUnit) {
        let (document, diagnostics) = NotebookParser.parse(text, file: "augment.md")
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let plan = Plan(document: document)
        guard case .run(let t)? = plan.step("t")?.units.first, case .run(let s)? = plan.step("s")?.units.first else {
            Issue.record("no run units planned")
            throw CancellationError()
        }
        return (t, s)
    }

    @Test("a dataset's augment is resolved into its runs' specs: the same key as writing it on the train step, the data's key unchanged")
    func keys() throws {
        let none = try Self.units(Self.notebook())
        let onData = try Self.units(Self.notebook(dataset: Self.augment))
        let onTrain = try Self.units(Self.notebook(train: Self.augment))
        #expect(onData.train.run.train.augment == AugmentSpec(crop: 1, flip: true))
        #expect(onData.sweep.run.train.augment == AugmentSpec(crop: 1, flip: true))
        #expect(onData.train.key == onTrain.train.key && onData.sweep.key == onTrain.sweep.key)
        #expect(onData.train.key != none.train.key && onData.sweep.key != none.sweep.key)
        // Augmentation changes training, not the data: the data unit (and its key) is shared.
        #expect(onData.train.data == none.train.data && onData.train.data.key == none.train.data.key)
        #expect(onData.train.data.spec.augment == nil)
        #expect(none.train.run.train.augment == nil)
    }

    @Test("the train step's own augment wins; 'off' there is {crop: 0, flip: false} and trains on the data as it is")
    func override() throws {
        let own = try Self.units(Self.notebook(dataset: Self.augment, train: "augment: { crop: 2 }"))
        #expect(own.train.run.train.augment == AugmentSpec(crop: 2, flip: false))
        #expect(own.train.key == (try Self.units(Self.notebook(train: "augment: { crop: 2 }"))).train.key)
        let off = try Self.units(Self.notebook(dataset: Self.augment, train: "augment: off"))
        let zero = try Self.units(Self.notebook(train: "augment: { crop: 0, flip: false }"))
        #expect(off.train.run.train.augment == .off && off.train.key == zero.train.key)
        #expect(TrainingSetup.augmentation(off.train.run.train) == nil)
    }

    /// Runs without augment keep the keys they had before `dataset` took `augment` (pinned from
    /// the code before it: `augment` on neither step, and the flagship's `{crop: 0, flip: false}`
    /// written on the train step). Re-pinned at core version 3 (keys name the BLAS kernel), for
    /// OpenBLAS's Haswell kernels.
    @Test("keys of runs without a dataset augment are unchanged", .enabled(if: CacheKey.blasKernel == "Haswell"))
    func keysWithoutAugmentPinned() throws {
        let none = try Self.units(Self.notebook())
        let zero = try Self.units(Self.notebook(train: "augment: { crop: 0, flip: false }"))
        #expect([none.train, none.sweep, zero.train, zero.sweep].map { String($0.key.hex.prefix(16)) } == Self.pinned)
    }

    static let pinned = ["328e720b83c0fc2b", "1f1d0ec3d8f582b5", "871e674c80b3eef5", "dce90070c90f0831"]

    /// The result rows of `unit`, trained in a fresh store.
    static func trained(_ unit: RunUnit) throws -> [[String: Cell]] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("minima-augment-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let runner = UnitRunner(store: ResultStore(directory: folder), data: DataCache.shared)
        return try runner.run(.run(unit)) { _, _ in }.rows
    }

    @Test("a dataset's augment changes the trained numbers, bit for bit as the same augment on the train step")
    func numbers() throws {
        let none = try Self.trained(Self.units(Self.notebook()).train)
        let onData = try Self.trained(Self.units(Self.notebook(dataset: Self.augment)).train)
        let onTrain = try Self.trained(Self.units(Self.notebook(train: Self.augment)).train)
        let off = try Self.trained(Self.units(Self.notebook(dataset: Self.augment, train: "augment: off")).train)
        func bits(_ rows: [[String: Cell]]) -> [UInt64] {
            rows.flatMap { row in ["train_loss", "test_loss", "train_acc"].compactMap { row[$0]?.number?.bitPattern } }
        }
        #expect(bits(onData).count == 6)
        #expect(bits(onData) == bits(onTrain))
        #expect(bits(onData) != bits(none))
        #expect(bits(off) == bits(none))
    }
}
