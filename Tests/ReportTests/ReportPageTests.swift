import Foundation
import MinimaTestSupport
import Notebook
import Testing
@testable import Report

@Suite("Report page")
struct ReportPageTests {
    @Test("the page skeleton matches its golden file")
    func skeleton() {
        let page = ReportPage(metadata: .init(title: "T <1>", author: "A & B", date: "2026-01-02"),
                              toc: [.init(level: 2, text: "Intro", anchor: "intro")],
                              body: "<h2 id=\"intro\">Intro</h2>\n<p>Hello.</p>",
                              provenance: PageProvenance(minimaVersion: "0.1.0", notebookDigest: "abc"))
        expectSnapshot(page.render(), named: "page-skeleton.html")
    }

    @Test("the full sample report matches its golden file and renders the same bytes twice")
    func sample() {
        let first = SamplePage.render(), second = SamplePage.render()
        #expect(first.page == second.page)
        #expect(first.files == second.files)
        expectSnapshot(first.page, named: "sample-page.html")
        #expect(first.files.map(\.path) == ["history.csv", "history.json", "loss.svg", "ratio.csv", "ratio.json", "sharpness.svg",
                                            "table-1.csv", "interp.csv", "interp.json", "fig-3.svg"])
    }

    @Test("the page makes no network request and runs no script")
    func selfContained() {
        let page = SamplePage.render().page
        for forbidden in ["http://", "https://", "<link", "<img", "src=", "@import", "url(http"] {
            let hits = page.components(separatedBy: forbidden).count - 1
            // The only URLs allowed are the SVG and MathML namespace names.
            let namespaces = forbidden == "http://" ? page.components(separatedBy: "http://www.w3.org/").count - 1 : 0
            #expect(hits == namespaces, "found \(forbidden)")
        }
        let scripts = page.components(separatedBy: "<script").count - 1
        #expect(scripts == 1)
        #expect(page.contains("<script type=\"application/json\" id=\"minima-provenance\">"))
        #expect(page.contains("default-src &#39;none&#39;"))   // the CSP, attribute-escaped
    }

    @Test("the provenance JSON is valid, sorted and complete")
    func provenanceJSON() throws {
        let p = PageProvenance(minimaVersion: "0.1.0", notebookDigest: "abc", dataDigests: ["z": "1", "a": "2"],
                               steps: [.init(id: "s</script>", kind: "train", provenance: SampleResults.provenance("k", seconds: 1.5))])
        let json = p.json()
        #expect(!json.contains("</script>"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["minima_version"] as? String == "0.1.0")
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.first?["id"] as? String == "s</script>")
        #expect(steps.first?["seeds"] as? [Int] == [1, 2, 3])
        #expect(json.range(of: "\"a\"")!.lowerBound < json.range(of: "\"z\"")!.lowerBound)
    }
}
