import Foundation
import Notebook

/// Number formatting for people (tables, tick labels, legends), locale-free and without
/// exponents in e-notation: small or large magnitudes use `×10⁻⁵`-style superscripts.
enum NumberText {
    /// `x` with `digits` significant digits: `0.0123`, `12.3`, `1230` (integers never lose
    /// digits: 12345 stays `12345`), `1.23×10⁻⁵` below 1e-4, `1.23×10⁷` from 1e7 up.
    /// Trailing zeros are kept (`0.500`) unless `trimmed`, so a column reads with one precision.
    /// `scientific` forces the ×10ⁿ form (for a column that needs it anywhere).
    static func significant(_ x: Double, digits: Int, trimmed: Bool = false, scientific: Bool = false) -> String {
        if let special = nonFinite(x) { return special }
        if x == 0 { return "0" }
        let magnitude = Int(floor(log10(abs(x))))
        if scientific || magnitude < -4 || magnitude >= 7 {
            let mantissa = x / pow(10, Double(magnitude))
            var m = trimmed ? svgNumber(mantissa, decimals: max(0, digits - 1)) : fixed(mantissa, decimals: max(0, digits - 1))
            if Double(m).map({ abs($0) >= 10 }) ?? false {  // rounding carried into the next decade
                return significant(x < 0 ? -pow(10, Double(magnitude + 1)) : pow(10, Double(magnitude + 1)),
                                   digits: digits, trimmed: trimmed, scientific: scientific)
            }
            if m == "1" { m = "" } else if m == "-1" { m = "-" } else { m += "×" }
            return m + "10" + superscript(magnitude)
        }
        let decimals = min(12, max(0, digits - 1 - magnitude))
        let rounded = svgNumber(x, decimals: decimals)
        if trimmed { return rounded }
        // Rounding may carry into the next power of ten (0.9996 → 1.000): recount the places.
        let carried = Double(rounded).map { Int(floor(log10(abs($0)))) } ?? magnitude
        return fixed(x, decimals: min(12, max(0, digits - 1 - max(magnitude, carried))))
    }

    /// `x` with exactly `decimals` places kept where non-zero (trailing zeros are kept so a
    /// column lines up): `fixed(0.5, 3) == "0.500"`.
    static func fixed(_ x: Double, decimals: Int) -> String {
        if let special = nonFinite(x) { return special }
        let s = svgNumber(x, decimals: min(decimals, 12))
        guard decimals > 0 else { return s }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return String(parts[0]) + "." + fraction + String(repeating: "0", count: max(0, decimals - fraction.count))
    }

    /// The decimal places that `significant(x, digits:)` would show, for aligning a ± std.
    static func decimals(of x: Double, digits: Int) -> Int {
        guard x.isFinite, x != 0 else { return 0 }
        return max(0, min(12, digits - 1 - Int(floor(log10(abs(x))))))
    }

    /// `-3` → `⁻³`.
    static func superscript(_ n: Int) -> String {
        let map: [Character: String] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵",
                                        "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        return String(n).map { map[$0] ?? String($0) }.joined()
    }

    /// A compact label for a key value in a legend: integers plain, others 3 significant digits.
    static func compact(_ cell: Cell) -> String {
        switch cell {
        case .number(let x) where x.isFinite && x == x.rounded() && abs(x) < 1e7:
            return svgNumber(x, decimals: 0)
        case .number(let x):
            return significant(x, digits: 3, trimmed: true)
        case .text(let s): return s
        case .missing: return "–"
        }
    }

    private static func nonFinite(_ x: Double) -> String? {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "∞" : "−∞" }
        return nil
    }
}
