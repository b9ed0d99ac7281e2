import Foundation
import Notebook
import Report
import Runner

/// Writes a notebook's report: OUTPUT/NAME.html and OUTPUT/NAME/ (an SVG and a PDF per figure,
/// CSV and JSON per step), through `OutputFolder`: staged, then moved in, never touching files
/// Minima did not write. The page itself is assembled by `Report.PageAssembly`; this type does
/// the file-system side (figure PDFs, staging, the manifest).
public struct ReportWriter {
    public let document: NotebookDocument
    public let outcomes: [String: StepOutcome]
    public let output: URL
    /// Writes one staged file (see `OutputFolder.writeFile`); tests replace it to inject failures.
    public var writeFile: ((Data, URL) throws -> Void)? = nil
    /// The SVG → PDF converter; nil writes no PDFs (and warns when there are figures).
    var figurePDF: FigurePDF? = FigurePDF.find()

    public init(document: NotebookDocument, outcomes: [String: StepOutcome], output: URL,
                writeFile: ((Data, URL) throws -> Void)? = nil) {
        self.document = document
        self.outcomes = outcomes
        self.output = output
        self.writeFile = writeFile
    }

    public var name: String { URL(fileURLWithPath: document.file).deletingPathExtension().lastPathComponent }

    /// The page and its files, without writing anything (e.g. for a live preview).
    public func assemble() -> PageAssembly.Assembled {
        let context = PageAssembly.Context(assetDirectory: name, version: MinimaVersion.string,
                                           notebookDigest: CacheKey.digest(Data(document.text.utf8)),
                                           figurePDF: figurePDF != nil)
        return PageAssembly(document: document, outcomes: outcomes, context: context).assemble()
    }

    /// Renders and writes the report; returns the page's URL, the warnings to print, and the
    /// claims of the prose that failed or could not be decided (the render then exits 1).
    public func write() throws -> (page: URL, warnings: [String], claimFailures: [String]) {
        let assembled = assemble()
        var warnings = assembled.warnings
        var files = assembled.files
        var folder = OutputFolder(output: output, name: name)
        if let writeFile { folder.writeFile = writeFile }
        if let figurePDF {
            let previous = OutputManifest.read(in: folder.folder)
            let sameConverter = previous.figurePDFs == figurePDF.identity
            let (pdfs, pdfWarnings) = figurePDF.pdfs(for: files) { svgName, svg in
                guard sameConverter else { return nil }
                return folder.previousFile(String(svgName.dropLast(4)) + ".pdf", madeFrom: svgName, svg, manifest: previous)
            }
            files += pdfs
            warnings += pdfWarnings.map { "\(folder.folder.path): \($0)" }
        } else if files.contains(where: { $0.path.hasSuffix(".svg") }) {
            warnings.append("\(document.file): \(FigurePDF.missingWarning)")
        }
        warnings += try folder.publish(files: files, page: Data(assembled.html.utf8), figurePDFs: figurePDF?.identity)
        return (folder.page, warnings, assembled.claimFailures)
    }
}
