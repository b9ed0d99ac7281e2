import Foundation
import Notebook
import Testing
@testable import Report

/// Loads charts in headless Chromium and fails if any chart text leaves its figure or runs into
/// other text: hostile labels (very long, unicode, many series, long facet values) and the
/// representative charts of the golden files. The measuring script lives only in this harness
/// page; report pages stay script-free. `MINIMA_OVERFLOW_PAGES` (paths separated by `:`) adds
/// rendered report pages to check, e.g. the flagship's `Output/three-factors.html`.
@Suite("Chart text in a real browser")
struct ChartOverflowTests {
    /// Reports every text of every `svg.chart` whose box leaves the SVG's box or overlaps another
    /// text's box by more than a pixel each way, into `<pre id="overflow-verdict">`.
    static let script = """
        (function () {
          const problems = [];
          const charts = document.querySelectorAll('svg.chart');
          charts.forEach((svg, k) => {
            const box = svg.getBoundingClientRect();
            const name = (svg.querySelector('title') || {}).textContent || ('chart ' + k);
            const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() !== '');
            const rects = texts.map(t => t.getBoundingClientRect());
            texts.forEach((t, i) => {
              const r = rects[i];
              if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
                problems.push(name + ': "' + t.textContent + '" leaves the figure');
              }
            });
            for (let i = 0; i < texts.length; i++) {
              for (let j = i + 1; j < texts.length; j++) {
                const a = rects[i], b = rects[j];
                const ox = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                const oy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                if (ox > 1 && oy > 2) problems.push(name + ': "' + texts[i].textContent + '" overlaps "' + texts[j].textContent + '"');
              }
            }
          });
          const pre = document.createElement('pre');
          pre.id = 'overflow-verdict';
          pre.textContent = problems.length ? problems.join('\\n') : 'OK ' + charts.length;
          document.body.appendChild(pre);
        })();
        """

    /// Charts with labels built to break a layout.
    static func hostileCharts() throws -> [ChartModel] {
        var models: [ChartModel] = []
        let names = [
            "N = 10k, 20 epochs, constant learning rate η = 0.1 with batch size S = 16 and no warm-up at all",
            "漢字のラベル 😀 with emoji and combining marks: e\u{301}te\u{301}", "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
            "short", "Ünïcödé Ελληνικά ΑΒΓΔ αβγδ ∑∫√∞ ≤ ≥ ×10⁻⁵",
        ]
        var t = ResultTable(columns: ["name", "phase", "seed", "epoch", "a_very_long_measurement_column_name_for_accuracy", "lr"])
        for (k, n) in names.enumerated() {
            for phase in ["first phase with a long facet title that cannot fit above one small panel", "second"] {
                for seed in 1...3 {
                    for epoch in 1...12 {
                        t.append(["name": .text(n), "phase": .text(phase), "seed": .number(Double(seed)), "epoch": .number(Double(epoch)),
                                  "a_very_long_measurement_column_name_for_accuracy": .number(0.5 + 0.03 * Double(epoch) + 0.01 * Double(k * seed)),
                                  "lr": .number(pow(10, -Double(k)))])
                    }
                }
            }
        }
        let long = "a_very_long_measurement_column_name_for_accuracy"
        models.append(try ChartBuilder.build(PlotSpec(
            of: ["t"], x: "epoch", y: [long], color: "name", facet: "phase",
            xLabel: "epoch (one pass over the 60 000 training images, reshuffled each time, counted from one)",
            yLabel: "test accuracy on the held-out 10 000 images, averaged over three seeds",
            title: "A title that is much longer than the figure is wide, so that it has to wrap onto a second line somewhere"),
            table: t))
        models.append(try ChartBuilder.build(PlotSpec(
            of: ["t"], x: "lr", y: [long], color: "name", scale: AxisScales(x: .log), y2: "epoch",
            reference: [ReferenceLine(x: 1, label: "a vertical reference at the right edge"), ReferenceLine(y: "0.6", label: names[0])],
            annotate: [Annotation(x: 1, y: 0.9, text: "an annotation placed at the very right of the panel")], width: 420),
            table: t))
        // Facets whose tick labels sit on the panel edges: neighbouring panels' labels meet at the gap.
        var edges = ResultTable(columns: ["steps", "panel", "loss"])
        for p in ["a", "b", "c"] { for x in [10.0, 40, 100] { edges.append(["steps": .number(x), "panel": .text(p), "loss": .number(x / 100)]) } }
        models.append(try ChartBuilder.build(PlotSpec(of: ["e"], x: "steps", y: ["loss"], kind: .line, facet: "panel",
                                                      limits: AxisLimits(x: [0, 100])), table: edges))
        // Many series: twenty configurations with long template labels, and a colour bar.
        var many = ResultTable(columns: ["lr", "batch", "epoch", "loss"])
        for i in 0..<20 {
            for epoch in 1...5 {
                many.append(["lr": .number(0.001 * Double(i + 1)), "batch": .number(Double(16 << (i % 4))), "epoch": .number(Double(epoch)),
                             "loss": .number(2 / Double(epoch + i))])
            }
        }
        models.append(try ChartBuilder.build(PlotSpec(of: ["m"], x: "epoch", y: ["loss"], marker: "batch",
                                                      label: "learning rate η = {lr}, batch size S = {batch}, epochs 1–5"), table: many))
        models.append(try ChartBuilder.build(PlotSpec(of: ["m"], x: "epoch", y: ["loss"], color: "lr*1000000",
                                                      marker: "batch", scale: AxisScales(y: .log)), table: many))
        return models
    }

    /// The golden files' charts.
    static func representativeCharts() throws -> [ChartModel] {
        [
            try ChartBuilder.build(PlotSpec(of: ["h"], x: "epoch", y: ["train_loss"], color: "lr", scale: AxisScales(y: .log)),
                                   table: SampleResults.history),
            try ChartBuilder.build(PlotSpec(of: ["s"], x: "lr/batch", y: ["lambda_max"], color: "lr/batch", marker: "optimizer",
                                            scale: AxisScales(x: .log, y: .log),
                                            reference: [ReferenceLine(y: "1e4*x", label: "∝ η/S"), ReferenceLine(x: 1e-3, label: "break")]),
                                   table: SampleResults.sweep),
            try ChartBuilder.build(PlotSpec(of: ["i"], x: "alpha", y: ["train_loss"], facet: "pair", y2: "test_loss",
                                            reference: [ReferenceLine(column: "theory", label: "quadratic fit")],
                                            annotate: [Annotation(x: 0.5, y: 0.1, text: "minimum")], title: "Interpolation"),
                                   table: SampleResults.interpolation),
            try ChartBuilder.build(PlotSpec(of: ["s"], x: "batch", y: ["test_acc"], kind: .scatter, color: "optimizer"),
                                   table: SampleResults.sweep),
            try ChartBuilder.build(PlotSpec(of: ["s"], x: "lr/batch", y: ["test_acc"], color: "batch", scale: AxisScales(x: .log)),
                                   table: SampleResults.sweep),
        ]
    }

    /// A page holding `svgs` with the chart style, the page's font stack and the script.
    static func harness(_ svgs: [String]) -> String {
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>" + ChartStyle.css
            + "body { margin: 0; }</style></head><body>\n" + svgs.joined(separator: "\n")
            + "\n<script>" + script + "</script></body></html>\n"
    }

    /// Loads `html` in Chromium and returns the verdict.
    static func verdict(of html: String, in dir: URL, name: String) throws -> String {
        let binary = try #require(BrowserTests.chromium, "chromium is not installed (apt-get install -y chromium)")
        let file = dir.appendingPathComponent(name)
        try html.write(to: file, atomically: true, encoding: .utf8)
        let dom = try BrowserTests.run(binary, ["--user-data-dir=\(dir.appendingPathComponent("profile-" + name).path)",
                                                "--window-size=1400,1000", "--dump-dom", file.absoluteString])
        guard let start = dom.range(of: "<pre id=\"overflow-verdict\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex)
        else { return "no verdict in the page" }
        return String(dom[start.upperBound..<end.lowerBound])
    }

    @Test("no chart text leaves its figure or overlaps other text, for hostile and representative charts",
          .enabled(if: BrowserTests.chromium != nil || BrowserTests.required))
    func noOverflow() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minima-overflow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let models = try Self.hostileCharts() + Self.representativeCharts()
        let svgs = models.enumerated().map { i, m in
            ChartRenderer.svg(m, idPrefix: "c\(i)", title: "chart \(i)", standalone: false).render()
        }
        let verdict = try Self.verdict(of: Self.harness(svgs), in: dir, name: "charts.html")
        if let keep = ProcessInfo.processInfo.environment["MINIMA_OVERFLOW_HARNESS"] {
            try Self.harness(svgs).write(toFile: keep, atomically: true, encoding: .utf8)
        }
        #expect(verdict == "OK \(models.count)", "\(verdict)")

        // A deliberately cut legend (the old fixed width) must be caught: the test can fail.
        let cut = svgs[0].replacingOccurrences(of: "viewBox=\"0 0 640 ", with: "viewBox=\"0 0 500 ")
        #expect(try Self.verdict(of: Self.harness([cut]), in: dir, name: "cut.html").contains("leaves the figure"))

        for page in (ProcessInfo.processInfo.environment["MINIMA_OVERFLOW_PAGES"] ?? "").split(separator: ":") {
            // The page's Content-Security-Policy forbids scripts; the harness copy drops it.
            var html = try String(contentsOfFile: String(page), encoding: .utf8)
            if let csp = html.range(of: "<meta http-equiv=\"Content-Security-Policy\""),
               let close = html.range(of: ">", range: csp.upperBound..<html.endIndex) {
                html.removeSubrange(csp.lowerBound..<close.upperBound)
            }
            html = html.replacingOccurrences(of: "</body>", with: "<script>" + Self.script + "</script></body>")
            // Charts are inline, so the page can be checked from a copy in the temporary folder.
            let v = try Self.verdict(of: html, in: dir, name: "page.html")
            #expect(v.hasPrefix("OK"), "\(page): \(v)")
        }
    }
}
