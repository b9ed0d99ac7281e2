import Foundation
import Testing
@testable import Report

/// The sample report at a phone's width (420 CSS px) in headless Chromium: every chart is shown
/// at no less than `ChartRenderer.minimumScale` of its size, so its 12-unit text stays ≥ 9 px,
/// and a chart wider than the column scrolls inside its box instead of shrinking.
@Suite("Charts on a narrow page")
struct NarrowPageTests {
    /// Writes "minimum-px scrolling-count chart-count" into `<pre id="narrow-verdict">`: the
    /// smallest on-screen size of a chart's 12-unit text, and how many chart boxes scroll.
    static let script = """
        (function () {
          const charts = [...document.querySelectorAll('svg.chart')];
          let smallest = Infinity;
          charts.forEach(svg => {
            const units = parseFloat(svg.getAttribute('viewBox').split(' ')[2]);
            smallest = Math.min(smallest, 12 * svg.getBoundingClientRect().width / units);
          });
          const scrolling = [...document.querySelectorAll('.chart-scroll')].filter(b => b.scrollWidth > b.clientWidth + 1).length;
          const pre = document.createElement('pre');
          pre.id = 'narrow-verdict';
          pre.textContent = smallest.toFixed(2) + ' ' + scrolling + ' ' + charts.length;
          document.body.appendChild(pre);
        })();
        """

    static func verdict(_ page: String, files: [OutputFile], name: String) throws -> (px: Double, scrolling: Int, charts: Int) {
        let binary = try #require(BrowserTests.chromium, "chromium is not installed (apt-get install -y chromium)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minima-narrow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // The page's Content-Security-Policy forbids scripts; this copy drops it.
        var html = page
        if let csp = html.range(of: "<meta http-equiv=\"Content-Security-Policy\""),
           let close = html.range(of: ">", range: csp.upperBound..<html.endIndex) {
            html.removeSubrange(csp.lowerBound..<close.upperBound)
        }
        html = html.replacingOccurrences(of: "</body>", with: "<script>" + script + "</script></body>")
        let file = dir.appendingPathComponent(name)
        try html.write(to: file, atomically: true, encoding: .utf8)
        let dom = try BrowserTests.run(binary, ["--user-data-dir=\(dir.appendingPathComponent("profile").path)",
                                                "--window-size=420,2000", "--dump-dom", file.absoluteString])
        let start = try #require(dom.range(of: "<pre id=\"narrow-verdict\">"))
        let end = try #require(dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex))
        let parts = dom[start.upperBound..<end.lowerBound].split(separator: " ")
        return (Double(parts[0]) ?? 0, Int(parts[1]) ?? 0, Int(parts[2]) ?? 0)
    }

    @Test("at 420 px chart text stays at least 9 px and wide charts scroll in their box",
          .enabled(if: BrowserTests.chromium != nil || BrowserTests.required))
    func readableAt420() throws {
        let (page, files) = SamplePage.render()
        let v = try Self.verdict(page, files: files, name: "sample.html")
        #expect(v.charts == 5)
        #expect(v.px >= 9 - 0.01, "smallest chart text \(v.px) px")
        #expect(v.scrolling >= 1, "no chart box scrolls at 420 px")

        // Without the scroll box the charts shrink to the column: the test can fail.
        let shrunk = page.replacingOccurrences(of: "class=\"chart-scroll\"", with: "class=\"plain\"")
        #expect(try Self.verdict(shrunk, files: files, name: "shrunk.html").px < 9)
    }
}
