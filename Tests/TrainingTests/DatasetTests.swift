import Testing
@testable import Training

@Suite("Subsets, label noise and synthetic sets") struct DatasetTests {
    let blobs = SyntheticData.gaussianBlobs(count: 503, features: 4, classes: 5, seed: 1)

    @Test("a balanced subset has size / classes samples per class, the first classes one more",
          arguments: [50, 53, 5])
    func balancedSubset(size: Int) throws {
        let subset = try blobs.balancedSubset(size, seed: 7)
        #expect(subset.count == size)
        for label in 0..<5 {
            let expected = size / 5 + (label < size % 5 ? 1 : 0)
            #expect(subset.labels.filter { $0 == label }.count == expected)
        }
        #expect(try blobs.balancedSubset(size, seed: 7) == subset)
        #expect(subset.digest != blobs.digest)
    }

    @Test("a subset larger than a class allows is an error, not a crash")
    func impossibleSubset() {
        #expect(throws: DataError.self) { try blobs.balancedSubset(600, seed: 1) }
        #expect(throws: DataError.self) { try blobs.balancedSubset(0, seed: 1) }
    }

    @Test("label noise replaces exactly round(fraction · N) labels, each with a wrong one",
          arguments: [0.1, 0.25, 1.0])
    func labelNoiseFraction(fraction: Double) throws {
        let noisy = try blobs.withLabelNoise(fraction: fraction, seed: 3)
        let expected = Int((fraction * 503).rounded())
        #expect(noisy.corruptedIndices.count == expected)
        let changed = noisy.labels.indices.filter { noisy.labels[$0] != noisy.cleanLabels[$0] }
        #expect(changed == noisy.corruptedIndices)
        #expect(noisy.cleanLabels == blobs.labels)
        #expect(noisy.inputs == blobs.inputs)
        #expect(try blobs.withLabelNoise(fraction: fraction, seed: 3) == noisy)
        #expect(try blobs.withLabelNoise(fraction: fraction, seed: 4).corruptedIndices != noisy.corruptedIndices
                || fraction == 1)
    }

    @Test("a request applies the subset first, so the noise fraction is exact on the subset")
    func requestOrder() throws {
        let request = DataRequest(source: .gaussianBlobs(features: 3, classes: 4, train: 400, test: 100, spread: 0.3),
                                  trainSize: 200, testSize: 40, labelNoise: 0.2, seed: 9)
        let split = try request.load(searchPaths: [])
        #expect(split.train.count == 200 && split.test.count == 40)
        #expect(split.train.corruptedIndices.count == 40)
        #expect(try request.load(searchPaths: []) == split)
    }

    @Test("a random-teacher set is seeded, lies in [0, 1) and uses every class")
    func teacher() {
        let set = SyntheticData.randomTeacher(count: 300, features: 8, classes: 3, seed: 2)
        #expect(set.count == 300 && set.inputs.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(Set(set.labels).count == 3)
        #expect(SyntheticData.randomTeacher(count: 300, features: 8, classes: 3, seed: 2) == set)
    }
}
