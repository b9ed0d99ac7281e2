extension ResultTable {
    /// The table as CSV (RFC 4180): a header line, then one line per row, `\n` line ends.
    ///
    /// Numbers use `exportNumber` (integers without a decimal point, others in the shortest
    /// form that reads back to the same `Double`); non-finite numbers are `nan`, `inf`, `-inf`;
    /// missing cells are empty. Fields holding a comma, quote or line break are quoted. Text
    /// (headers and text cells, never numbers) starting with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return gets a leading `'`, so a spreadsheet shows it as text instead of
    /// evaluating it as a formula (`-1` as a number stays `-1`).
    public func csv() -> String {
        func field(_ text: String) -> String {
            let s = Self.formulaGuarded(text)
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var lines = [columns.map(field).joined(separator: ",")]
        for row in rows {
            lines.append(row.map { cell in
                switch cell {
                case .number(let x): return Self.exportNumber(x)
                case .text(let s): return field(s)
                case .missing: return ""
                }
            }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` with a leading `'` when a spreadsheet would read it as a formula.
    static func formulaGuarded(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    /// The table as JSON: an array with one object per row, keys sorted, one row per line.
    ///
    /// Numbers as in `csv()`; non-finite numbers are the strings `"nan"`, `"inf"`, `"-inf"`
    /// (as `Cell` encodes them); missing cells are `null`. Deterministic bytes.
    public func json() -> String {
        let order = columns.indices.sorted { columns[$0] < columns[$1] }
        let objects = rows.map { row in
            "  {" + order.map { i in
                let value: String
                switch row[i] {
                case .number(let x) where x.isFinite: value = Self.exportNumber(x)
                case .number(let x): value = Self.jsonString(Self.exportNumber(x))
                case .text(let s): value = Self.jsonString(s)
                case .missing: value = "null"
                }
                return Self.jsonString(columns[i]) + ": " + value
            }.joined(separator: ", ") + "}"
        }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    /// A number for CSV/JSON: `32`, `0.1`, `1e-05`, `nan`, `inf`, `-inf`; never `-0`.
    public static func exportNumber(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// `s` as a JSON string literal, safe to embed in `<script type="application/json">`
    /// (`<`, `>`, `&`, U+2028 and U+2029 are escaped).
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"  // safe inside <script type="application/json">
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
