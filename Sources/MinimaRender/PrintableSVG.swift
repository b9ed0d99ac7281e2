import Foundation

/// A figure's standalone SVG made printable for `rsvg-convert`, which does not implement CSS
/// custom properties: every `var(--name)` (and `var(--name, fallback)`) is replaced by its value
/// from the light theme's first `:root { … }` block, and the dark theme's
/// `@media (prefers-color-scheme: dark) { … }` block is removed (a PDF is for paper). Without it
/// every fill and stroke falls back to black.
///
/// ```swift
/// PrintableSVG.resolved("<style>:root { --fg: #111; }\ntext { fill: var(--fg); }</style>")
/// // "<style>:root { --fg: #111; }\ntext { fill: #111; }</style>"
/// ```
/// - Complexity: O(*n*) in the length of the SVG.
enum PrintableSVG {
    static func resolved(_ svg: String) -> String {
        var text = svg
        // The dark theme: drop the whole block (its braces are balanced).
        while let media = text.range(of: "@media (prefers-color-scheme: dark)") {
            guard let open = text[media.upperBound...].firstIndex(of: "{") else { break }
            var depth = 0, end = open
            var i = open
            while i < text.endIndex {
                if text[i] == "{" { depth += 1 }
                if text[i] == "}" { depth -= 1; if depth == 0 { end = i; break } }
                i = text.index(after: i)
            }
            guard depth == 0 else { break }
            text.removeSubrange(media.lowerBound...end)
        }
        // The light theme's values.
        var values: [String: String] = [:]
        if let root = text.range(of: ":root {"), let close = text[root.upperBound...].firstIndex(of: "}") {
            for declaration in text[root.upperBound..<close].split(separator: ";") {
                let parts = declaration.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let name = parts[0].trimmingCharacters(in: .whitespacesAndNewlines)
                if name.hasPrefix("--") { values[name] = parts[1].trimmingCharacters(in: .whitespacesAndNewlines) }
            }
        }
        // Every var(…), innermost first is not needed: values hold no var().
        var out = "", rest = Substring(text)
        while let start = rest.range(of: "var(") {
            out += rest[..<start.lowerBound]
            guard let close = rest[start.upperBound...].firstIndex(of: ")") else { rest = rest[start.lowerBound...]; break }
            let inside = rest[start.upperBound..<close]
            let parts = inside.split(separator: ",", maxSplits: 1)
            let name = parts.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let fallback = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
            out += values[name] ?? fallback ?? "currentColor"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
