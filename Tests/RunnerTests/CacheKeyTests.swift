import Foundation
import Notebook
import Testing
@testable import Runner

@Suite("Cache keys")
struct CacheKeyTests {
    struct Spec: Codable { var lr: Double; var batch: Int; var name: String }

    @Test("the key material is canonical JSON with sorted keys, the core version and upstream keys")
    func materialBytes() {
        let material = CacheKey.material(kind: "run", spec: Spec(lr: 0.1, batch: 32, name: "a"),
                                         upstream: [CacheKey(hex: "ab")], inputs: ["f.gz": "cd"])
        #expect(String(decoding: material, as: UTF8.self)
            == #"{"coreVersion":2,"inputs":{"f.gz":"cd"},"kind":"run","spec":{"batch":32,"lr":0.1,"name":"a"},"upstream":["ab"]}"#)
    }

    @Test("the key is the SHA-256 of the material")
    func sha256() {
        // SHA-256("abc") from FIPS 180-2, appendix B.1.
        #expect(CacheKey.digest(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("changing any input changes the key; equal inputs give equal keys")
    func sensitivity() {
        let base = CacheKey(kind: "run", spec: Spec(lr: 0.1, batch: 32, name: "a"))
        #expect(base == CacheKey(kind: "run", spec: Spec(lr: 0.1, batch: 32, name: "a")))
        #expect(base != CacheKey(kind: "run", spec: Spec(lr: 0.1, batch: 33, name: "a")))
        #expect(base != CacheKey(kind: "measure", spec: Spec(lr: 0.1, batch: 32, name: "a")))
        #expect(base != CacheKey(kind: "run", spec: Spec(lr: 0.1, batch: 32, name: "a"), upstream: [base]))
        #expect(base != CacheKey(kind: "run", spec: Spec(lr: 0.1, batch: 32, name: "a"), inputs: ["x": "1"]))
    }

    @Test("a caption edit leaves a run's key alone; an lr edit changes it and the measure's key")
    func presentationDoesNotReachKeys() throws {
        func keys(_ caption: String, lr: String) throws -> (CacheKey, CacheKey) {
            let text = "```dataset d\nsource: blobs\n```\n```train t\ndata: d\nmodel: {mlp: [4]}\nlr: \(lr)\nbatch: 4\nepochs: 1\ncaption: \(caption)\n```\n```measure m\nof: t\n```\n"
            let (doc, diagnostics) = NotebookParser.parse(text, file: "k.md")
            #expect(diagnostics.isEmpty)
            let plan = Plan(document: doc)
            return (try #require(plan.step("t")?.units.first?.key), try #require(plan.step("m")?.units.first?.key))
        }
        let (run1, measure1) = try keys("one", lr: "0.1")
        let (run2, measure2) = try keys("two", lr: "0.1")
        let (run3, measure3) = try keys("one", lr: "0.2")
        #expect(run1 == run2 && measure1 == measure2)
        #expect(run1 != run3 && measure1 != measure3)
    }

    /// The keys of every unit of the tiny notebook (runs, sweep runs, measurements, an interpolation,
    /// simulations), pinned: a refactor of planning or a new result column must not change them,
    /// or every cached result would be recomputed. (Re-pinned when the core version went to 2: thread-invariant
    /// products change the numbers.)
    @Test("unit keys of the tiny notebook are pinned")
    func pinnedKeys() throws {
        let (doc, diagnostics) = NotebookParser.parse(NotebookRunTests.notebook, file: "tiny.md")
        #expect(diagnostics.isEmpty)
        let keys = Plan(document: doc).steps.flatMap { step in step.units.map { "\(step.id) \($0.key.hex.prefix(16))" } }
        #expect(keys == Self.pinned)
    }

    static let pinned = [
        "base c69a36159df55d29", "base 0e4266dee2af6f5d", "grid 90b125175457e055", "grid a6b0d4de5fca83c8",
        "grid 45301e0e099445b9", "grid d9a7500f0963909a", "sharp 1cbdec7dcb0b064f", "sharp 91cbdca22ab183de",
        "sharp 616fcdf685cde19d", "sharp d3d534c45b384488", "line d5bb6f0a36d5bb1e", "toy 92e189cc83531b38",
        "toy eb4e352a9853e467", "toy 4933c2de7741ceab", "toy 608ff16bb7dedfbf",
    ]
}
