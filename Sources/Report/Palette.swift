import Foundation

/// Colours and marker shapes. Category colours are CSS variables (`--series-0` …) defined per
/// theme by the page style; the continuous palette is viridis, perceptually uniform and
/// readable in grey, as fixed colours.
enum Palette {
    /// How many distinct category colours the themes define.
    static let categoryCount = 8

    /// Light-theme category colours (Okabe–Ito, with brown and grey in place of yellow and black).
    static let lightCategories = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
                                  "#8c564b", "#7f7f7f"]
    /// Dark-theme category colours: the same hues, lighter.
    static let darkCategories = ["#5aa9e6", "#ff8c42", "#2ecc9a", "#e69bd0", "#f5c342", "#9fd3f5",
                                 "#c49a8a", "#b0b0b0"]

    /// Viridis at eleven evenly spaced stops (matplotlib's table, rounded to 8 bits).
    static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 36, 117), (65, 68, 135), (53, 95, 141), (42, 120, 142), (33, 145, 140),
        (34, 168, 132), (68, 191, 112), (122, 209, 81), (189, 223, 38), (253, 231, 37),
    ]

    /// Steps of the themed ramp (CSS variables `--ramp-0` … `--ramp-20`).
    static let rampSteps = 21

    /// The ramp step for `t` ∈ [0, 1]: 21 steps are finer than the eye separates on a chart.
    static func ramp(_ t: Double) -> MarkColor {
        .ramp(Int((min(max(t.isFinite ? t : 0, 0), 1) * Double(rampSteps - 1)).rounded()))
    }

    /// The ramp's colours in a theme: viridis on [0, 0.8] on light pages (its pale yellow-greens
    /// fade on white), on [0.22, 1] on dark pages (its darkest purples vanish on black).
    static func rampColors(dark: Bool) -> [String] {
        (0..<rampSteps).map { k in
            let t = Double(k) / Double(rampSteps - 1)
            return viridis(dark ? 0.22 + 0.78 * t : 0.8 * t)
        }
    }

    /// The viridis colour at `t` ∈ [0, 1] (clamped), as `#rrggbb`; linear between stops.
    static func viridis(_ t: Double) -> String {
        let u = min(max(t.isFinite ? t : 0, 0), 1) * Double(viridis.count - 1)
        let i = min(Int(u), viridis.count - 2)
        let f = u - Double(i)
        let a = viridis[i], b = viridis[i + 1]
        func channel(_ x: Double, _ y: Double) -> String {
            let v = Int((x + (y - x) * f).rounded())
            let hex = String(v, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + channel(a.0, b.0) + channel(a.1, b.1) + channel(a.2, b.2)
    }
}

/// The shape of a scatter marker or a line's point markers.
enum MarkerShape: Int, Hashable, Sendable, CaseIterable {
    case circle, square, triangle, diamond, triangleDown, plus, star

    /// An SVG path centred on (x, y) with radius about `r`.
    func path(x: Double, y: Double, r: Double) -> String {
        func p(_ dx: Double, _ dy: Double) -> String { svgNumber(x + dx) + "," + svgNumber(y + dy) }
        switch self {
        case .circle:
            return "M" + p(-r, 0) + "A" + svgNumber(r) + "," + svgNumber(r) + " 0 1,0 " + p(r, 0)
                + "A" + svgNumber(r) + "," + svgNumber(r) + " 0 1,0 " + p(-r, 0) + "Z"
        case .square:
            let s = r * 0.89
            return "M" + p(-s, -s) + "L" + p(s, -s) + "L" + p(s, s) + "L" + p(-s, s) + "Z"
        case .triangle:
            let s = r * 1.2
            return "M" + p(0, -s) + "L" + p(s * 0.87, s * 0.5) + "L" + p(-s * 0.87, s * 0.5) + "Z"
        case .triangleDown:
            let s = r * 1.2
            return "M" + p(0, s) + "L" + p(s * 0.87, -s * 0.5) + "L" + p(-s * 0.87, -s * 0.5) + "Z"
        case .diamond:
            let s = r * 1.25
            return "M" + p(0, -s) + "L" + p(s, 0) + "L" + p(0, s) + "L" + p(-s, 0) + "Z"
        case .plus:
            let s = r * 1.1, w = r * 0.35
            return "M" + p(-w, -s) + "L" + p(w, -s) + "L" + p(w, -w) + "L" + p(s, -w) + "L" + p(s, w)
                + "L" + p(w, w) + "L" + p(w, s) + "L" + p(-w, s) + "L" + p(-w, w) + "L" + p(-s, w)
                + "L" + p(-s, -w) + "L" + p(-w, -w) + "Z"
        case .star:
            var d = ""
            for k in 0..<10 {
                let angle = Double(k) * Double.pi / 5 - Double.pi / 2
                let radius = k % 2 == 0 ? r * 1.3 : r * 0.55
                d += (k == 0 ? "M" : "L") + p(radius * cos(angle), radius * sin(angle))
            }
            return d + "Z"
        }
    }

    /// The cross drawn at a diverged run's last finite point, as a path of two strokes.
    static func cross(x: Double, y: Double, r: Double) -> String {
        func p(_ dx: Double, _ dy: Double) -> String { svgNumber(x + dx) + "," + svgNumber(y + dy) }
        return "M" + p(-r, -r) + "L" + p(r, r) + "M" + p(-r, r) + "L" + p(r, -r)
    }
}
