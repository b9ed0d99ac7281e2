import Crypto
import Foundation
import Report

/// The page `minima preview` serves: the rendered report with, added only when serving, a
/// script that reloads it when a new render is ready, a panel of the runs in progress, and an
/// overlay of the diagnostics when the notebook stopped parsing.
///
/// The written report has no script and a policy forbidding any; the served copy's
/// Content-Security-Policy allows exactly the one reload script (by its SHA-256) and a
/// connection back to this server for the events. Everything shown from the notebook goes
/// through Report's escaping builders. Pure: the same inputs give the same bytes.
struct PreviewPage {
    /// The last report that rendered, or nil before the first one.
    var report: String?
    /// Counts the pages shown; the script reloads when the server's count differs from its own.
    var generation: Int
    /// Why the notebook does not render now (`file:line:col: error: …`), shown over the page.
    var diagnostics: [String] = []
    /// The runs in progress (the lines of the terminal's live block).
    var progress: [String] = []
    /// The notebook's file name, for the page shown before the first render.
    var notebook: String

    static let overlayID = "minima-preview-overlay"
    static let progressID = "minima-preview-progress"
    static let generationName = "minima-preview"

    /// The reload script. It keeps the reader's scroll position across the reload.
    static let script = """
        (function () {
          document.documentElement.dataset.preview = "live";
          var meta = document.querySelector('meta[name="minima-preview"]');
          var shown = meta ? meta.content : "";
          var key = "minima-preview-scroll";
          var y = sessionStorage.getItem(key);
          if (y !== null) { sessionStorage.removeItem(key); window.scrollTo(0, Number(y)); }
          var events = new EventSource("/events");
          events.addEventListener("open", function () { document.documentElement.dataset.previewConnected = "1"; });
          events.addEventListener("page", function (e) {
            if (e.data === shown) { return; }
            sessionStorage.setItem(key, String(window.scrollY));
            location.reload();
          });
          events.addEventListener("progress", function (e) {
            var panel = document.getElementById("minima-preview-progress");
            if (!panel) { return; }
            panel.textContent = e.data;
            panel.hidden = e.data === "";
          });
        })();
        """

    /// `'sha256-…'`: the CSP source that allows `script` and nothing else.
    static let scriptSource: String = {
        "'sha256-" + Data(SHA256.hash(data: Data(script.utf8))).base64EncodedString() + "'"
    }()

    /// What the preview adds to the report's policy: the script by hash, and the event stream.
    static let policyAddition = "; script-src \(scriptSource); connect-src 'self'"

    static let style = """
        #minima-preview-overlay { position: fixed; inset: 1rem 1rem auto 1rem; z-index: 1000; max-height: 80vh;
          overflow: auto; padding: 1rem 1.25rem; border: 2px solid #b3261e; border-radius: 6px;
          background: #fff4f2; color: #410e0b; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
        #minima-preview-overlay h2 { margin: 0 0 .5rem; font-size: 1.05rem; }
        #minima-preview-overlay pre { margin: 0; white-space: pre-wrap; font-size: .85rem; }
        #minima-preview-progress { position: fixed; right: 1rem; bottom: 1rem; z-index: 999; margin: 0;
          max-width: calc(100vw - 2rem); overflow: auto; padding: .5rem .75rem; border-radius: 6px;
          background: #1f1f1f; color: #f2f2f2; font-size: .8rem; opacity: .92; }
        """

    /// The served HTML document.
    func render() -> String {
        var page = report ?? placeholder()
        let head = HTML.fragment([
            .void("meta", ["name": Self.generationName, "content": String(generation)]),
            .element("style", [:], text: Self.style),
        ]).render()
        page = Self.insert(head, before: "</head>", in: page)
        page = Self.allowScript(in: page)
        var tail: [HTML] = []
        if !diagnostics.isEmpty {
            tail.append(.element("div", ["id": Self.overlayID, "role": "alert"], [
                .element("h2", [:], text: report == nil
                    ? "The notebook has errors; nothing has rendered yet."
                    : "The notebook has errors; this is the last page that rendered."),
                .element("pre", [:], text: diagnostics.joined(separator: "\n")),
            ]))
        }
        let lines = progress.joined(separator: "\n")
        tail.append(.element("pre", ["id": Self.progressID, "role": "status", "hidden": progress.isEmpty ? "" : nil],
                             text: lines))
        // The script has no `& < >`, so the escaping builder writes it unchanged and its hash holds
        // (a test checks it).
        tail.append(.element("script", [:], text: Self.script))
        return Self.insert(HTML.fragment(tail).render(), before: "</body>", in: page)
    }

    /// A page for the time before the first render (or when the first one fails).
    private func placeholder() -> String {
        let doc = HTML.element("html", ["lang": "en"], [
            .element("head", [:], [
                .void("meta", ["charset": "utf-8"]),
                .void("meta", ["http-equiv": "Content-Security-Policy",
                               "content": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"]),
                .element("title", [:], text: "\(notebook) — preview"),
            ]),
            .element("body", [:], [.element("main", [:], [
                .element("p", [:], text: diagnostics.isEmpty ? "Rendering \(notebook)…" : "\(notebook) has not rendered yet."),
            ])]),
        ])
        return "<!DOCTYPE html>\n" + doc.render() + "\n"
    }

    /// `page` with `fragment` before the last `marker` (at the end when there is none).
    static func insert(_ fragment: String, before marker: String, in page: String) -> String {
        guard let range = page.range(of: marker, options: .backwards) else { return page + fragment }
        return page.replacingCharacters(in: range.lowerBound..<range.lowerBound, with: fragment)
    }

    /// The page with its Content-Security-Policy widened by `policyAddition` (the report's own
    /// policy forbids every script).
    static func allowScript(in page: String) -> String {
        let opening = "<meta http-equiv=\"Content-Security-Policy\" content=\""
        guard let start = page.range(of: opening),
              let end = page.range(of: "\"", range: start.upperBound..<page.endIndex) else {
            return insert("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\(policyAddition)\">",
                          before: "</head>", in: page)
        }
        return page.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: policyAddition)
    }
}
