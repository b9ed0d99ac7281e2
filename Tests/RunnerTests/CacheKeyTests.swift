import Foundation
import Notebook
import Testing
@testable import Runner

@Suite("Cache keys")
struct CacheKeyTests {
    struct Spec: Codable { var lr: Double; var batch: Int; var name: String }

    @Test("the key material is canonical JSON with sorted keys, the BLAS kernel, the core version and upstream keys")
    func materialBytes() {
        let material = CacheKey.material(kind: "run", spec: Spec(lr: 0.1, batch: 32, name: "a"),
                                         upstream: [CacheKey(hex: "ab")], inputs: ["f.gz": "cd"])
        let blas = CacheKey.blasKernel
        #expect(!blas.isEmpty && blas != "unknown")
        #expect(String(decoding: material, as: UTF8.self)
            == #"{"blas":""# + blas + #"","coreVersion":3,"inputs":{"f.gz":"cd"},"kind":"run","spec":{"batch":32,"lr":0.1,"name":"a"},"upstream":["ab"]}"#)
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
    /// products change the numbers; and at 3, when keys began to name the BLAS kernel. Pinned for
    /// OpenBLAS's Haswell kernels, the family of the machines CI runs on.)
    @Test("unit keys of the tiny notebook are pinned", .enabled(if: CacheKey.blasKernel == "Haswell"))
    func pinnedKeys() throws {
        let (doc, diagnostics) = NotebookParser.parse(NotebookRunTests.notebook, file: "tiny.md")
        #expect(diagnostics.isEmpty)
        let keys = Plan(document: doc).steps.flatMap { step in step.units.map { "\(step.id) \($0.key.hex.prefix(16))" } }
        #expect(keys == Self.pinned)
    }

    static let pinned = [
        "base d23b710594fd1e20", "base 9cfe6f9b41ed93ee", "grid 8191718ca56d30a1", "grid df7b4929d00f582c",
        "grid 18503d11baa84def", "grid 2d66cb85f6c2ac0f", "sharp 182f46ae271e9011", "sharp 67cb9e869d09a726",
        "sharp 21b95f62e2588bf7", "sharp c957ff5f9aeceed5", "line cd3f1a3b95649d90", "toy 4ef00f37a8a43196",
        "toy 6f607c690cd98f63", "toy d52f627cda6575c2", "toy 13cd46bb59fa0913",
    ]
}
