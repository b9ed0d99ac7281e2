import Foundation
import MinimaRender
import Notebook
import Report
import Runner

/// The render loop of `minima preview`: renders the notebook whenever it (or a file it reads)
/// changes, starts the runs that are not cached, and re-renders as their results come in.
///
/// A render parses and checks the notebook, plans it against the cache, assembles the steps
/// whose results are all there and writes the page (as `minima render` does), in a fraction of
/// a second for the flagship notebook: cache entries are read, verified and decoded once per
/// process (`ResultMemo`) and data sets stay loaded. Units that are missing run in the
/// background, one batch at a time; the page shows them in progress and fills in each step when
/// its units are done. A notebook that stops parsing keeps the last page, under an overlay of
/// its diagnostics.
actor PreviewSession {
    let configuration: PreviewConfiguration
    let state: PreviewState
    let watcher = FileWatcher()
    private let store: ResultStore
    /// Units that failed in this session, by key: not retried until their key changes.
    private var failures: [CacheKey: String] = [:]
    private var running: Task<Void, Never>?
    private var lastWarnings: [String] = []
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>
    /// Renders done (for tests and the timing line).
    private(set) var renders = 0

    init(configuration: PreviewConfiguration, state: PreviewState) {
        // Blocks that did not change since the last render are not drawn again.
        StepRenderer.rememberRenderedBlocks(true)
        self.configuration = configuration
        self.state = state
        self.store = ResultStore(directory: configuration.cacheDirectory, memo: ResultMemo())
        (wakes, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Renders now and after every change, until cancelled.
    func run() async {
        watcher.watch([configuration.notebook] + configuration.inputFiles)
        let watcher = self.watcher
        let wake = self.wake
        let polling = Task.detached {
            await watcher.run { changed in
                // A data folder changed: its files' digests are read again, so the keys follow.
                if changed.contains(where: { !$0.hasSuffix(".md") }) { DataSources.forgetFileDigests() }
                wake.yield()
            }
        }
        defer { polling.cancel() }
        await render()
        for await _ in wakes {
            if Task.isCancelled { break }
            await render()
        }
    }

    /// Asks for a render (coalesced with any pending one).
    nonisolated func requestRender() { wake.yield() }

    /// Stops watching and rendering; runs in progress are left to the process's end.
    func stop() {
        wake.finish()
        running?.cancel()
    }

    /// One render: parse, check, assemble what is cached, write and show the page, and start the
    /// runs that are missing.
    func render() async {
        let started = ContinuousClock.now
        renders += 1
        let path = configuration.notebook
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            await state.show(diagnostics: ["\(path): error: cannot read the notebook (was it moved or deleted?)"], render: renders)
            return
        }
        let overrides: [(String, String)]
        do { overrides = try configuration.overrides() } catch {
            await state.show(diagnostics: ["error: \(error)"], render: renders)
            return
        }
        let (document, diagnostics) = NotebookParser.parse(text, file: path, overrides: overrides,
                                                           isDataAvailable: DataSources.isAvailable,
                                                           dataShape: DataSources.sampleShape)
        watcher.watch([path] + configuration.inputFiles + Self.dataFolders(of: document)
                      + (document.bibliographyFile.map { [$0] } ?? []))
        if diagnostics.hasErrors {
            await state.show(diagnostics: diagnostics.filter { $0.severity == .error }.map(\.description), render: renders)
            log("the notebook has errors; the page keeps the last render:\n" + diagnostics.map(\.description).joined(separator: "\n"))
            return
        }
        let run = NotebookRun(document: document, store: store)
        let outcomes = run.availableOutcomes(failures: failures)
        let missing = run.missingUnits(failures: failures)
        let html: String
        do {
            html = try await write(document: document, outcomes: outcomes)
        } catch {
            await state.show(diagnostics: ["\(path): error: the page was not written: \(error)"], render: renders)
            return
        }
        await state.show(report: html, render: renders)
        let elapsed = (ContinuousClock.now - started).components
        var line = String(format: "rendered in %.2f s", Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        if running != nil {
            line += " (runs in progress)"
        } else if !missing.isEmpty {
            line += "; \(missing.count) unit\(missing.count == 1 ? "" : "s") to compute"
            start(run)
        }
        log(line)
    }

    /// Writes the report under the output lock and returns its HTML.
    private func write(document: NotebookDocument, outcomes: [String: StepOutcome]) async throws -> String {
        let output = configuration.output
        let name = configuration.name
        var lock = try RenderLock(output: output, name: name, wait: false)
        if lock == nil {
            log("another render is writing \(output.path)/\(name).html; waiting for it to finish")
            lock = try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(with: Result { try RenderLock(output: output, name: name, wait: true) })
                }
            }
        }
        defer { withExtendedLifetime(lock) {} }
        // The page goes to the browser as soon as it is staged, before the files are moved in
        // (renames and syncs that can take longer than the render on a busy disk); the page read
        // back below is the same bytes, so showing it again reloads nothing.
        // `.page.html` is the name OutputFolder stages the page under; were it to change, the
        // page would only be shown after the move.
        let state = self.state
        let render = renders
        let writer = ReportWriter(document: document, outcomes: outcomes, output: output) { data, url in
            try data.write(to: url)
            if url.lastPathComponent == ".page.html" {
                let html = String(decoding: data, as: UTF8.self)
                Task { await state.show(report: html, render: render) }
            }
        }
        let (page, warnings, _) = try writer.write()
        if warnings != lastWarnings {
            for warning in warnings { log(warning) }
            lastWarnings = warnings
        }
        return try String(contentsOf: page, encoding: .utf8)
    }

    /// Computes the missing units of `run` in the background; each finished unit asks for a
    /// render (at most one a second), and so does the end of the batch.
    private func start(_ run: NotebookRun) {
        let state = self.state
        let wake = self.wake
        let (reports, sink) = AsyncStream<ProgressReport>.makeStream(bufferingPolicy: .bufferingNewest(8))
        let progress = Progress(quiet: configuration.quiet) { sink.yield($0) }
        let executor = LocalExecutor(jobs: configuration.jobs)
        let forwarding = Task.detached {
            var done = 0
            var lastRender = ContinuousClock.now - .seconds(10)
            for await report in reports {
                await state.show(progress: report.lines)
                if report.done > done {
                    done = report.done
                    if ContinuousClock.now - lastRender >= .seconds(1) {
                        lastRender = .now
                        wake.yield()
                    }
                }
            }
        }
        running = Task.detached { [weak self] in
            let failed = await run.execute(executor: executor, progress: progress)
            sink.finish()
            await forwarding.value
            await state.show(progress: [])
            await self?.finished(failed)
        }
    }

    private func finished(_ failed: [CacheKey: String]) {
        failures.merge(failed) { a, _ in a }
        running = nil
        wake.yield()
    }

    /// The folders of the named data sets the notebook reads (watched: new files change keys).
    static func dataFolders(of document: NotebookDocument) -> [String] {
        document.steps.compactMap { step -> String? in
            guard case .dataset(let spec) = step.spec else { return nil }
            return DataSources.folder(of: spec.source)
        }
    }

    private func log(_ message: String) {
        guard !configuration.quiet else { return }
        FileHandle.standardError.write(Data("preview: \(message)\n".utf8))
    }
}
