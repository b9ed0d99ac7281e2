import Foundation
import Testing
@testable import Notebook

@Suite("Model specs: mlp, vgg, resnet and layer lists")
struct ModelSpecTests {
    static let data = "```dataset img\nsource: fashion-mnist\n```\n\n```dataset vec\nsource: blobs\n```\n\n"

    private func model(_ yaml: String, data: String = "img") -> (ModelSpec?, [Diagnostic]) {
        let text = Self.data + "```train t\ndata: \(data)\nmodel: \(yaml)\nlr: 0.1\nbatch: 8\nepochs: 1\n```\n"
        let (document, diagnostics) = NotebookParser.parse(text, file: "nb.md")
        guard case .train(let t)? = document.steps.first(where: { $0.id == "t" })?.spec else { return (nil, diagnostics) }
        return (t.model, diagnostics.filter { $0.severity == .error })
    }

    @Test("an MLP spec encodes exactly as before the other forms (its cache keys stay)")
    func mlpEncodingUnchanged() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(ModelSpec(mlp: [256, 256])), as: UTF8.self)
        #expect(json == #"{"activation":"relu","init":"uniform","mlp":[256,256]}"#)
        let (decoded, errors) = model("{mlp: [256, 256]}")
        #expect(errors.isEmpty && decoded == ModelSpec(mlp: [256, 256]))
    }

    @Test("vgg, resnet and layers decode with their defaults and round-trip through JSON")
    func forms() throws {
        let (vgg, e1) = model("{vgg: [32, 32, M, 64, 64, M], dense: [128], batch_norm: true}")
        #expect(e1.isEmpty)
        #expect(vgg?.architecture == .vgg([.conv(32), .conv(32), .pool, .conv(64), .conv(64), .pool], dense: [128]))
        #expect(vgg?.summary == "vgg[32,32,M,64,64,M]+dense[128]+bn")
        let (resnet, e2) = model("{resnet: {depth: 8, width: 16}}")
        #expect(e2.isEmpty && resnet?.architecture == .resnet(ResNetSpec(depth: 8, width: 16)))
        let (layers, e3) = model("{layers: [{conv: 8}, batch_norm, relu, {maxpool: 2}, {conv: {channels: 4, kernel: 5, stride: 2}}, {avgpool: {size: 3, stride: 1}}, {residual: {body: [{conv: 4}, tanh]}}, global_avgpool, flatten, {dense: 16}, relu]}")
        #expect(e3.isEmpty)
        #expect(layers?.architecture == .layers([
            .conv(channels: 8, kernel: 3, stride: 1, padding: 1), .batchNorm, .activation(.relu), .maxPool(size: 2, stride: 2),
            .conv(channels: 4, kernel: 5, stride: 2, padding: 2), .averagePool(size: 3, stride: 1),
            .residual(body: [.conv(channels: 4, kernel: 3, stride: 1, padding: 1), .activation(.tanh)], shortcut: []),
            .globalAveragePool, .flatten, .dense(units: 16), .activation(.relu)]))
        for spec in [vgg, resnet, layers].compactMap({ $0 }) {
            let back = try JSONDecoder().decode(ModelSpec.self, from: try JSONEncoder().encode(spec))
            #expect(back == spec)
        }
    }

    @Test("a ResNet-8 expands to conv, three stages with projections at stages 2 and 3, GAP and the classifier")
    func resnetPlan() throws {
        let spec = ModelSpec(architecture: .resnet(ResNetSpec(depth: 8, width: 16)))
        let plan = try spec.plan(input: SampleShape(height: 32, width: 32, channels: 3), classes: 10)
        let residuals = plan.layers.compactMap { layer -> [LayerItem]? in
            if case .residual(_, let shortcut) = layer { return shortcut }
            return nil
        }
        #expect(residuals == [[], [.conv(channels: 32, kernel: 1, stride: 2, padding: 0), .batchNorm],
                              [.conv(channels: 64, kernel: 1, stride: 2, padding: 0), .batchNorm]])
        // Parameters: stem 3·9·16+16 + 2·16 BN; stage 1: 2·(16·9·16+16) + 4·16; stage 2: (16·9·32+32) + (32·9·32+32)
        // + 4·32 + projection 16·32+32 + 2·32; stage 3 likewise at 64; classifier 64·10+10.
        let stem: Int = 3 * 9 * 16 + 16 + 32
        let stage1: Int = 2 * (16 * 9 * 16 + 16) + 64
        let stage2a: Int = (16 * 9 * 32 + 32) + (32 * 9 * 32 + 32)
        let stage2: Int = stage2a + 128 + (16 * 32 + 32) + 64
        let stage3a: Int = (32 * 9 * 64 + 64) + (64 * 9 * 64 + 64)
        let stage3: Int = stage3a + 256 + (32 * 64 + 64) + 128
        let total: Int = stem + stage1 + stage2 + stage3 + 650
        #expect(plan.parameters == Double(total))
        #expect(plan.layers.last == .dense(units: 10))
    }

    @Test("strict keys inside the model: unknown layer names and keys get suggestions and positions")
    func strictness() {
        // Body lines start at file line 10 (data 8 lines, then the fence on line 9).
        let (_, unknownLayer) = model("{layers: [{conv: 8}, rleu]}")
        #expect(unknownLayer.first?.description.hasPrefix("nb.md:11:29: error: unknown layer 'rleu'") == true)
        #expect(unknownLayer.first?.notes.contains { $0.contains("did you mean 'relu'") } == true)
        let (_, unknownKey) = model("{layers: [{conv: {channels: 8, kernal: 3}}]}")
        #expect(unknownKey.first?.description.hasPrefix("nb.md:11:39: error: unknown key 'kernal' in 'model.layers.0.conv'") == true)
        let (_, unknownModelKey) = model("{vgg: [8, M], dense: [16], batchnorm: true}")
        #expect(unknownModelKey.first?.description.hasPrefix("nb.md:11:35: error: unknown key 'batchnorm' in 'model'") == true)
        let (_, badItem) = model("{vgg: [8, X]}")
        #expect(badItem.first?.description.hasPrefix("nb.md:11:18: error: 'vgg' entries must be channel counts or 'M'") == true)
        let (_, twoForms) = model("{mlp: [8], vgg: [8]}")
        #expect(twoForms.first?.message == "'model' takes one of 'mlp', 'vgg', 'resnet' or 'layers', found 'mlp' and 'vgg'")
        let (_, depth) = model("{resnet: {depth: 10}}")
        #expect(depth.first?.message == "'resnet.depth' must be 6n + 2 for n ≥ 1, found 10")
        let (_, denseOnMLP) = model("{mlp: [8], dense: [4]}")
        #expect(denseOnMLP.first?.message.hasPrefix("'dense' applies to 'vgg' only") == true)
    }

    @Test("a layer that does not fit the data's shape is an error at that layer's entry")
    func shapeErrors() {
        // 28×28 → 14 → 7 → 3 → 1; the fifth pool finds a 1×1 map.
        let (_, pooled) = model("{vgg: [4, M, M, M, M, M]}")
        #expect(pooled.count == 1)
        #expect(pooled.first?.description.hasPrefix("nb.md:11:30: error: 'maxpool: 2' needs a map of at least 2×2, but its input is 1×1×4 (data 'img' is 28×28×1)") == true)
        let (_, vector) = model("{layers: [{dense: 8}, {conv: 4}]}", data: "vec")
        #expect(vector.first?.description.hasPrefix("nb.md:11:30: error: 'conv' with a 3×3 kernel needs an image, but its input is a vector (1×1×8)") == true)
        let (_, convOnVectorSet) = model("{vgg: [8, M]}", data: "vec")
        #expect(convOnVectorSet.first?.message.hasPrefix("'conv' with a 3×3 kernel needs an image, but its input is a vector (1×1×16)") == true)
        let (_, residual) = model("{layers: [{residual: {body: [{conv: {channels: 8, stride: 2}}]}}]}")
        #expect(residual.first?.description.hasPrefix("nb.md:11:18: error: a residual block's body gives 14×14×8 but its shortcut gives 28×28×1") == true)
        let (_, fine) = model("{vgg: [4, M, M, M, M]}")
        #expect(fine.isEmpty)
        let (_, mlpOnImages) = model("{mlp: [16]}")
        #expect(mlpOnImages.isEmpty)
    }

    @Test("augmenting a vector set is an error at 'augment'")
    func augmentNeedsImages() {
        let text = Self.data + "```train t\ndata: vec\nmodel: {mlp: [8]}\nlr: 0.1\nbatch: 8\nepochs: 1\naugment: {crop: 2, flip: true}\n```\n"
        let errors = NotebookParser.parse(text, file: "nb.md").1.filter { $0.severity == .error }
        #expect(errors.first?.description.hasPrefix("nb.md:15:10: error: 'augment' crops and flips images, but data 'vec' is a vector set (1×1×16)") == true,
                "\(errors)")
        let images = Self.data + "```train t\ndata: img\nmodel: {vgg: [4, M]}\nlr: 0.1\nbatch: 8\nepochs: 1\naugment: {crop: 2, flip: true}\n```\n"
        #expect(!NotebookParser.parse(images, file: "nb.md").1.hasErrors)
    }

    @Test("the memory estimate counts a CNN's activations and im2col patches")
    func memory() throws {
        let data = DatasetSpec(source: "cifar-10")
        let small = MemoryEstimate(data: data, model: ModelSpec(architecture: .vgg([.conv(8)], dense: [])), batch: 10)
        // Input 3072 + conv 8192 + relu 8192 + flatten 8192 + logits 10, held 3 times, plus 2 × 27·1024 patches; 1000 examples.
        let floats: Int = 3 * (3072 + 3 * 8192 + 10) + 2 * 27 * 1024
        #expect(small.activations == Double(4 * floats * 1000))
        let weights: Int = (27 + 1) * 8 + (8192 + 1) * 10
        #expect(small.parameters == Double(16 * weights))
        let huge = MemoryEstimate(data: data, model: ModelSpec(architecture: .vgg(Array(repeating: .conv(4096), count: 8), dense: [])), batch: 4096)
        #expect(huge.check(limit: 1e10, what: "a run") != nil)
    }
}
