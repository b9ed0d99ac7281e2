import Foundation
import Testing
import Yams
@testable import Notebook

@Suite("Table specs")
struct TableSpecTests {
    @Test("a minimal table spec takes the documented defaults")
    func defaults() throws {
        let spec = try JSONDecoder().decode(TableSpec.self, from: Data(#"{"of": "ratio"}"#.utf8))
        #expect(spec == TableSpec(of: "ratio"))
        #expect(spec.columns == nil && spec.over == "seed" && spec.digits == 3 && spec.sort.isEmpty)
    }

    @Test("columns mix bare names and header: expression pairs")
    func columnsYAML() throws {
        let yaml = """
            of: ratio
            columns: [lr, batch, "η/S": lr/batch, {acc: test_acc}]
            where: {epoch: 30}
            group_by: lr
            sort: [lr, "test_acc desc"]
            digits: 4
            units: {wall_seconds: s}
            caption: Final numbers.
            """
        let spec = try YAMLDecoder().decode(TableSpec.self, from: yaml)
        #expect(spec.columns == [TableColumn("lr"), TableColumn("batch"),
                                 TableColumn(label: "η/S", expression: "lr/batch"),
                                 TableColumn(label: "acc", expression: "test_acc")])
        #expect(spec.groupBy == ["lr"])
        #expect(spec.sort == [SortKey("lr"), SortKey("test_acc", descending: true)])
        #expect(spec.digits == 4 && spec.units == ["wall_seconds": "s"] && spec.caption == "Final numbers.")
    }

    @Test("bad digits, bad sort keys and two-pair columns are decoding errors")
    func rejects() {
        let bad = [#"{"of": "a", "digits": 0}"#, #"{"of": "a", "sort": ["lr up"]}"#,
                   #"{"of": "a", "columns": [{"a": "x", "b": "y"}]}"#]
        for json in bad {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(TableSpec.self, from: Data(json.utf8)) }
        }
    }

    @Test("the coding keys are the documented snake_case names")
    func keyNames() {
        #expect(TableSpec.CodingKeys.allCases.map(\.stringValue).sorted() == [
            "caption", "columns", "digits", "group_by", "of", "over", "sort", "units", "where",
        ])
    }

    @Test("a spec survives an encode/decode round trip")
    func roundTrip() throws {
        let spec = TableSpec(of: "a", columns: [TableColumn("lr"), TableColumn(label: "r", expression: "lr/batch")],
                             sort: [SortKey("lr", descending: true)], digits: 2)
        #expect(try JSONDecoder().decode(TableSpec.self, from: JSONEncoder().encode(spec)) == spec)
    }
}
