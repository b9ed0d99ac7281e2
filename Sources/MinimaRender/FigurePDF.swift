import Foundation
import Report
import Synchronization

/// Vector PDFs of the report's figures, converted from their SVG by `rsvg-convert` (Debian's
/// `librsvg2-bin`, which the Makefile installs), in the light theme with the CSS variables
/// resolved (`PrintableSVG`).
///
/// - Deterministic: cairo writes the creation date from `SOURCE_DATE_EPOCH`, which is set to
///   0 (or kept, when the environment sets it), so the same SVG gives the same PDF bytes.
/// - Cheap on re-render: a figure whose SVG bytes are what the previous render wrote keeps its
///   previous PDF (when that file still holds the bytes Minima wrote); only changed figures are
///   converted, two at a time.
/// - Without `rsvg-convert` the page is still written; the caller warns and links no PDF.
struct FigurePDF {
    /// The converter executable.
    let executable: URL
    /// What makes the PDFs: the converter's version and this pipeline's, recorded in the output
    /// manifest; a kept PDF must have been made by the same.
    var identity: String

    /// Bumped when `PrintableSVG` or the conversion's flags change what a PDF holds.
    static let pipelineVersion = "printable SVG 1"

    init(executable: URL, identity: String? = nil) {
        self.executable = executable
        self.identity = identity ?? Self.version(of: executable) + "; " + Self.pipelineVersion
    }

    /// `rsvg-convert --version`'s first line ("rsvg-convert version 2.54.7"), or "unknown".
    static func version(of executable: URL) -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--version"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "unknown" }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        return process.terminationStatus == 0 && !line.isEmpty ? line : "unknown"
    }

    /// `rsvg-convert` on `PATH` (or `MINIMA_RSVG_CONVERT`, for tests), nil when there is none.
    static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> FigurePDF? {
        if let explicit = environment["MINIMA_RSVG_CONVERT"] {
            return explicit.isEmpty || !FileManager.default.isExecutableFile(atPath: explicit)
                ? nil : FigurePDF(executable: URL(fileURLWithPath: explicit))
        }
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/rsvg-convert"
            if FileManager.default.isExecutableFile(atPath: path) { return FigurePDF(executable: URL(fileURLWithPath: path)) }
        }
        return nil
    }

    /// The warning printed when figures are drawn but no converter is installed.
    static let missingWarning = "warning: figure PDFs were not written: 'rsvg-convert' was not found; install it (Debian: apt-get install librsvg2-bin) and render again"

    /// The PDF of each SVG in `files` (by the SVG's name), reusing `previous(svgName, svgBytes)`
    /// when it returns the PDF an earlier render made from the same bytes.
    /// - Returns: The PDF files and a warning for each figure that could not be converted.
    func pdfs(for files: [OutputFile], previous: (String, Data) -> Data?) -> (files: [OutputFile], warnings: [String]) {
        let svgs = files.filter { $0.path.hasSuffix(".svg") }
        let results = Mutex<[Int: Result<Data, ConversionError>]>([:])
        var todo: [Int] = []
        for (i, svg) in svgs.enumerated() {
            if let kept = previous(svg.path, Data(svg.bytes)) { results.withLock { $0[i] = .success(kept) } } else { todo.append(i) }
        }
        let pending = todo
        DispatchQueue.concurrentPerform(iterations: pending.count) { n in
            let i = pending[n]
            let printable = PrintableSVG.resolved(String(decoding: svgs[i].bytes, as: UTF8.self))
            let result = Result { () throws(ConversionError) -> Data in try convert(Data(printable.utf8)) }
            results.withLock { $0[i] = result }
        }
        var out: [OutputFile] = [], warnings: [String] = []
        let done = results.withLock { $0 }
        for (i, svg) in svgs.enumerated() {
            let name = String(svg.path.dropLast(4)) + ".pdf"
            switch done[i] {
            case .success(let pdf)?: out.append(OutputFile(path: name, bytes: [UInt8](pdf)))
            case .failure(let error)?: warnings.append("warning: \(name) was not written: \(error.message)")
            case nil: break
            }
        }
        return (out, warnings)
    }

    struct ConversionError: Error { var message: String }

    /// One SVG → PDF: the SVG goes through a temporary file (so no pipe into a converter that
    /// may exit early, and no SIGPIPE to guard against), the PDF comes back on stdout.
    func convert(_ svg: Data) throws(ConversionError) -> Data {
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("minima-figure-\(UUID().uuidString).svg")
        do { try svg.write(to: source) } catch { throw ConversionError(message: "cannot write \(source.path): \(error)") }
        defer { try? FileManager.default.removeItem(at: source) }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--format=pdf", source.path]
        var environment = ProcessInfo.processInfo.environment
        if environment["SOURCE_DATE_EPOCH"] == nil { environment["SOURCE_DATE_EPOCH"] = "0" }
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw ConversionError(message: "cannot run \(executable.path): \(error)") }
        let pdf = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, pdf.starts(with: Data("%PDF".utf8)) else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ConversionError(message: "rsvg-convert exited with status \(process.terminationStatus)" + (text.isEmpty ? "" : ": \(text)"))
        }
        return pdf
    }
}
