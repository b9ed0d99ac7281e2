/// Widths of chart text from real font metrics, so layout makes room for every label.
///
/// Charts name the font stack in `TextMetrics.fontFamily`; `FontMetricsTable` (generated from
/// the fonts' files by `Tests/Tools/generate-font-metrics.py`) holds, per character, the widest advance
/// over those fonts. A string's width is the sum of its characters' advances, so it is an upper
/// bound for any font of the stack (kerning and ligatures only narrow text). A character none of
/// the fonts has (CJK, emoji) counts as `fallbackEm` em, wider than the fonts that draw them.
///
/// - Complexity: O(*n*·log *r*) for a string of *n* scalars and *r* runs in the table.
enum TextMetrics {
    /// The font stack charts name, in CSS syntax.
    static let fontFamily = "Arial, \"Liberation Sans\", Helvetica, \"DejaVu Sans\", sans-serif"
    /// The advance, in em, of a character the table lacks.
    static let fallbackEm = 1.3

    /// The width in CSS pixels of `text` set at `size` pixels.
    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        let table = bold ? FontMetricsTable.bold : FontMetricsTable.regular
        var thousandths = 0.0
        for scalar in text.unicodeScalars {
            // Combining marks and variation selectors add no advance of their own.
            if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.isVariationSelector
                || scalar.value == 0x200D { continue }
            thousandths += advance(of: scalar.value, in: table).map(Double.init) ?? fallbackEm * 1000
        }
        return thousandths * size / 1000
    }

    private static func advance(of code: UInt32, in table: [(start: UInt32, widths: [UInt16])]) -> UInt16? {
        var lo = 0, hi = table.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let run = table[mid]
            if code < run.start {
                hi = mid - 1
            } else if code >= run.start + UInt32(run.widths.count) {
                lo = mid + 1
            } else {
                return run.widths[Int(code - run.start)]
            }
        }
        return nil
    }

    /// `text` broken at spaces into lines no wider than `maxWidth` (a word wider than that is
    /// broken between characters, so no line ever exceeds it).
    static func wrap(_ text: String, maxWidth: Double, size: Double, bold: Bool = false) -> [String] {
        guard width(text, size: size, bold: bold) > maxWidth else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if width(candidate, size: size, bold: bold) <= maxWidth {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current) }
            current = ""
            for ch in word {
                let next = current + String(ch)
                if !current.isEmpty && width(next, size: size, bold: bold) > maxWidth {
                    lines.append(current)
                    current = String(ch)
                } else {
                    current = next
                }
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
