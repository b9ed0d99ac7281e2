import Foundation

/// What the preview shows now: the last report that rendered, the diagnostics when the notebook
/// stopped parsing, the runs in progress, and the browsers listening for changes.
///
/// Every change of the page (a new render, diagnostics shown or cleared) counts a new
/// generation and tells every listener, whose script then reloads; progress is sent as it
/// comes, without a reload.
actor PreviewState {
    private var page: PreviewPage
    private var listeners: [UUID: AsyncStream<Data>.Continuation] = [:]
    private var lastRender = 0
    private var waiters: [(generation: Int, continuation: CheckedContinuation<Void, Never>)] = []

    init(notebook: String) {
        page = PreviewPage(report: nil, generation: 0, notebook: notebook)
    }

    var generation: Int { page.generation }
    var diagnostics: [String] { page.diagnostics }
    var hasReport: Bool { page.report != nil }

    /// The served HTML.
    func html() -> String { page.render() }

    /// A new render: shown, and the diagnostics (if any) cleared. The same page again (a render
    /// that changed nothing) reloads nothing, and neither does a page of an earlier render than
    /// the one shown (`render` counts renders; a page can arrive twice, see `PreviewSession`).
    func show(report: String, render: Int = .max) {
        guard render >= lastRender else { return }
        lastRender = render == .max ? lastRender : render
        guard report != page.report || !page.diagnostics.isEmpty else { return }
        page.report = report
        page.diagnostics = []
        changed()
    }

    /// The notebook does not render: the last report stays, under an overlay of `diagnostics`.
    func show(diagnostics: [String], render: Int = 0) {
        lastRender = Swift.max(lastRender, render)
        guard diagnostics != page.diagnostics else { return }
        page.diagnostics = diagnostics
        changed()
    }

    /// The runs in progress (empty when none run).
    func show(progress: [String]) {
        guard progress != page.progress else { return }
        page.progress = progress
        broadcast(ServerSentEvent.encode(event: "progress", data: progress.joined(separator: "\n")))
    }

    /// A stream of server-sent events for one browser, starting with the current generation and
    /// progress (so a page loaded just before a render reloads at once).
    func listen() -> AsyncStream<Data> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Data>.makeStream(bufferingPolicy: .bufferingNewest(64))
        continuation.onTermination = { [weak self] _ in
            Task { await self?.forget(id) }
        }
        listeners[id] = continuation
        continuation.yield(ServerSentEvent.encode(event: "page", data: String(page.generation)))
        continuation.yield(ServerSentEvent.encode(event: "progress", data: page.progress.joined(separator: "\n")))
        return stream
    }

    var listenerCount: Int { listeners.count }

    /// Ends every event stream (the server is stopping).
    func finishAll() {
        for continuation in listeners.values { continuation.finish() }
        listeners.removeAll()
    }

    /// Waits until the generation is past `generation` (tests and the timing line).
    func waitForGeneration(after generation: Int) async {
        guard page.generation <= generation else { return }
        await withCheckedContinuation { waiters.append((generation, $0)) }
    }

    private func forget(_ id: UUID) { listeners[id] = nil }

    private func changed() {
        page.generation += 1
        broadcast(ServerSentEvent.encode(event: "page", data: String(page.generation)))
        let ready = waiters.filter { $0.generation < page.generation }
        waiters.removeAll { $0.generation < page.generation }
        for waiter in ready { waiter.continuation.resume() }
    }

    private func broadcast(_ event: Data) {
        for (id, continuation) in listeners {
            if case .terminated = continuation.yield(event) { listeners[id] = nil }
        }
    }
}
