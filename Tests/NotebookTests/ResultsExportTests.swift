import Testing
@testable import Notebook

@Suite("CSV and JSON export of result tables")
struct ResultsExportTests {
    static let table = ResultTable(columns: ["lr", "note", "loss"], rows: [
        [.number(0.1), .text("plain"), .number(2)],
        [.number(1e-5), .text("a, \"quoted\"\nline"), .number(.nan)],
        [.number(-0.0), .missing, .number(-.infinity)],
    ])

    @Test("CSV quotes fields with commas, quotes and newlines, and formats numbers fixedly")
    func csv() {
        #expect(Self.table.csv() == """
            lr,note,loss
            0.1,plain,2
            1e-05,"a, ""quoted""
            line",nan
            0,,-inf

            """)
    }

    @Test("JSON has sorted keys, one row per line, and escapes for script embedding")
    func json() {
        let t = ResultTable(columns: ["z", "a"], rows: [[.text("</script>"), .number(32)], [.missing, .number(.infinity)]])
        #expect(t.json() == """
            [
              {"a": 32, "z": "\\u003c/script\\u003e"},
              {"a": "inf", "z": null}
            ]

            """)
        #expect(ResultTable(columns: ["a"]).json() == "[]\n")
    }

    @Test("export numbers are integers without a point and never -0")
    func numbers() {
        #expect(ResultTable.exportNumber(32) == "32")
        #expect(ResultTable.exportNumber(-0.0) == "0")
        #expect(ResultTable.exportNumber(0.25) == "0.25")
        #expect(ResultTable.exportNumber(Double(Float(0.1))) == "0.10000000149011612")
        #expect(ResultTable.exportNumber(1e20) == "1e+20")
    }
}
