import Foundation

/// The names of the files a report writes beside its page (in `OUTPUT/NAME/`), and the links
/// to them. This is the one place that maps a step to file names: the renderer writes and
/// links these names, and `minima check` reports steps whose names would collide.
///
/// - a plot: `ID.svg` and `ID.pdf` named by its id, or `fig-N.svg`/`fig-N.pdf` without one
///   (N counts plots in document order, as the figure numbers do; the page numbers them the same);
/// - a table: `table-N.csv`;
/// - a computing step with an id: `ID.csv` and `ID.json`, the id in Unicode NFC
///   (`Ωmega.csv`; ids hold only letters, digits, `-` and `_`, so no escaping is needed).
///
/// ```swift
/// OutputNames.stepFiles(id: "grid")                        // ["grid.csv", "grid.json"]
/// OutputNames.href(directory: "my notes", file: "Ωmega.csv") // "my%20notes/%CE%A9mega.csv"
/// ```
public enum OutputNames {
    /// The longest file name most file systems accept, in UTF-8 bytes.
    public static let maximumNameBytes = 255

    /// The base name of a figure's files: the plot step's id (`f1-sharpness`), or `fig-N` for
    /// a plot without one (N counts plots in document order, as the figure numbers do).
    public static func figureBase(number: Int, id: String?) -> String {
        id?.precomposedStringWithCanonicalMapping ?? "fig-\(number)"
    }

    /// A figure's standalone SVG and its PDF: `[BASE.svg, BASE.pdf]`.
    public static func figureFiles(number: Int, id: String?) -> [String] {
        let base = figureBase(number: number, id: id)
        return [base + ".svg", base + ".pdf"]
    }

    /// The CSV of table `number`.
    public static func table(_ number: Int) -> String { "table-\(number).csv" }

    /// A computing step's results: `[ID.csv, ID.json]`.
    public static func stepFiles(id: String) -> [String] {
        let base = id.precomposedStringWithCanonicalMapping
        return [base + ".csv", base + ".json"]
    }

    /// The files each step may write, in document order (empty for steps that write none).
    /// A computing step writes its files only when it completes; they are listed anyway.
    public static func files(of steps: [(kind: StepKind, explicitID: String?)]) -> [[String]] {
        var figures = 0, tables = 0
        return steps.map { step in
            switch step.kind {
            case .plot: figures += 1; return figureFiles(number: figures, id: step.explicitID)
            case .table: tables += 1; return [table(tables)]
            default: return step.explicitID.map(stepFiles(id:)) ?? []
            }
        }
    }

    /// The key under which two names collide on some file system: case-insensitive ones
    /// (macOS, Windows) and ones that normalise Unicode.
    public static func collisionKey(_ name: String) -> String {
        name.precomposedStringWithCanonicalMapping.lowercased()
    }

    /// A relative link `DIRECTORY/FILE`, each part percent-encoded (everything but ASCII
    /// letters, digits and `-._~`), so a name with a space, `#`, `%` or non-ASCII letters
    /// links to exactly the file written.
    public static func href(directory: String, file: String) -> String {
        percentEncoded(directory) + "/" + percentEncoded(file)
    }

    static func percentEncoded(_ part: String) -> String {
        var out = ""
        for byte in part.precomposedStringWithCanonicalMapping.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
