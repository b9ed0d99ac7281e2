import Testing
@testable import Notebook

/// `Derivation.table` on hand-made tables, each expected table worked out by hand.
@Suite("Derived tables")
struct DerivationTests {
    /// Three runs: (lr, seed, acc).
    static let runs = ResultTable(
        columns: ["lr", "seed", "acc"],
        rows: [[.number(0.1), .number(1), .number(0.8)],
               [.number(0.1), .number(2), .number(0.6)],
               [.number(0.2), .number(1), .number(0.9)]],
        keyColumns: ["lr", "seed"])

    static func derive(_ spec: DeriveSpec, _ tables: [String: ResultTable] = ["runs": runs]) throws(ResultTableError) -> ResultTable {
        try Derivation.table(spec, tables: tables)
    }

    static func column(_ label: String, _ expression: String) -> TableColumn {
        TableColumn(label: label, expression: expression)
    }

    @Test("stacking two tables with different columns unions the columns; a table's absent column is missing")
    func stacking() throws {
        let a = ResultTable(columns: ["lr", "acc"], rows: [[.number(0.1), .number(0.8)], [.number(0.2), .number(0.9)]],
                            keyColumns: ["lr"])
        let b = ResultTable(columns: ["loss", "lr"], rows: [[.number(1.5), .number(0.3)]], keyColumns: ["lr"])
        let out = try Self.derive(DeriveSpec(of: ["a", "b"]), ["a": a, "b": b])
        #expect(out.columns == ["lr", "acc", "loss"])
        #expect(out.rows == [[.number(0.1), .number(0.8), .missing],
                             [.number(0.2), .number(0.9), .missing],
                             [.number(0.3), .missing, .number(1.5)]])
        #expect(out.keyColumns == ["lr"])
    }

    @Test("a join adds the first matching row's columns, missing where none matches, replacing a same-named column")
    func join() throws {
        let other = ResultTable(
            columns: ["lr", "sharp", "acc"],
            rows: [[.number(0.1 + 1e-12), .number(10), .number(0.5)],   // equal within 1e-6: matches
                   [.number(0.1), .number(99), .number(0.4)],           // a second match: ignored
                   [.number(0.3), .number(7), .number(0.1)]])
        let out = try Self.derive(DeriveSpec(of: ["runs"], join: [DeriveJoin(step: "other", on: ["lr"])]),
                                  ["runs": Self.runs, "other": other])
        // `acc` is brought and replaces the runs' own `acc`; it moves to the end with the brought columns.
        #expect(out.columns == ["lr", "seed", "sharp", "acc"])
        #expect(out.rows == [[.number(0.1), .number(1), .number(10), .number(0.5)],
                             [.number(0.1), .number(2), .number(10), .number(0.5)],
                             [.number(0.2), .number(1), .missing, .missing]])
    }

    @Test("a join with 'columns' brings only those and keeps the rest of the left table")
    func joinSomeColumns() throws {
        let other = ResultTable(columns: ["lr", "seed", "sharp", "acc"],
                                rows: [[.number(0.1), .number(2), .number(3), .number(0)],
                                       [.number(0.2), .number(1), .number(4), .number(0)]])
        let spec = DeriveSpec(of: ["runs"], join: [DeriveJoin(step: "other", on: ["lr", "seed"], columns: ["sharp"])])
        let out = try Self.derive(spec, ["runs": Self.runs, "other": other])
        #expect(out.columns == ["lr", "seed", "acc", "sharp"])
        #expect(out.values(of: "sharp") == [.missing, .number(3), .number(4)])
        #expect(out.values(of: "acc") == [.number(0.8), .number(0.6), .number(0.9)])
    }

    @Test("a string where keeps the rows where the expression holds")
    func stringWhere() throws {
        let out = try Self.derive(DeriveSpec(of: ["runs"], where: RowFilter(expression: "acc > 0.7 and seed == 1")))
        #expect(out.rows == [[.number(0.1), .number(1), .number(0.8)], [.number(0.2), .number(1), .number(0.9)]])
    }

    @Test("a mapping where keeps the rows with those values")
    func mappingWhere() throws {
        let out = try Self.derive(DeriveSpec(of: ["runs"], where: RowFilter(["seed": [.number(2)]])))
        #expect(out.rows == [[.number(0.1), .number(2), .number(0.6)]])
    }

    @Test("grouped: aggregates per group, and a plain column reads the key and an earlier column")
    func grouped() throws {
        let spec = DeriveSpec(of: ["runs"], groupBy: ["lr"],
                              columns: [Self.column("n", "count()"), Self.column("m", "mean(acc)"),
                                        Self.column("per_lr", "m / lr")])
        let out = try Self.derive(spec)
        #expect(out.columns == ["lr", "n", "m", "per_lr"])
        #expect(out.keyColumns == ["lr"])
        #expect(out.rows.count == 2)
        // lr 0.1: mean(0.8, 0.6) = 0.7, 0.7 / 0.1 = 7; lr 0.2: 0.9, 0.9 / 0.2 = 4.5.
        let expected: [[Double]] = [[0.1, 2, 0.7, 7], [0.2, 1, 0.9, 4.5]]
        for (row, want) in zip(out.rows, expected) {
            for (cell, x) in zip(row, want) {
                #expect(abs((cell.number ?? .nan) - x) < 1e-12, "\(row) != \(want)")
            }
        }
    }

    @Test("grouped without columns keeps just the distinct keys")
    func groupedKeysOnly() throws {
        let out = try Self.derive(DeriveSpec(of: ["runs"], groupBy: ["lr"]))
        #expect(out.columns == ["lr"])
        #expect(out.rows == [[.number(0.1)], [.number(0.2)]])
    }

    @Test("without group_by, columns that all aggregate give one summary row")
    func summaryRow() throws {
        let spec = DeriveSpec(of: ["runs"], columns: [Self.column("best", "max(acc)"), Self.column("n", "count()"),
                                                      Self.column("spread", "max(acc) - min(acc)")])
        let out = try Self.derive(spec)
        #expect(out.columns == ["best", "n", "spread"])
        #expect(out.rows.count == 1)
        #expect(out.rows[0][0] == .number(0.9))
        #expect(out.rows[0][1] == .number(3))
        #expect(abs((out.rows[0][2].number ?? .nan) - 0.3) < 1e-12)
    }

    @Test("without group_by, a mixed column list is row by row with the aggregate over all rows")
    func broadcastAggregate() throws {
        let spec = DeriveSpec(of: ["runs"], columns: [Self.column("lr", "lr"), Self.column("rel", "acc/max(acc)"),
                                                      Self.column("best", "max(acc)")])
        let out = try Self.derive(spec)
        #expect(out.columns == ["lr", "rel", "best"])
        #expect(out.values(of: "lr") == [.number(0.1), .number(0.1), .number(0.2)])
        let rel = (out.values(of: "rel") ?? []).map { $0.number ?? .nan }
        let expected = [0.8 / 0.9, 0.6 / 0.9, 1.0]
        #expect(rel.count == 3)
        for (a, b) in zip(rel, expected) { #expect(abs(a - b) < 1e-12, "\(rel)") }
        #expect(out.values(of: "best") == [.number(0.9), .number(0.9), .number(0.9)])
        // `lr: lr` is a plain copy of a key column, so it stays a key.
        #expect(out.keyColumns == ["lr"])
    }

    @Test("sort orders the derived rows, descending on request")
    func sort() throws {
        let out = try Self.derive(DeriveSpec(of: ["runs"], sort: [SortKey("acc", descending: true)]))
        #expect(out.values(of: "acc") == [.number(0.9), .number(0.8), .number(0.6)])
        let ascending = try Self.derive(DeriveSpec(of: ["runs"], columns: [Self.column("acc", "acc")],
                                                   sort: [SortKey("acc")]))
        #expect(ascending.rows == [[.number(0.6)], [.number(0.8)], [.number(0.9)]])
    }

    @Test("an unknown column is an error naming it, with a suggestion", arguments: [
        DeriveSpec(of: ["runs"], where: RowFilter(expression: "acx > 0")),
        DeriveSpec(of: ["runs"], groupBy: ["acx"]),
        DeriveSpec(of: ["runs"], sort: [SortKey("acx")]),
        DeriveSpec(of: ["runs"], join: [DeriveJoin(step: "runs", on: ["acx"])]),
    ])
    func unknownColumn(_ spec: DeriveSpec) throws {
        do throws(ResultTableError) {
            _ = try Self.derive(spec)
            Issue.record("no error for an unknown column")
        } catch {
            #expect(error.subject == "acx")
            #expect(error.message.contains("unknown column 'acx'"), "\(error)")
            #expect(error.suggestion == "acc")
        }
    }

    @Test("a column expression over an unknown column is an error", arguments: ["acx * 2", "mean(acx)"])
    func unknownColumnInExpression(_ expression: String) throws {
        #expect(throws: ResultTableError.self) {
            try Self.derive(DeriveSpec(of: ["runs"], columns: [Self.column("x", expression)]))
        }
    }

    @Test("a missing input table is an error naming the step")
    func missingInput() throws {
        do throws(ResultTableError) {
            _ = try Self.derive(DeriveSpec(of: ["runs", "gone"]))
            Issue.record("no error for a missing input")
        } catch {
            #expect(error.subject == "gone")
        }
    }
}
