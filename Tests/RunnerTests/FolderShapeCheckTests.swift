import Foundation
import Notebook
import Testing
@testable import Runner
@testable import Training

/// `minima check` follows the shape of a data set from a custom folder through the model: the
/// Runner reads the header of the training images the loader would read, and the notebook
/// checker reports a model that does not fit before anything runs.
@Suite("Shape checks of custom data folders")
struct FolderShapeCheckTests {
    /// A folder `NAME` of IDX files (gzip) in `data/` under a fresh notebook folder that is on the
    /// search path: `count` images of `height × width` per split, labels `i mod 10`.
    static func folder(_ name: String, height: Int, width: Int, count: Int = 20) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("minima-folder-\(UUID().uuidString)")
        let directory = root.appendingPathComponent("data/\(name)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func idx(_ dimensions: [Int], _ data: [UInt8]) -> [UInt8] {
            var bytes = withUnsafeBytes(of: (0x0800 | UInt32(dimensions.count)).bigEndian, Array.init)
            for d in dimensions { bytes += withUnsafeBytes(of: UInt32(d).bigEndian, Array.init) }
            return bytes + data
        }
        for split in ["train", "t10k"] {
            let pixels = (0..<(count * height * width)).map { UInt8($0 % 251) }
            try GzipFile.write(idx([count, height, width], pixels), to: directory.appendingPathComponent("\(split)-images-idx3-ubyte.gz").path)
            try GzipFile.write(idx([count], (0..<count).map { UInt8($0 % 10) }),
                               to: directory.appendingPathComponent("\(split)-labels-idx1-ubyte.gz").path)
        }
        DataRequest.registerNotebookFolder(root.path)
        return root
    }

    static func errors(source: String, model: String, extra: String = "") -> [String] {
        let text = "```dataset d\nsource: \(source)\n\(extra)```\n\n```train t\ndata: d\nmodel: \(model)\nlr: 0.1\nbatch: 8\nepochs: 1\n```\n"
        return NotebookParser.parse(text, file: "nb.md", isDataAvailable: DataSources.isAvailable,
                                    dataShape: DataSources.sampleShape)
            .1.filter { $0.severity == .error }.map(\.description)
    }

    @Test("a 28×28 custom folder with a model that pools too far is an error at that layer, naming the data's shape")
    func poolsTooFar() throws {
        let name = "digits-\(UUID().uuidString.prefix(8))"
        let root = try Self.folder(name, height: 28, width: 28)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(DataSources.sampleShape(of: DatasetSpec(source: name))?.shape == SampleShape(height: 28, width: 28, channels: 1))
        let errors = Self.errors(source: name, model: "{vgg: [4, M, 4, M, 4, M, 4, M, M]}")
        #expect(errors == ["nb.md:7:39: error: 'maxpool: 2' needs a map of at least 2×2, but its input is 1×1×4 (data 'd' is 28×28×1)\n"
                           + "    note: pool less often, or use a larger image"])
        // A model that fits gives no diagnostic.
        #expect(Self.errors(source: name, model: "{vgg: [4, M, 4, M]}").isEmpty)
        #expect(Self.errors(source: name, model: "{mlp: [16]}", extra: "augment: {crop: 2, flip: true}\n").isEmpty)
    }

    @Test("the memory estimate of a custom folder uses the image size its header gives")
    func memoryFromHeader() throws {
        // 28×28 images: within any machine. A header announcing 4096×4096 images (no pixels
        // follow; the estimate reads only the header): 70,000 such images are terabytes.
        let small = "small-\(UUID().uuidString.prefix(8))"
        let smallRoot = try Self.folder(small, height: 28, width: 28)
        defer { try? FileManager.default.removeItem(at: smallRoot) }
        #expect(Self.errors(source: small, model: "{mlp: [16]}").isEmpty)
        let huge = "huge-\(UUID().uuidString.prefix(8))"
        let hugeRoot = try Self.folder(huge, height: 4, width: 4)
        defer { try? FileManager.default.removeItem(at: hugeRoot) }
        var header = withUnsafeBytes(of: UInt32(0x0803).bigEndian, Array.init)
        for d in [20, 4096, 4096] { header += withUnsafeBytes(of: UInt32(d).bigEndian, Array.init) }
        try GzipFile.write(header, to: hugeRoot.appendingPathComponent("data/\(huge)/train-images-idx3-ubyte.gz").path)
        let errors = Self.errors(source: huge, model: "{mlp: [16]}")
        #expect(errors.count == 1 && errors[0].hasPrefix("nb.md:1:1: error: dataset 'd' needs about ") == true, "\(errors)")
    }

    @Test("a vector-shaped custom folder (1×1 samples) with a convolution, or with augment, is an error")
    func vectorFolder() throws {
        let name = "rows-\(UUID().uuidString.prefix(8))"
        let root = try Self.folder(name, height: 1, width: 1)
        defer { try? FileManager.default.removeItem(at: root) }
        let conv = Self.errors(source: name, model: "{layers: [{conv: 4}]}")
        #expect(conv.count == 1 && conv.first?.hasPrefix("nb.md:7:18: error: 'conv' with a 3×3 kernel needs an image, but its input is a vector (1×1×1) (data 'd' is 1×1×1)") == true,
                "\(conv)")
        #expect(Self.errors(source: name, model: "{mlp: [4]}", extra: "augment: {flip: true}\n").first?
                    .hasPrefix("nb.md:3:10: error: 'augment' crops and flips images, but data 'd' is a vector set (1×1×1)") == true)
        #expect(Self.errors(source: name, model: "{mlp: [4]}").isEmpty)
    }

    @Test("a missing folder is reported once, by the data-source check; the shape check adds nothing")
    func missingFolder() {
        let errors = Self.errors(source: "no-such-folder-\(UUID().uuidString.prefix(8))", model: "{vgg: [4, M, M, M, M, M, M]}")
        #expect(errors.count == 1 && errors.first?.contains("unknown data set") == true, "\(errors)")
    }
}
