import ArgumentParser
import Foundation
import MinimaPreview
import Training

extension Minima {
    /// `minima preview`: serve the rendered page and re-render it on every save.
    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a notebook's page and update it in the browser on every save.",
            discussion: """
                Renders the notebook as `minima render` does (also writing OUTPUT/NAME.html), serves the \
                page on 127.0.0.1, and opens it in the browser. Saving the notebook, its --params file \
                or a data set it reads re-renders the page, and the open page reloads itself. Runs that \
                are not cached train in the background while the page shows their progress and fills \
                in each step as it finishes. A notebook that stops parsing keeps the last page, under \
                an overlay of its errors, until it is fixed.

                Only the served page has a script (to reload); the written report has none. A second \
                preview of the same notebook prints the address of the running one and exits 0. \
                Ctrl-C stops the server and any runs (their checkpoints are kept, so the next render \
                resumes them) and exits 130.
                """)

        @OptionGroup var options: NotebookOptions

        @OptionGroup var outputs: OutputOptions
        var output: String { outputs.output }
        var cacheDir: String { outputs.cacheDir }
        var jobs: Int { outputs.jobs }

        @Option(help: "Port to serve on (default: a free port).")
        var port: Int = 0

        @Option(help: "IPv4 address to listen on. Anything but loopback lets other machines read the page.")
        var host: String = "127.0.0.1"

        @Flag(help: "Do not open the page in a browser; only print its address.")
        var noBrowser = false

        @Flag(name: .shortAndLong, help: "No progress or render lines on stderr.")
        var quiet = false

        func validate() throws {
            guard options.notebooks.count == 1 else {
                throw ValidationError("Give one notebook to preview, got \(options.notebooks.count).")
            }
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535, got \(port).") }
        }

        func run() async throws {
            let notebook = options.notebooks[0]
            guard FileManager.default.isReadableFile(atPath: notebook) else {
                StandardError.print("\(notebook): error: cannot read the notebook")
                throw ExitCode(65)
            }
            // Data sets shipped beside the notebook (`data/NAME/`) are found wherever it is previewed from.
            DataRequest.registerNotebookFolder(URL(fileURLWithPath: notebook).deletingLastPathComponent().path)
            var configuration = PreviewConfiguration(notebook: notebook, output: URL(fileURLWithPath: output),
                                                     cacheDirectory: URL(fileURLWithPath: cacheDir))
            configuration.host = host
            configuration.port = UInt16(port)
            configuration.jobs = jobs
            configuration.quiet = quiet
            configuration.inputFiles = options.paramsFile.map { [$0] } ?? []
            let options = self.options
            configuration.overrides = { try options.overrides() }

            let server: PreviewServer
            do {
                server = try await PreviewServer(configuration: configuration)
            } catch let failure as PreviewServer.Failure {
                if case .alreadyRunning(let url?, _) = failure {
                    print("\(notebook): \(failure)")
                    fflush(nil)   // the address, now, also when stdout is not a terminal
                    if !noBrowser { Self.openBrowser(url) }
                    return
                }
                StandardError.print("\(notebook): error: \(failure)")
                throw ExitCode(1)
            }
            if !isLoopback(host) {
                StandardError.print("warning: listening on \(host): other machines can read the page")
            }
            print("Previewing \(notebook) at \(server.url.absoluteString) (Ctrl-C to stop)")
            fflush(nil)   // the address, now, also when stdout is not a terminal
            if !noBrowser && !Self.openBrowser(server.url.absoluteString) {
                StandardError.print("Open \(server.url.absoluteString) in a browser.")
            }
            let signal = await Self.waitForStopSignal()
            await server.stop()
            StandardError.print("preview stopped")
            throw ExitCode(128 + signal)
        }

        private func isLoopback(_ host: String) -> Bool { host.hasPrefix("127.") }

        /// Waits for Ctrl-C (SIGINT) or SIGTERM; returns the signal's number.
        static func waitForStopSignal() async -> Int32 {
            await withCheckedContinuation { continuation in
                let once = Once()
                var sources: [any DispatchSourceSignal] = []
                for number in [SIGINT, SIGTERM] {
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                    source.setEventHandler {
                        if once.first() {
                            continuation.resume(returning: number)
                        } else {
                            _exit(128 + number)   // a second Ctrl-C while stopping
                        }
                    }
                    source.resume()
                    sources.append(source)
                }
                SignalSources.keep(sources)
            }
        }

        /// Opens `url` with xdg-open when a graphical session is there; false when it cannot.
        @discardableResult
        static func openBrowser(_ url: String) -> Bool {
            let environment = ProcessInfo.processInfo.environment
            guard environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil else { return false }
            let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
                .map { "\($0)/xdg-open" }.first { FileManager.default.isExecutableFile(atPath: $0) }
            guard let path else { return false }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = [url]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return (try? process.run()) != nil
        }
    }
}

/// True the first time only (signals may arrive on several threads).
private final class Once: @unchecked Sendable {
    private var done = false
    private let lock = NSLock()
    func first() -> Bool { lock.withLock { defer { done = true }; return !done } }
}

/// Keeps the signal sources alive for the process's life.
private enum SignalSources {
    nonisolated(unsafe) static var kept: [any DispatchSourceSignal] = []
    static func keep(_ sources: [any DispatchSourceSignal]) { kept += sources }
}
