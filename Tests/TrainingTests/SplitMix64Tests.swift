import Testing
@testable import Training

@Suite("SplitMix64 and FNV-1a") struct SplitMix64Tests {
    @Test("SplitMix64 reproduces the reference sequence for seed 1234567")
    func referenceSequence() {
        var rng = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                                  4_593_380_528_125_082_431, 16_408_922_859_458_223_821]
        #expect((0..<5).map { _ in rng.next() } == expected)
    }

    @Test("purpose streams are distinct, reproducible and resumable from the Codable state")
    func purposeStreams() throws {
        var a = SplitMix64(seed: 9, purpose: "init")
        var b = SplitMix64(seed: 9, purpose: "shuffle")
        #expect(a.next() != b.next())
        var c = SplitMix64(seed: 9, purpose: "init")
        _ = c.next()
        #expect(a == c)
        let copy = a
        #expect(a.next() == { var d = copy; return d.next() }())
    }

    @Test("uniform draws stay in [0, 1) and indices below their bound")
    func ranges() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<1000 {
            let u = rng.nextUnitFloat()
            #expect(u >= 0 && u < 1)
            #expect(rng.nextIndex(below: 7) < 7)
        }
    }

    @Test("FNV-1a matches the published 64-bit test vectors")
    func fnvVectors() {
        #expect(FNV1a.hash([]) == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a.hash(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a.hash(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
    }
}
