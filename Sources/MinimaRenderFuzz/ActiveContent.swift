/// Finds active content in a page or SVG file with a small HTML tokenizer (comments, tags with
/// quoted or bare attribute values; the text of `style` and `title` is scanned as markup too,
/// which can only flag more): a `<script>` other than the page's one
/// inert `<script type="application/json" id="minima-provenance">` (whose JSON is skipped), elements that load or run
/// something (`iframe`, `object`, `embed`, `base`, `form`, …, `meta http-equiv=refresh`), an
/// `on*` or `srcdoc` attribute, a `javascript:`/`vbscript:`/`data:text/html` value (after
/// decoding character references and dropping whitespace, as browsers do); for a page, also a
/// missing Content-Security-Policy meta.
enum ActiveContent {
    static let forbiddenElements: Set<String> = ["iframe", "frame", "frameset", "object", "embed", "applet", "base",
                                                 "form", "link", "portal", "handler", "listener"]

    static func problems(in html: String, page: Bool) -> [String] {
        let b = Array(html.utf8)
        var problems: [String] = []
        var provenance = 0
        var csp = false
        var i = 0
        func starts(_ s: String, at j: Int) -> Bool {
            let p = Array(s.utf8)
            guard j + p.count <= b.count else { return false }
            for k in 0..<p.count where lower(b[j + k]) != p[k] { return false }
            return true
        }
        func find(_ s: String, from j: Int) -> Int? {
            var k = j
            while k < b.count { if starts(s, at: k) { return k }; k += 1 }
            return nil
        }
        while i < b.count {
            guard b[i] == UInt8(ascii: "<"), i + 1 < b.count else { i += 1; continue }
            if starts("<!--", at: i) {
                guard let end = find("-->", from: i + 4) else { problems.append("unterminated comment"); break }
                i = end + 3
                continue
            }
            if b[i + 1] == UInt8(ascii: "!") || b[i + 1] == UInt8(ascii: "?") || b[i + 1] == UInt8(ascii: "/") {
                i = (find(">", from: i) ?? b.count) + 1
                continue
            }
            guard isLetter(b[i + 1]) else { i += 1; continue }
            // A start tag: name, then attributes.
            var j = i + 1
            while j < b.count, !isSpace(b[j]), b[j] != UInt8(ascii: "/"), b[j] != UInt8(ascii: ">") { j += 1 }
            let name = String(decoding: b[(i + 1)..<j].map(lower), as: UTF8.self)
            var attributes: [(String, String)] = []
            while j < b.count, b[j] != UInt8(ascii: ">") {
                if isSpace(b[j]) || b[j] == UInt8(ascii: "/") { j += 1; continue }
                let start = j
                while j < b.count, !isSpace(b[j]), b[j] != UInt8(ascii: "/"), b[j] != UInt8(ascii: ">"),
                      b[j] != UInt8(ascii: "=") || j == start { j += 1 }
                let attribute = String(decoding: b[start..<j].map(lower), as: UTF8.self)
                var k = j
                while k < b.count, isSpace(b[k]) { k += 1 }
                var value = ""
                if k < b.count, b[k] == UInt8(ascii: "=") {
                    k += 1
                    while k < b.count, isSpace(b[k]) { k += 1 }
                    if k < b.count, b[k] == UInt8(ascii: "\"") || b[k] == UInt8(ascii: "'") {
                        let quote = b[k]
                        var e = k + 1
                        while e < b.count, b[e] != quote { e += 1 }
                        value = String(decoding: b[min(k + 1, b.count)..<min(e, b.count)], as: UTF8.self)
                        j = e + 1
                    } else {
                        var e = k
                        while e < b.count, !isSpace(b[e]), b[e] != UInt8(ascii: ">") { e += 1 }
                        value = String(decoding: b[k..<e], as: UTF8.self)
                        j = e
                    }
                }
                attributes.append((attribute, decode(value)))   // as a browser reads it
            }
            i = j + 1
            let tag = "<\(name)\(attributes.map { " \($0.0)=\"\($0.1.prefix(60))\"" }.joined())>"
            for (attribute, value) in attributes {
                if attribute.hasPrefix("on") || attribute == "srcdoc" { problems.append("attribute \(attribute) in \(tag)") }
                let url = value.filter { !$0.isWhitespace && !($0.asciiValue.map { $0 < 0x20 } ?? false) }.lowercased()
                if url.hasPrefix("javascript:") || url.hasPrefix("vbscript:") || url.hasPrefix("data:text/html")
                    || url.contains("url(javascript:") {
                    problems.append("script URL in \(tag)")
                }
            }
            let attribute = { (key: String) in attributes.first { $0.0 == key }?.1 }
            if forbiddenElements.contains(name) { problems.append("element \(tag)") }
            if name == "meta", let equiv = attribute("http-equiv")?.lowercased() {
                if equiv == "refresh" || equiv == "set-cookie" { problems.append("element \(tag)") }
                if equiv == "content-security-policy", let content = attribute("content"),
                   content.hasPrefix("default-src 'none';"), !content.contains("script-src") { csp = true }
            }
            if name == "script" {
                let inert = page && attributes.count == 2 && attribute("type") == "application/json"
                    && attribute("id") == "minima-provenance"
                if !inert { problems.append("element \(tag)") } else { provenance += 1 }
                guard let end = find("</script", from: i) else { problems.append("unterminated \(tag)"); break }
                // JSON that could end or re-open the script early must be escaped.
                let body = String(decoding: b[i..<end], as: UTF8.self).lowercased()
                if body.contains("<!--") || body.contains("<script") { problems.append("unescaped markup inside \(tag)") }
                i = end
            }
        }
        if page {
            if provenance != 1 { problems.append("\(provenance) provenance scripts (expected 1)") }
            if !csp { problems.append("no Content-Security-Policy meta with default-src 'none'") }
        }
        return problems
    }

    /// Character references a browser decodes in attribute values (numeric ones, and the named
    /// ones that could spell a scheme).
    static func decode(_ value: String) -> String {
        guard value.contains("&") else { return value }
        let named = ["colon": ":", "tab": "\t", "newline": "\n", "amp": "&", "lt": "<", "gt": ">", "quot": "\"",
                     "apos": "'", "sol": "/", "lpar": "(", "rpar": ")", "period": "."]
        var out = ""
        var chars = Substring(value)
        while let amp = chars.firstIndex(of: "&") {
            out += chars[..<amp]
            var rest = chars[chars.index(after: amp)...]
            if rest.first == "#" {
                rest = rest.dropFirst()
                let hex = rest.first == "x" || rest.first == "X"
                if hex { rest = rest.dropFirst() }
                let digits = rest.prefix { hex ? $0.isHexDigit : $0.isNumber }
                if let code = UInt32(digits, radix: hex ? 16 : 10), let scalar = Unicode.Scalar(code) {
                    out.unicodeScalars.append(scalar)
                    rest = rest.dropFirst(digits.count)
                    if rest.first == ";" { rest = rest.dropFirst() }
                    chars = rest
                    continue
                }
            } else {
                let word = rest.prefix { $0.isLetter }
                if let replacement = named[word.lowercased()] {
                    out += replacement
                    rest = rest.dropFirst(word.count)
                    if rest.first == ";" { rest = rest.dropFirst() }
                    chars = rest
                    continue
                }
            }
            out += "&"
            chars = chars[chars.index(after: amp)...]
        }
        return out + chars
    }

    private static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }
    private static func isLetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
    private static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 12 || c == 13 }
}
