/// The chart style sheet: every colour and font through CSS variables, so charts follow the
/// theme. The page embeds it once; a standalone `.svg` file embeds it with its own variables.
enum ChartStyle {
    /// Variables for the light theme, then the dark one under `prefers-color-scheme: dark`.
    static var variables: String {
        func block(_ selector: String, fg: String, muted: String, grid: String, bg: String, ref: String, series: [String],
                   dark: Bool) -> String {
            var s = "\(selector) {\n  --fg: \(fg);\n  --muted: \(muted);\n  --grid: \(grid);\n  --bg: \(bg);\n  --ref: \(ref);\n"
            for (i, c) in series.enumerated() { s += "  --series-\(i): \(c);\n" }
            for (i, c) in Palette.rampColors(dark: dark).enumerated() { s += "  --ramp-\(i): \(c);\n" }
            return s + "}\n"
        }
        return block(":root", fg: "#1b1b1b", muted: "#5c5c5c", grid: "#e6e6e6", bg: "#ffffff", ref: "#6b6b6b",
                     series: Palette.lightCategories, dark: false)
            + "@media (prefers-color-scheme: dark) {\n"
            + block(":root", fg: "#e8e8e8", muted: "#a8a8a8", grid: "#343434", bg: "#161616", ref: "#9a9a9a",
                    series: Palette.darkCategories, dark: true)
            + "}\n"
    }

    /// Rules for the chart classes.
    static let rules = """
        svg.chart { max-width: 100%; height: auto; font-family: \(TextMetrics.fontFamily); }
        svg.chart text { fill: var(--fg); }
        svg.chart .background { fill: var(--bg); }
        svg.chart .tick, svg.chart .panel-title { fill: var(--muted); }
        svg.chart .chart-title { font-weight: 600; }
        svg.chart .grid line { stroke: var(--grid); stroke-width: 1; }
        svg.chart .axis path, svg.chart .axis line { stroke: var(--muted); stroke-width: 1; fill: none; }
        svg.chart .axis line.minor { stroke-width: 0.75; }
        svg.chart path.series { fill: none; stroke-width: 1.8; stroke-linejoin: round; stroke-linecap: round; }
        svg.chart path.dashed { stroke-dasharray: 6 3; }
        svg.chart path.reference-series { stroke-width: 1.4; }
        svg.chart path.ref-0 { stroke-dasharray: 5 3; }
        svg.chart path.ref-1 { stroke-dasharray: 1.5 2.5; }
        svg.chart path.ref-2 { stroke-dasharray: 8 3 2 3; }
        svg.chart .reference { fill: none; stroke: var(--ref); stroke-width: 1.2; stroke-dasharray: 5 4; }
        svg.chart .reference-label { fill: var(--ref); font-size: 11px; }
        svg.chart .band { opacity: 0.18; stroke: none; }
        svg.chart .mark { stroke: var(--bg); stroke-width: 0.8; fill-opacity: 0.9; }
        svg.chart .mark.hollow { fill-opacity: 0.22; stroke-width: 1.5; }
        svg.chart path.replicate { stroke-width: 0.9; opacity: 0.55; }
        svg.chart .replicate-mark { fill: none; stroke-width: 1; opacity: 0.7; }
        svg.chart .legend-title { font-weight: 600; }
        svg.chart .errorbar { stroke-width: 1; opacity: 0.7; }
        svg.chart .diverged { fill: none; stroke-width: 2.2; stroke-linecap: round; }
        svg.chart .annotation circle { fill: var(--fg); }
        svg.chart .annotation text { font-style: italic; }
        svg.chart .colorbar rect { stroke: var(--muted); stroke-width: 0.5; }
        svg.chart .colorbar-tick { stroke: var(--muted); }

        """

    /// Variables and rules together, for a standalone SVG file.
    static var css: String { "\n" + variables + rules }
}
