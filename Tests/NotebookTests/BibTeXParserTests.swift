import Testing
@testable import Notebook

@Suite("BibTeX")
struct BibTeXParserTests {
    static let sample = #"""
        % a comment line outside entries, mentioning @article{x}
        @string{ icml = "International Conference on Machine Learning" }
        @comment{ ignored {nested} }

        @article{jastrzebski2017three,
          title = {Three Factors Influencing Minima in {SGD}},
          author = {Jastrz{\k{e}}bski, Stanis{\l}aw and Kenton, Zachary and Arpit, Devansh and
                    Ballas, Nicolas and Fischer, Asja and Bengio, Yoshua and Storkey, Amos},
          journal = "arXiv preprint",
          year = 2017,
          eprint = {1711.04623},
        }
        @InProceedings(goyal2017,
          AUTHOR = "Priya Goyal and Piotr Doll{\'a}r",
          booktitle = icml # { 2017},
          month = jun,
          year = {2017}
        )
        @misc{godel, author = {G{\"o}del, Kurt}, title = {{\"U}ber formal unentscheidbare S\"atze}, year = 1931}
        @book{who, author = {{World Health Organization}}, title = {Report}, year = 2020}
        @book{vdm, author = {Laurens van der Maaten}, title = {t-SNE---a note}, year = 2008}
        """#

    @Test("entries, fields, macros, concatenation and LaTeX accents")
    func parsesEntries() throws {
        let entries = try BibTeXParser.parse(Self.sample)
        #expect(entries.map(\.key) == ["jastrzebski2017three", "goyal2017", "godel", "who", "vdm"])
        let paper = entries[0]
        #expect(paper.type == "article")
        #expect(paper.line == 5 && paper.column == 10)
        #expect(paper.fields["title"] == "Three Factors Influencing Minima in SGD")
        #expect(paper.fields["journal"] == "arXiv preprint")
        #expect(paper.fields["year"] == "2017")
        #expect(paper.names["author"]?.map(\.last) == ["Jastrzębski", "Kenton", "Arpit", "Ballas", "Fischer", "Bengio", "Storkey"])
        #expect(paper.names["author"]?.first?.first == "Stanisław")
        let goyal = entries[1]
        #expect(goyal.type == "inproceedings")
        #expect(goyal.fields["booktitle"] == "International Conference on Machine Learning 2017")
        #expect(goyal.fields["month"] == "June")
        #expect(goyal.names["author"]?.map(\.last) == ["Goyal", "Dollár"])
        #expect(entries[2].fields["title"] == "Über formal unentscheidbare Sätze")
        #expect(entries[2].fields["author"] == "Gödel, Kurt")
        #expect(entries[3].names["author"]?.map(\.last) == ["World Health Organization"])
        #expect(entries[4].names["author"]?.first == BibName(last: "van der Maaten", first: "Laurens"))
        #expect(entries[4].fields["title"] == "t-SNE—a note")
    }

    @Test("accents become composed Unicode", arguments: [
        (#"{\"o}"#, "ö"), (#"\"{o}"#, "ö"), (#"\'e"#, "é"), (#"{\k{e}}"#, "ę"), (#"\v{s}"#, "š"), (#"\c{c}"#, "ç"),
        (#"\`a"#, "à"), (#"\^o"#, "ô"), (#"\~n"#, "ñ"), (#"\'{\i}"#, "í"), (#"\ss{}"#, "ß"), (#"\o"#, "ø"),
        (#"\aa"#, "å"), (#"\H{o}"#, "ő"), (#"\u{g}"#, "ğ"), (#"A \& B"#, "A & B"), (#"1--2"#, "1–2"), (#"\emph{x}"#, "x"),
    ])
    func accents(_ c: (String, String)) throws {
        #expect(try LaTeXText.unicode(c.0) == c.1)
    }

    @Test("malformed files are errors at their line and column", arguments: [
        ("@article{a,\n  title = {x\n", 2, 11, "unclosed '{'"),
        ("@article{a, title = \"x}\n", 1, 23, "unbalanced '}'"),
        ("@article{a,\n  title {x}}", 2, 9, "expected '='"),
        ("@article{a, booktitle = nips}", 1, 25, "unknown macro 'nips'"),
        ("@article{a, year = 1}\n@book{a, year = 2}", 2, 7, "duplicate key 'a'"),
        ("@article{a, year = 1, year = 2}", 1, 23, "field 'year' appears twice"),
        ("@article{a, title = {\\cite{b}}}", 1, 21, "unsupported LaTeX command '\\cite'"),
        ("@article{, title = {x}}", 1, 10, "expected a citation key"),
        ("@article{a title = {x}}", 1, 12, "expected ','"),
    ])
    func errors(_ c: (String, Int, Int, String)) {
        #expect {
            _ = try BibTeXParser.parse(c.0)
        } throws: { error in
            guard let failure = error as? BibTeXParser.Failure else { return false }
            return failure.line == c.1 && failure.column == c.2 && failure.message.contains(c.3)
        }
    }

    @Test("author–year labels: one, two, or 'et al.' for three or more authors")
    func labels() throws {
        let bibliography = Bibliography(file: "refs.bib", entries: try BibTeXParser.parse(Self.sample))
        #expect(bibliography.citationLabel("jastrzebski2017three")! == ("Jastrzębski et al.", "2017"))
        #expect(bibliography.citationLabel("goyal2017")! == ("Goyal and Dollár", "2017"))
        #expect(bibliography.citationLabel("godel")! == ("Gödel", "1931"))
        #expect(bibliography.citationLabel("nope") == nil)
    }

    @Test("bracketed citation items: keys, prefixes and locators; anything else is not a citation")
    func items() {
        #expect(CitationItem.items(in: "@a") == [CitationItem(key: "a")])
        #expect(CitationItem.items(in: "@a; see @b:2018, p. 3") == [
            CitationItem(key: "a"), CitationItem(key: "b:2018", prefix: "see", locator: "p. 3"),
        ])
        #expect(CitationItem.items(in: "a link") == nil)
        #expect(CitationItem.items(in: "x@a") == nil)
        #expect(CitationItem.items(in: "@a @b") == nil)
    }
}
