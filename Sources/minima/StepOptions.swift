import ArgumentParser
import Foundation
import Notebook
import Runner

/// Options of the commands that name one step of one notebook (`export`, `cache explain`):
/// the notebook, the step, `-P`/`--params` as in `render`, and the cache folder.
struct StepOptions: ParsableArguments {
    @Argument(help: "The notebook (.md).")
    var notebook: String

    @Argument(help: "The id of a step of the notebook.")
    var step: String

    @Option(name: [.customShort("P"), .customLong("param")],
            help: ArgumentHelp("Override a param of the front matter, as in render (repeatable).", valueName: "name=value"))
    var params: [String] = []

    @Option(name: .customLong("params"), help: ArgumentHelp("A YAML file of param values.", valueName: "file"))
    var paramsFile: String?

    @Option(help: "Cache folder (as given to render).")
    var cacheDir: String = ".minima/cache"

    /// The checked notebook and its run over the cache; exits 65 after printing diagnostics.
    func notebookRun() throws -> NotebookRun {
        // Same parsing and checks as render: build its options from ours.
        let arguments = [notebook] + params.flatMap { ["-P", $0] } + (paramsFile.map { ["--params", $0] } ?? [])
        let options = try NotebookOptions.parse(arguments)
        guard let document = try options.load(notebook) else { throw ExitCode(65) }
        return NotebookRun(document: document, store: ResultStore(directory: URL(fileURLWithPath: cacheDir)))
    }

    /// Prints `error` as a diagnostic at the notebook and exits 65.
    func unknownStep(_ error: UnknownStepError) -> ExitCode {
        let text = (["\(notebook): error: \(error.description)"] + error.notes.map { "    note: \($0)" }).joined(separator: "\n")
        StandardError.print(text)
        return ExitCode(65)
    }
}
