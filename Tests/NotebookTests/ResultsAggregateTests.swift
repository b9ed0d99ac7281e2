import Testing
@testable import Notebook

@Suite("Grouping and aggregation of result tables")
struct ResultsAggregateTests {
    /// Two learning rates × three seeds; loss measured per run.
    static let runs = ResultTable(
        columns: ["lr", "seed", "loss", "optimizer"],
        rows: [
            [.number(0.1), .number(1), .number(1.0), .text("sgd")],
            [.number(0.1), .number(2), .number(2.0), .text("sgd")],
            [.number(0.1), .number(3), .number(6.0), .text("sgd")],
            [.number(0.01), .number(1), .number(4.0), .text("sgd")],
            [.number(0.01), .number(2), .number(.nan), .text("sgd")],
            [.number(0.01), .number(3), .number(5.0), .text("sgd")],
        ])

    @Test("rows differing only in seed collapse to mean, sample std and count")
    func meanAndStd() throws {
        let out = try Self.runs.aggregated(over: "seed")
        #expect(out.columns == ["lr", "optimizer", "loss", "loss_std", "count"])
        #expect(out.rows.count == 2)
        // lr 0.1: mean (1+2+6)/3 = 3; deviations -2,-1,3 → ss = 14; var = 14/2 = 7
        #expect(out.rows[0][0] == .number(0.1))
        #expect(out.rows[0][2] == .number(3))
        #expect(abs(out.rows[0][3].number! - 7.0.squareRoot()) < 1e-12)
        #expect(out.rows[0][4] == .number(3))
        // lr 0.01: nan skipped → mean of 4, 5 = 4.5; ss = 0.5; var = 0.5/1
        #expect(out.rows[1][2] == .number(4.5))
        #expect(abs(out.rows[1][3].number! - 0.5.squareRoot()) < 1e-12)
        #expect(out.rows[1][4] == .number(3))
    }

    @Test("keys are inferred from the data: parameters are keys, measurements are not")
    func inferredKeys() {
        #expect(Self.runs.replicateKeys(over: "seed") == ["lr", "optimizer"])
    }

    @Test("a run that stopped early keeps its epochs as keys")
    func earlyStop() throws {
        // Seed 2 diverged after epoch 1: its epoch set {1} ⊂ {1, 2}.
        let history = ResultTable(columns: ["epoch", "seed", "loss", "diverged"], rows: [
            [.number(1), .number(1), .number(3), .number(0)],
            [.number(2), .number(1), .number(1), .number(0)],
            [.number(1), .number(2), .number(5), .number(1)],
        ])
        #expect(history.replicateKeys(over: "seed") == ["epoch"])
        let out = try history.aggregated(over: "seed")
        #expect(out.columns == ["epoch", "loss", "loss_std", "diverged", "diverged_std", "count"])
        #expect(out.values(of: "loss") == [.number(4), .number(1)])   // (3+5)/2, 1
        #expect(out.values(of: "diverged") == [.number(0.5), .number(0)])
        #expect(out.values(of: "count") == [.number(2), .number(1)])
    }

    @Test("explicit keys override inference, and one replicate gives std 0")
    func explicitKeys() throws {
        let out = try Self.runs.aggregated(over: "seed", keys: ["lr"])
        #expect(out.columns == ["lr", "loss", "loss_std", "count"])
        let single = try Self.runs.filtered(by: RowFilter(["seed": [.number(1)]])).aggregated(over: "seed", keys: ["lr"])
        #expect(single.values(of: "loss_std") == [.number(0), .number(0)])
        #expect(throws: ResultTableError.self) { try Self.runs.aggregated(over: "seed", keys: ["nope"]) }
    }

    @Test("a table without the over column is returned unchanged")
    func noOverColumn() throws {
        let t = try Self.runs.selecting(["lr", "loss"])
        #expect(try t.aggregated(over: "seed") == t)
    }

    @Test("a group with no finite value gets missing mean and std")
    func allNaN() throws {
        let t = ResultTable(columns: ["lr", "seed", "loss"], rows: [
            [.number(1), .number(1), .number(.nan)], [.number(1), .number(2), .missing],
        ])
        let out = try t.aggregated(over: "seed", keys: ["lr"])
        #expect(out.rows == [[.number(1), .missing, .missing, .number(2)]])
    }
}
