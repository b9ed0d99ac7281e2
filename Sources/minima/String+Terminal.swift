import Foundation

extension String {
    /// The text made safe to print on a terminal: control characters (C0 but newline and tab,
    /// DEL, C1 — ESC above all, which starts colour and cursor sequences) and the bidirectional
    /// overrides that reorder what is shown become visible escapes such as `\u{1B}`. A notebook
    /// can therefore not rewrite the screen through an id or a string quoted in a diagnostic.
    ///
    /// ```swift
    /// "step id '\u{1B}[2J' …".terminalSafe   // "step id '\\u{1B}[2J' …"
    /// ```
    var terminalSafe: String {
        var out = ""
        for scalar in unicodeScalars {
            let v = scalar.value
            let control = (v < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(v)
            let bidi = (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            if control || bidi {
                out += "\\u{" + String(v, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Lines for standard error, always passed through `terminalSafe`: the one way Minima prints
/// diagnostics, warnings and step failures.
enum StandardError {
    static func print(_ line: String) {
        FileHandle.standardError.write(Data((line.terminalSafe + "\n").utf8))
    }
}
