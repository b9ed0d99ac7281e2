import Foundation
import Testing
@testable import Notebook

@Suite("Filtering and sorting result tables")
struct ResultsFilterSortTests {
    static let table = ResultTable(columns: ["lr", "batch", "name"], rows: [
        [.number(Double(Float(0.1))), .number(32), .text("a")],
        [.number(0.01), .number(128), .text("b")],
        [.number(0.1), .number(128), .missing],
        [.number(0.05), .number(32), .text("c")],
    ])

    @Test("a filter keeps rows matching any listed value of every condition")
    func filter() throws {
        let one = try Self.table.filtered(by: RowFilter(["batch": [.number(32)]]))
        #expect(one.rows.count == 2)
        // 0.1 matches the Float-rounded 0.10000000149 within 1e-6 relative.
        let lr = try Self.table.filtered(by: RowFilter(["lr": [.number(0.1)], "batch": [.number(32), .number(64)]]))
        #expect(lr.rows == [Self.table.rows[0]])
        let text = try Self.table.filtered(by: RowFilter(["name": [.text("b"), .text("c")]]))
        #expect(text.values(of: "lr") == [.number(0.01), .number(0.05)])
        #expect(throws: ResultTableError.self) { try Self.table.filtered(by: RowFilter(["btch": [.number(1)]])) }
    }

    @Test("where decodes one value or a list per column")
    func decodeWhere() throws {
        let json = #"{"batch": 32, "name": ["a", "b"], "lr": [0.1]}"#
        let f = try JSONDecoder().decode(RowFilter.self, from: Data(json.utf8))
        #expect(f.conditions == ["batch": [.number(32)], "name": [.text("a"), .text("b")], "lr": [.number(0.1)]])
    }

    @Test("sorting is stable, honours desc, and puts missing last")
    func sort() throws {
        let byBatchDesc = try Self.table.sorted(by: [SortKey("batch", descending: true)])
        #expect(byBatchDesc.values(of: "lr") == [.number(0.01), .number(0.1), .number(Double(Float(0.1))), .number(0.05)])
        let byName = try Self.table.sorted(by: [SortKey("name", descending: true)])
        #expect(byName.values(of: "name") == [.text("c"), .text("b"), .text("a"), .missing])
        let two = try Self.table.sorted(by: [SortKey("batch"), SortKey("lr")])
        #expect(two.values(of: "lr") == [.number(0.05), .number(Double(Float(0.1))), .number(0.01), .number(0.1)])
    }

    @Test("sort keys parse 'column' and 'column desc' and reject anything else")
    func sortKeyParsing() {
        #expect(SortKey(parsing: "lr") == SortKey("lr"))
        #expect(SortKey(parsing: "test_acc desc") == SortKey("test_acc", descending: true))
        #expect(SortKey(parsing: "lr asc") == SortKey("lr"))
        #expect(SortKey(parsing: "lr up") == nil)
        #expect(SortKey(parsing: "") == nil)
    }
}
