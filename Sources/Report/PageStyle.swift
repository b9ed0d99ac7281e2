/// The report's one inline style sheet: paper-like typography, light and dark themes through
/// `prefers-color-scheme`, print rules, and the chart rules of `ChartStyle`.
enum PageStyle {
    static var css: String {
        "\n" + ChartStyle.variables + pageVariables + rules + ChartStyle.rules + print
    }

    private static let pageVariables = """
        :root {
          color-scheme: light dark;
          --text: #1b1b1b;
          --link: #0b5cad;
          --rule: #d9d9d9;
          --code-bg: #f5f5f3;
          --error: #b3261e;
          --error-bg: #fdf1f0;
          --note: #5c5c5c;
          --pass: #1e7b34;
          --font: "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif;
          --serif: Charter, "Bitstream Charter", "Iowan Old Style", Georgia, "DejaVu Serif", serif;
          --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --text: #e4e4e4;
            --link: #8ab8f0;
            --rule: #3a3a3a;
            --code-bg: #202020;
            --error: #ff8a80;
            --error-bg: #2c1715;
            --note: #a8a8a8;
            --pass: #7bd88f;
          }
        }

        """

    private static let rules = """
        html { background: var(--bg); color: var(--text); }
        body { margin: 0 auto; max-width: 48rem; padding: 2.5rem 1.5rem 4rem; font: 17px/1.6 var(--serif); }
        a { color: var(--link); }
        h1, h2, h3, h4 { font-family: var(--font); line-height: 1.25; margin: 2em 0 0.6em; }
        h1 { font-size: 1.9rem; }
        h2 { font-size: 1.35rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2em; }
        h3 { font-size: 1.12rem; }
        .title-block { margin-bottom: 2rem; }
        .title-block h1 { margin: 0 0 0.4rem; font-size: 2.1rem; }
        .byline { margin: 0; color: var(--note); font-family: var(--font); font-size: 0.95rem; }
        .rendered-with { margin: 0.2rem 0 0; color: var(--note); font-family: var(--font); font-size: 0.85rem; }
        a.computed { color: inherit; text-decoration: underline dotted var(--link); text-underline-offset: 0.2em; }
        .computed-error, .claim-failed, .claim-undecided { color: var(--error); }
        .claim { font-family: var(--font); font-size: 0.9em; white-space: nowrap; }
        .claim a { color: inherit; text-decoration: underline dotted var(--link); }
        .claim-mark { font-weight: bold; }
        .claim-passed .claim-mark { color: var(--pass); }
        .claim-notChecked .claim-mark, li.claim-notChecked { color: var(--note); }
        section.claims { font-family: var(--font); font-size: 0.92rem; border: 1px solid var(--rule); border-radius: 6px; padding: 0.6rem 1.1rem; margin: 1rem 0 1.5rem; }
        section.claims h2 { font-size: 0.95rem; margin: 0.2rem 0 0.4rem; border: 0; padding: 0; }
        section.claims p { margin: 0 0 0.4rem; }
        ol.claims-list { margin: 0; padding-left: 1.4rem; }
        ol.claims-list code { font-size: 0.8rem; color: var(--note); }
        .claim-measured { color: var(--note); }
        nav.toc { font-family: var(--font); font-size: 0.92rem; border: 1px solid var(--rule); border-radius: 6px; padding: 0.6rem 1.1rem; margin: 0 0 2rem; }
        nav.toc h2 { font-size: 0.95rem; margin: 0.2rem 0 0.4rem; border: 0; padding: 0; }
        nav.toc ul { list-style: none; margin: 0; padding: 0; }
        nav.toc li.toc-level-3 { padding-left: 1.2rem; }
        nav.toc li.toc-level-4 { padding-left: 2.4rem; }
        code, pre { font-family: var(--mono); font-size: 0.86em; }
        pre { background: var(--code-bg); padding: 0.7rem 0.9rem; border-radius: 5px; overflow-x: auto; line-height: 1.45; }
        :not(pre) > code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 3px; }
        math { font-size: 1.05em; }
        math[display="block"] { margin: 1em 0; }
        .math-fallback { color: var(--error); }
        section.step { margin: 1.6rem 0; }
        details.step-source, div.step-source { font-family: var(--font); font-size: 0.85rem; margin: 0 0 0.6rem; }
        details.step-source > summary, .step-head { cursor: pointer; color: var(--note); }
        .step-kind { font-weight: 600; color: var(--text); }
        .step-id { font-family: var(--mono); }
        .step-position { float: right; font-family: var(--mono); font-size: 0.8rem; }
        details.step-source pre, div.step-source pre { margin: 0.4rem 0 0; }
        .step-summary { font-family: var(--font); font-size: 0.9rem; }
        .step-notes { margin: 0.3rem 0; padding-left: 1.2rem; }
        .step-provenance, .step-note, p.note { color: var(--note); font-family: var(--font); font-size: 0.85rem; margin: 0.3rem 0; }
        .step-chart { margin: 0.5rem 0; }
        figure { margin: 2rem 0; }
        figure.figure { margin-left: -2rem; margin-right: -2rem; }
        figure svg.chart { display: block; margin: 0 auto; }
        .chart-scroll svg.chart { min-width: var(--chart-min-width, 0); }
        figcaption { font-family: var(--font); font-size: 0.9rem; line-height: 1.45; margin: 0.5rem 2rem 0; }
        figure.table-figure figcaption { margin: 0 0 0.5rem; }
        figcaption a.label { font-weight: 700; color: inherit; text-decoration: none; }
        figcaption .files a { font-size: 0.8rem; color: var(--note); }
        figure.figure p.note { margin: 0.2rem 2rem; }
        details.figure-data { font-family: var(--font); font-size: 0.8rem; margin: 0.4rem 2rem 0; color: var(--note); }
        details.figure-data table { color: var(--text); }
        .table-scroll, .chart-scroll { overflow-x: auto; max-width: 100%; background: linear-gradient(to right, var(--bg) 30%, transparent) left / 2.5rem 100% no-repeat local, linear-gradient(to left, var(--bg) 30%, transparent) right / 2.5rem 100% no-repeat local, radial-gradient(farthest-side at 0 50%, var(--note), transparent) left / 0.7rem 100% no-repeat scroll, radial-gradient(farthest-side at 100% 50%, var(--note), transparent) right / 0.7rem 100% no-repeat scroll; scrollbar-width: thin; scrollbar-color: var(--note) transparent; }
        .table-scroll table.results th:first-child, .table-scroll table.results td:first-child { position: sticky; left: 0; z-index: 1; background: var(--bg); box-shadow: 1px 0 0 var(--rule); }
        table.results { border-collapse: collapse; font-family: var(--font); font-size: 0.88rem; margin: 0.4rem 0; font-variant-numeric: tabular-nums; }
        table.results th, table.results td { padding: 0.25rem 0.7rem; text-align: left; white-space: nowrap; }
        table.results thead th { border-top: 1.5px solid var(--text); border-bottom: 1px solid var(--text); font-weight: 600; }
        table.results tbody tr:last-child td { border-bottom: 1.5px solid var(--text); }
        table.results .num { text-align: right; }
        table.compact th, table.compact td { padding: 0.1rem 0.5rem; }
        .error-box { border-left: 4px solid var(--error); background: var(--error-bg); padding: 0.6rem 1rem; border-radius: 4px; font-family: var(--font); font-size: 0.9rem; }
        .error-box .error-title { margin: 0 0 0.4rem; color: var(--error); }
        .error-box pre { background: transparent; padding: 0; margin: 0.3rem 0; white-space: pre-wrap; }
        section.provenance { font-family: var(--font); font-size: 0.85rem; margin-top: 3rem; }
        dl.provenance-facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.2rem 1rem; }
        dl.provenance-facts dt { color: var(--note); }
        dl.provenance-facts dd { margin: 0; min-width: 0; }
        code.hash { overflow-wrap: anywhere; font-size: 0.8em; }
        .equation { display: flex; align-items: center; gap: 1rem; margin: 1em 0; }
        .equation math[display="block"] { flex: 1; margin: 0; }
        .equation-number { font-family: var(--font); }
        .citation a, a.xref { text-decoration-thickness: 1px; }
        section.references ol { padding-left: 1.4rem; font-size: 0.92rem; line-height: 1.45; }
        section.references li { margin: 0 0 0.5rem; overflow-wrap: anywhere; }
        @media (max-width: 52rem) {
          figure.figure { margin-left: 0; margin-right: 0; }
          figcaption, details.figure-data, figure.figure p.note { margin-left: 0; margin-right: 0; }
        }
        @media (max-width: 34rem) {
          body { padding: 1.2rem 0.9rem 3rem; font-size: 16px; }
          .title-block h1 { font-size: 1.6rem; }
          h1 { font-size: 1.5rem; }
          h2 { font-size: 1.2rem; }
          .step-position { float: none; display: block; }
          dl.provenance-facts { grid-template-columns: minmax(0, 1fr); gap: 0 0; }
          dl.provenance-facts dd { margin: 0 0 0.4rem; }
          .claim { white-space: normal; }
        }

        """

    private static let print = """
        @media print {
          :root { --bg: #ffffff; --fg: #000000; --text: #000000; --muted: #333333; --grid: #e0e0e0; --link: #000000; --code-bg: #f4f4f4; }
          body { max-width: none; padding: 0; font-size: 11pt; }
          nav.toc, details.step-source, details.figure-data, .files { display: none; }
          figure, table, .error-box { break-inside: avoid; }
          h2, h3 { break-after: avoid; }
          figure.figure { margin-left: 0; margin-right: 0; }
        }

        """
}
