import Crypto
import Foundation
import Testing
@testable import MinimaPreview

@Suite("The served preview page")
struct PreviewPageTests {
    /// A report as Report writes it: a strict policy and no script.
    static let report = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"/>
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"/>
        <title>T</title></head><body><main><p>Hello.</p></main></body></html>

        """

    static func between(_ text: String, _ start: String, _ end: String) -> String? {
        guard let a = text.range(of: start), let b = text.range(of: end, range: a.upperBound..<text.endIndex) else { return nil }
        return String(text[a.upperBound..<b.lowerBound])
    }

    @Test("the policy allows exactly the injected script, by its SHA-256, and the event stream")
    func policyAllowsTheScript() throws {
        let html = PreviewPage(report: Self.report, generation: 3, notebook: "nb.md").render()
        let script = try #require(Self.between(html, "<script>", "</script>"))
        #expect(script == PreviewPage.script)   // the builder wrote it unchanged
        let hash = "'sha256-" + Data(SHA256.hash(data: Data(script.utf8))).base64EncodedString() + "'"
        let policy = try #require(Self.between(html, "http-equiv=\"Content-Security-Policy\" content=\"", "\""))
        #expect(policy == "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; script-src \(hash); connect-src 'self'")
        #expect(html.components(separatedBy: "<script").count == 2)   // one script
        #expect(html.contains("<meta name=\"minima-preview\" content=\"3\"/>"))
        #expect(html.contains("<p>Hello.</p>"))
        #expect(!Self.report.contains("script"))
    }

    @Test("diagnostics show as an escaped overlay over the last page; none, no overlay")
    func overlay() {
        var page = PreviewPage(report: Self.report, generation: 1, notebook: "nb.md")
        #expect(!page.render().contains("id=\"\(PreviewPage.overlayID)\""))
        page.diagnostics = ["nb.md:4:1: error: unknown key '<lrr>'"]
        let html = page.render()
        #expect(html.contains("id=\"minima-preview-overlay\" role=\"alert\""))
        #expect(html.contains("nb.md:4:1: error: unknown key '&lt;lrr&gt;'"))
        #expect(html.contains("this is the last page that rendered"))
        #expect(html.contains("<p>Hello.</p>"))
    }

    @Test("before any render the page says so, and still carries the script and overlay")
    func placeholder() {
        var page = PreviewPage(report: nil, generation: 1, notebook: "nb.md")
        page.diagnostics = ["nb.md:1:1: error: x"]
        let html = page.render()
        #expect(html.contains("nothing has rendered yet"))
        #expect(html.contains("script-src 'sha256-"))
        #expect(html.contains("<script>"))
    }

    @Test("the progress panel holds the live lines and is hidden when nothing runs")
    func progressPanel() {
        var page = PreviewPage(report: Self.report, generation: 1, notebook: "nb.md")
        #expect(page.render().contains("<pre id=\"minima-preview-progress\" role=\"status\" hidden=\"\"></pre>"))
        page.progress = ["  sweep lr=0.1  epoch 3/10  0:04  ETA 0:09", "[##--] 1/4 units"]
        #expect(page.render().contains("<pre id=\"minima-preview-progress\" role=\"status\">  sweep lr=0.1  epoch 3/10  0:04  ETA 0:09\n[##--] 1/4 units</pre>"))
    }

    @Test("server-sent events put each line of data on its own data line")
    func eventFormat() {
        let data = ServerSentEvent.encode(event: "progress", data: "a\nb")
        #expect(String(decoding: data, as: UTF8.self) == "event: progress\ndata: a\ndata: b\n\n")
    }
}
