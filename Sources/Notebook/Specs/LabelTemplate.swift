import Foundation

/// Numbers in messages as written in YAML: `0.7`, `32`, `0.0001`.
enum NumberFormatting {
    static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}

/// A legend label template such as `"η={lr}, S={batch}"`: text with `{expression}` placeholders.
public enum LabelTemplate {
    /// The expressions inside braces, in order.
    public static func placeholders(in template: String) -> [String] {
        pieces(of: template).compactMap { if case .placeholder(let e) = $0 { return e } else { return nil } }
    }

    /// The template's literal text and placeholders in order.
    public enum Piece: Hashable, Sendable {
        case text(String)
        case placeholder(String)
    }

    /// Splits `template`; an unbalanced brace is kept as text (see `problem(in:)`).
    public static func pieces(of template: String) -> [Piece] {
        var out: [Piece] = []
        var text = "", inside: String?
        for ch in template {
            if var current = inside {
                if ch == "}" {
                    out.append(.placeholder(current.trimmingCharacters(in: .whitespaces)))
                    inside = nil
                } else {
                    current.append(ch)
                    inside = current
                }
            } else if ch == "{" {
                if !text.isEmpty { out.append(.text(text)); text = "" }
                inside = ""
            } else {
                text.append(ch)
            }
        }
        if let inside { text += "{" + inside }
        if !text.isEmpty { out.append(.text(text)) }
        return out
    }

    /// Why `template` is not a valid template (an unclosed `{`, a stray `}`, an empty `{}`), or nil.
    public static func problem(in template: String) -> String? {
        var depth = 0
        for ch in template {
            if ch == "{" {
                if depth > 0 { return "'label' has '{' inside a placeholder; write placeholders as {column}, e.g. \"η={lr}, S={batch}\"" }
                depth = 1
            } else if ch == "}" {
                if depth == 0 { return "'label' has a '}' without its '{'; write placeholders as {column}, e.g. \"η={lr}, S={batch}\"" }
                depth = 0
            }
        }
        if depth > 0 { return "'label' has a '{' without its '}'; write placeholders as {column}, e.g. \"η={lr}, S={batch}\"" }
        if placeholders(in: template).contains(where: \.isEmpty) { return "'label' has an empty placeholder '{}'; name a column inside, e.g. {batch}" }
        return nil
    }
}
