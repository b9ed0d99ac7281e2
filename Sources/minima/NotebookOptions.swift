import ArgumentParser
import Foundation
import Notebook
import Runner
import Training

/// Options shared by the commands that read notebooks.
struct NotebookOptions: ParsableArguments {
    @Argument(help: "Notebook files (.md).")
    var notebooks: [String]

    @Option(name: [.customShort("P"), .customLong("param")],
            help: ArgumentHelp("Override a param of the front matter, e.g. -P epochs=5 (repeatable); -P profile=NAME picks a profile.",
                               valueName: "name=value"))
    var params: [String] = []

    @Option(name: .customLong("params"), help: ArgumentHelp("A YAML file of param values.", valueName: "file"))
    var paramsFile: String?

    func validate() throws {
        guard !notebooks.isEmpty else { throw ValidationError("Give at least one notebook (.md).") }
        for path in notebooks where !path.hasSuffix(".md") {
            throw ValidationError("Expected a Markdown notebook ending in '.md', got '\(path)'.")
        }
        for p in params where !p.contains("=") {
            throw ValidationError("Expected -P name=value, got '\(p)'.")
        }
    }

    /// The overrides, file first, then `-P` in order.
    func overrides() throws -> [(String, String)] {
        var pairs: [(String, String)] = []
        if let paramsFile {
            guard let text = try? String(contentsOfFile: paramsFile, encoding: .utf8) else {
                throw ValidationError("Cannot read the params file '\(paramsFile)'.")
            }
            for line in text.split(separator: "\n") where line.contains(":") && !line.hasPrefix("#") {
                let parts = line.split(separator: ":", maxSplits: 1)
                pairs.append((parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces)))
            }
        }
        for p in params {
            let parts = p.split(separator: "=", maxSplits: 1)
            pairs.append((String(parts[0]), parts.count > 1 ? String(parts[1]) : ""))
        }
        return pairs
    }

    /// Reads and checks one notebook, printing its diagnostics to stderr.
    /// - Returns: The document, or nil when it has errors.
    /// - Parameter checkData: Whether a named data set that is not installed is an error
    ///   (`--dry-run` plans without it).
    func load(_ path: String, checkData: Bool = true) throws -> NotebookDocument? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            StandardError.print("\(path): error: cannot read the notebook")
            return nil
        }
        // Data sets shipped beside the notebook (`data/NAME/`) are found wherever it is rendered from.
        DataRequest.registerNotebookFolder(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        let isAvailable: ((String) -> Bool)? = checkData ? { DataSources.isAvailable($0) } : nil
        let (document, diagnostics) = NotebookParser.parse(text, file: path, overrides: try overrides(),
                                                           isDataAvailable: isAvailable, dataShape: DataSources.sampleShape)
        for d in diagnostics { StandardError.print("\(d)") }
        return diagnostics.hasErrors ? nil : document
    }
}

/// Where `render` and `preview` write and cache, and how many runs train side by side.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String = "Output"

    @Option(help: "Cache folder (shared by all notebooks).")
    var cacheDir: String = ".minima/cache"

    @Option(help: "Runs trained side by side (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs).") }
    }
}
