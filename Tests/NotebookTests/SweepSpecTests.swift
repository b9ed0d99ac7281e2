import Testing
@testable import Notebook

@Suite("Sweep expansion")
struct SweepSpecTests {
    static let base = TrainSpec(data: "d", model: ModelSpec(mlp: [4]), lr: .constant(0.1), batch: .constant(32), epochs: 5)

    func sweep(_ yaml: String) throws -> SweepSpec {
        let node = try #require(try YAMLNode.parse("base: b\n" + yaml) { SourcePosition(file: "s", line: $0, column: $1) })
        let (spec, diagnostics) = NodeDecoder.decode(SweepSpec.self, from: node, what: "'sweep' block")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return try #require(spec)
    }

    @Test("a grid is the cartesian product, in the order written, once per seed")
    func grid() throws {
        let runs = try sweep("grid: { lr: [0.05, 0.2], batch: [8, 16, 32] }\nseeds: [1, 2]").expand(base: Self.base, defaultSeeds: [9])
        #expect(runs.count == 2 * 3 * 2)
        #expect(runs.prefix(4).map { [$0.train.lr.initialValue, $0.train.batch.initialValue, Double($0.seed)] }
            == [[0.05, 8, 1], [0.05, 8, 2], [0.05, 16, 1], [0.05, 16, 2]])
    }

    @Test("zip pairs lists element by element; unequal lengths are an error")
    func zip() throws {
        let runs = try sweep("zip: { lr: [0.1, 0.2], batch: [32, 64] }").expand(base: Self.base, defaultSeeds: [1])
        #expect(runs.map { $0.train.lr.initialValue / $0.train.batch.initialValue } == [0.1 / 32, 0.2 / 64])
        let node = try #require(try YAMLNode.parse("base: b\nzip: { lr: [0.1], batch: [32, 64] }") { SourcePosition(file: "s", line: $0, column: $1) })
        let (_, diagnostics) = NodeDecoder.decode(SweepSpec.self, from: node, what: "'sweep' block")
        #expect(diagnostics.first?.message == "the lists in 'zip' must have the same length, found [1, 2]")
    }

    @Test("scale multiplies lr and batch by β and records β")
    func scale() throws {
        let runs = try sweep("scale: { beta: [1, 4], lr: 0.025, batch: 8 }").expand(base: Self.base, defaultSeeds: [1])
        #expect(runs.map(\.train.lr) == [.constant(0.025), .constant(0.1)])   // 0.025·1, 0.025·4
        #expect(runs.map(\.train.batch) == [.constant(8), .constant(32)])     // 8·1, 8·4
        #expect(runs.map(\.beta) == [1, 4])
    }

    @Test("named runs override the base and carry their names; overrides apply to all")
    func namedRuns() throws {
        let runs = try sweep("epochs: 7\nruns:\n  - { name: CBS, batch: { cyclic: [32, 160], phase: 5 } }\n  - { name: slow, lr: 0.02 }")
            .expand(base: Self.base, defaultSeeds: [1])
        #expect(runs.map(\.name) == ["CBS", "slow"])
        #expect(runs[0].train.batch == .cyclic(values: [32, 160], phase: 5))
        #expect(runs[1].train.lr == .constant(0.02))
        #expect(runs.allSatisfy { $0.train.epochs == 7 })
    }
}
