import Testing
@testable import Notebook

@Suite("Output file names")
struct OutputNamesTests {
    static func errors(_ body: String) -> [Diagnostic] {
        NotebookParser.parse("# T\n\n" + body, file: "nb.md").1.filter { $0.severity == .error }
    }

    static func dataset(_ id: String) -> String { "```dataset \(id)\nsource: blobs\ntrain: 32\n```\n\n" }
    static let table = "```table final\nof: g\ncolumns: [lr]\n```\n\n"
    static let sweep = "```train base\ndata: d\nmodel: { mlp: [4] }\nlr: 0.1\nbatch: 8\nepochs: 1\n```\n\n"
        + "```sweep g\nbase: base\ngrid: { lr: [0.1, 0.2] }\n```\n\n"

    @Test("each step's files, counted in document order")
    func files() {
        let files = OutputNames.files(of: [(.dataset, "d"), (.plot, nil), (.table, "t"), (.plot, "p"), (.train, nil),
                                           (.sweep, "Ωmega")])
        #expect(files == [["d.csv", "d.json"], ["fig-1.svg", "fig-1.pdf"], ["table-1.csv"], ["p.svg", "p.pdf"], [],
                          ["Ωmega.csv", "Ωmega.json"]])
    }

    static func plot(_ id: String?) -> String { "```plot\(id.map { " " + $0 } ?? "")\nof: g\nx: lr\ny: lr\n```\n\n" }

    @Test("a plot's files are named by its id; one without an id keeps its figure number")
    func figureNames() {
        #expect(OutputNames.figureFiles(number: 5, id: "f1-sharpness") == ["f1-sharpness.svg", "f1-sharpness.pdf"])
        #expect(OutputNames.figureFiles(number: 5, id: nil) == ["fig-5.svg", "fig-5.pdf"])
        #expect(Self.errors(Self.dataset("d") + Self.sweep + Self.plot("a") + Self.plot(nil)).isEmpty)
    }

    @Test("a plot whose id is another figure's numbered name is an error")
    func figureNameCollision() {
        // The second plot has no id, so it writes fig-2.svg: the first plot's id takes that name.
        let errors = Self.errors(Self.dataset("d") + Self.sweep + Self.plot("fig-2") + Self.plot(nil))
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.message.contains("'fig-2.svg'") == true, "\(errors)")
        // Ids differing only in case collide too (macOS, Windows).
        let cased = Self.errors(Self.dataset("d") + Self.sweep + Self.plot("Loss") + Self.plot("loss"))
        #expect(cased.count == 1 && cased[0].message.contains("differ only in case"), "\(cased)")
    }

    @Test("links are percent-encoded per part")
    func href() {
        #expect(OutputNames.href(directory: "nb", file: "grid.csv") == "nb/grid.csv")
        #expect(OutputNames.href(directory: "my notes#1%", file: "Ωmega.csv") == "my%20notes%231%25/%CE%A9mega.csv")
        // NFD input gives the NFC name that is written.
        #expect(OutputNames.href(directory: ".", file: "e\u{301}.csv") == "./%C3%A9.csv")
    }

    @Test("a step whose id is the automatic name of a named table's CSV is an error at its position")
    func tableNameCollision() {
        let errors = Self.errors(Self.dataset("d") + Self.sweep + Self.table + Self.dataset("table-1"))
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.message.contains("'table-1.csv'") == true, "\(errors)")
        #expect(errors.first?.description.hasPrefix("nb.md:") == true)
        #expect(errors.first?.position.line == 26)
    }

    @Test("ids differing only in case are an error (they collide on macOS and Windows)")
    func caseCollision() {
        let errors = Self.errors(Self.dataset("Loss") + Self.dataset("loss"))
        #expect(errors.count == 1)   // one for the pair, not one per file
        #expect(errors.allSatisfy { $0.message.contains("differ only in case") })
    }

    @Test("distinct non-ASCII ids are no error; a duplicate id is reported once, by the step graph")
    func distinctUnicode() {
        #expect(Self.errors(Self.dataset("Ωmega") + Self.dataset("Ψmega")).isEmpty)
        let duplicate = Self.errors(Self.dataset("d") + Self.dataset("d"))
        #expect(duplicate.count == 1)
        #expect(duplicate.first?.message.contains("duplicate step id") == true)
    }

    @Test("an id too long for a file name is an error")
    func tooLong() {
        let long = String(repeating: "x", count: 251)
        let errors = Self.errors(Self.dataset(long))
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("too long") == true)
        #expect(Self.errors(Self.dataset(String(repeating: "x", count: 250))).isEmpty)
        // Bytes, not characters: 126 two-byte letters make a 257-byte name.
        #expect(Self.errors(Self.dataset(String(repeating: "é", count: 126))).count == 1)
    }

    @Test("CSV text cells a spreadsheet would run as formulas get a leading quote; numbers do not")
    func csvFormulaGuard() {
        let table = ResultTable(columns: ["name", "=x", "value"], rows: [
            [.text("=HYPERLINK(\"http://evil\")"), .text("+1"), .number(-1)],
            [.text("-a"), .text("@b"), .number(-0.5)],
            [.text("ok"), .text("\tt"), .missing],
        ])
        #expect(table.csv() == """
            name,'=x,value
            "'=HYPERLINK(""http://evil"")",'+1,-1
            '-a,'@b,-0.5
            ok,'\tt,

            """)
    }
}
