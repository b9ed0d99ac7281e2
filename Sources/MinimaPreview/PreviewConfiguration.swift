import Foundation

/// What `minima preview` was asked for.
public struct PreviewConfiguration: Sendable {
    /// The notebook, as given on the command line.
    public var notebook: String
    /// The output folder (the page is also written there, as `minima render` writes it).
    public var output: URL
    /// The result cache.
    public var cacheDirectory: URL
    /// The address to listen on; loopback unless asked otherwise.
    public var host: String = "127.0.0.1"
    /// The port; 0 lets the system pick a free one.
    public var port: UInt16 = 0
    /// Units trained side by side.
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    /// No progress or render lines on stderr.
    public var quiet = false
    /// Files the overrides are read from (a `--params` file): watched like the notebook.
    public var inputFiles: [String] = []
    /// The `-P` and `--params` overrides, read again before every render (the params file may
    /// have changed); a thrown error is shown as a diagnostic.
    public var overrides: @Sendable () throws -> [(String, String)] = { [] }

    public init(notebook: String, output: URL, cacheDirectory: URL) {
        self.notebook = notebook
        self.output = output
        self.cacheDirectory = cacheDirectory
    }

    /// The report's base name (`OUTPUT/NAME.html`).
    public var name: String { URL(fileURLWithPath: notebook).deletingPathExtension().lastPathComponent }
}
