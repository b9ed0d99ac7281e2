import Crypto
import Foundation
import Testing
@testable import Training

/// The MLP's numbers are pinned bit for bit (issue 13, item 1): recorded with the MLP-only core
/// before the layer abstraction existed, they must not move when the MLP runs as one `Network`
/// among others (the flagship's cached results depend on it, and the cache's core version was
/// not bumped). A failure here means a kernel, its order or the parameter layout changed. Digests
/// are recorded per OpenBLAS kernel family (Haswell, this repository's CI machines; SkylakeX, the
/// AVX-512 family, recorded with `OPENBLAS_CORETYPE=SkylakeX`), since families sum differently.
@Suite("MLP numbers are unchanged by the layer abstraction")
struct MLPGoldenTests {
    /// SHA-256 of the floats' little-endian bytes, as lowercase hex.
    static func digest(_ values: [Float]) -> String {
        let bytes = values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func digest(_ values: [Double]) -> String {
        let bytes = values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var activation: Activation
        var initialization: Initialization
        var optimizer: SGD
        /// (parameters, losses) digests by kernel family.
        var digests: [String: (String, String)]
        var testDescription: String { "\(activation), \(initialization), \(optimizer)" }
    }

    /// The kernel families digests are recorded for; elsewhere these tests are skipped.
    static let recordedFamilies: Set<String> = ["Haswell", "SkylakeX"]

    static let cases: [Case] = [
        Case(activation: .relu, initialization: .uniform, optimizer: SGD(), digests: [
            "Haswell": ("e33ccf62f9cefcf0338f78dc54ad50f1c95c2a8389b6d46b7a481d96685bcd27",
                        "bd96fcc872232534b3ba030cc0ae521ccb4f9be86f1ebe0cacfd368f2f7fd64b"),
            "SkylakeX": ("3dd0fde7b09879af83dfefbbe7c88c4b43363e04eb2e79b3df1d6e55262c56fb",
                         "bcd8314bb9a0e8e457c6279f4b3c272f2c95eb7edba6de1b18aa6c7d119a79b8"),
        ]),
        Case(activation: .tanh, initialization: .he, optimizer: SGD(momentum: 0.9, weightDecay: 5e-4), digests: [
            "Haswell": ("d3a8b364b1203e5add4f46653dccfae56893fcce032e5dda6287c64a6a11eae8",
                        "8767da3181a28eb9f198ea976d30316cff84aa53cd81fbcd3f8d7838cf4b26d9"),
            "SkylakeX": ("dcb1d6ce8dd14474e5db280f98a62bf03d8d4f10a549ae8d87463c99a8689462",
                         "49bab2b12db4aab6b8d3e80cc1e1a4f24d179957b42482a023ac4b6433cde942"),
        ]),
    ]

    /// 784-wide inputs and a 64-row batch, so products are tiled as in the quickstart.
    static func train(_ c: Case) throws -> RunState {
        let train = SyntheticData.randomTeacher(count: 1024, features: 784, classes: 10, seed: 11)
        let test = SyntheticData.randomTeacher(count: 256, features: 784, classes: 10, seed: 12)
        let configuration = RunConfiguration(
            model: MLP(widths: [784, 96, 48, 10], activation: c.activation), initialization: c.initialization,
            learningRate: .constant(0.05), batchSize: .constant(64), epochs: 3, optimizer: c.optimizer, seed: 3,
            evaluationSize: 200)
        var run = try TrainingRun(configuration: configuration, data: DataSplit(train: train, test: test))
        run.train()
        return run.state
    }

    static func lossDigest(_ state: RunState) -> String {
        var numbers: [Double] = []
        for record in state.history {
            let values: [Double?] = [record.meanBatchLoss, record.trainLoss, record.testLoss, record.trainAccuracy,
                                     record.testAccuracy]
            numbers += values.map { $0 ?? .nan }
        }
        return digest(numbers)
    }

    @Test("three epochs of a 784-96-48-10 MLP give the recorded parameters and losses",
          .enabled(if: recordedFamilies.contains(Kernels.blasKernel)), arguments: cases)
    func training(_ c: Case) throws {
        let state = try Self.train(c)
        #expect(state.parameters.slices.map(\.name) == ["layer1.weight", "layer1.bias", "layer2.weight",
                                                         "layer2.bias", "layer3.weight", "layer3.bias"])
        let (parameters, losses) = try #require(c.digests[Kernels.blasKernel])
        #expect(Self.digest(state.parameters.values) == parameters)
        #expect(Self.lossDigest(state) == losses)
    }

    @Test("Hessian-vector products, λ_max, Tr(H) and Tr(C) of an MLP give the recorded bits",
          .enabled(if: recordedFamilies.contains(Kernels.blasKernel)), arguments: [Activation.relu, .tanh])
    func curvature(activation: Activation) throws {
        let model = MLP(widths: [784, 64, 32, 10], activation: activation)
        let data = SyntheticData.randomTeacher(count: 300, features: 784, classes: 10, seed: 13)
        let parameters = model.initialParameters(.uniform, seed: 4)
        let hvp = HessianVectorProduct(
            model: model, parameters: parameters.values, inputs: data.inputs, labels: data.labels)
        var rng = SplitMix64(seed: 5)
        let v = (0..<model.parameterCount).map { _ in Float(rng.nextGaussian()) }
        var out = [Float](repeating: 0, count: model.parameterCount)
        hvp.apply(v, into: &out)
        let measurement = CurvatureMeasurement.measure(
            model: model, parameters: parameters, on: data,
            request: CurvatureRequest(powerIteration: PowerIteration(tolerance: 0, maxSteps: 5),
                                      hutchinson: Hutchinson(probes: 3), seed: 6))
        let numbers = [measurement.loss, measurement.accuracy, measurement.topEigenvalue!, measurement.trace!,
                       measurement.frobeniusNorm!, measurement.noiseTrace!]
        let recorded: [String: [Activation: (String, String)]] = [
            "Haswell": [
                .relu: ("21aa1850ea42dfdbc29c1a62a5478f241b27883e7e019e2536d6713d7163dbf6",
                        "7681f054429089cc095d55ae8ae1b497d313ff759bb6b2303dce882650668d7b"),
                .tanh: ("c87c7328090f84d83c9a444bf4d6b1bd8268b8bfb65f1848430a5971c584c7c8",
                        "82b46f633c792684414997c2407fce8f1494e649a049c5a57eff7fc11bfe2556"),
            ],
            "SkylakeX": [
                .relu: ("0d281e530f0fb6dee73cf2573a9212359b9c025dd0048e18000237842caecaf5",
                        "22a3b8c3249b2119ef05825502c1d9dea79a6559b58c1d40b3a1920d1dc62028"),
                .tanh: ("4a775e74de8d506ae8ff6261dd61d5377c11ae442e2954a15331fc573711512b",
                        "f384a2ee86c54227961643888ee899a95b74203cd10cd2e639833a109015685d"),
            ],
        ]
        let expected = try #require(recorded[Kernels.blasKernel]?[activation])
        #expect(Self.digest(out) == expected.0)
        #expect(Self.digest(numbers) == expected.1)
    }
}
