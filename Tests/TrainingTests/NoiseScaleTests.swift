import Testing
import Training

@Suite("Noise scale")
struct NoiseScaleTests {
    @Test("the ratio is η/S")
    func ratio() {
        #expect(NoiseScale.ratio(learningRate: 0.1, batchSize: 128) == 0.1 / 128)
    }

    @Test("the finite-sample ratio is scaled by (N−S)/(N−1): 1 at S = 1, 0 at S = N")
    func finiteSample() {
        #expect(NoiseScale.finiteSampleRatio(learningRate: 0.2, batchSize: 1, examples: 50) == 0.2)
        #expect(NoiseScale.finiteSampleRatio(learningRate: 0.2, batchSize: 50, examples: 50) == 0)
        // N = 11, S = 6: (0.3/6)·(5/10) = 0.025.
        #expect(abs(NoiseScale.finiteSampleRatio(learningRate: 0.3, batchSize: 6, examples: 11) - 0.025) < 1e-15)
    }
}
