import FlyingFox
import FlyingSocks
import Foundation
import Runner

/// `minima preview`'s web server (FlyingFox): `/` (and `/NAME.html`) is the page, `/events`
/// the server-sent events its script listens to, `/NAME/…` the figure and data files the
/// render wrote beside the page.
public final class PreviewServer: Sendable {
    public let configuration: PreviewConfiguration
    /// The page's address, e.g. `http://127.0.0.1:8123/`.
    public let url: URL
    let state: PreviewState
    let session: PreviewSession
    private let server: HTTPServer
    private let serving: Task<Void, any Error>
    private let rendering: Task<Void, Never>
    private let lock: HeldLock
    private let marker: URL

    /// Why a preview cannot start.
    public enum Failure: Error, CustomStringConvertible {
        /// Another preview of the same notebook into the same folder runs at `url`.
        case alreadyRunning(url: String?, pid: String?)
        case cannotListen(String)

        public var description: String {
            switch self {
            case .alreadyRunning(let url, let pid):
                let whom = pid.map { " (process \($0))" } ?? ""
                return "already previewed at \(url ?? "an address not yet known")\(whom); open that page, or stop that preview (Ctrl-C) first"
            case .cannotListen(let why): return "cannot listen: \(why)"
            }
        }
    }

    /// Starts serving and rendering. Takes the preview lock `OUTPUT/.NAME.preview.lock` for the
    /// server's life and records the page's address in `OUTPUT/.NAME.preview`, so a second
    /// preview of the notebook reports this one instead of writing the same files.
    /// - Throws: `Failure.alreadyRunning` when another preview holds the lock.
    public init(configuration: PreviewConfiguration) async throws {
        self.configuration = configuration
        let name = configuration.name
        marker = configuration.output.appendingPathComponent(".\(name).preview")
        guard let lock = try RenderLock(output: configuration.output, name: "\(name).preview", wait: false) else {
            throw Self.runningPreview(marker: marker)
        }
        self.lock = HeldLock(lock)
        let address: sockaddr_in
        do { address = try .inet(ip4: configuration.host, port: configuration.port) } catch {
            throw Failure.cannotListen("'\(configuration.host)' is not an IPv4 address")
        }
        let state = PreviewState(notebook: URL(fileURLWithPath: configuration.notebook).lastPathComponent)
        self.state = state
        let server = HTTPServer(address: address, timeout: 15, logger: .disabled)
        self.server = server
        let assets = configuration.output.appendingPathComponent(name, isDirectory: true)
        await server.appendRoute("GET /events") { _ in ServerSentEvent.response(await state.listen()) }
        await server.appendRoute("GET /") { _ in await Self.page(state) }
        await server.appendRoute(HTTPRoute(method: .GET, path: "/\(name).html")) { _ in await Self.page(state) }
        await server.appendRoute(HTTPRoute(method: .GET, path: "/\(name)/*"), to: DirectoryHTTPHandler(root: assets, serverPath: "/\(name)/"))
        serving = Task { try await server.run() }
        // A bind error (port taken) ends `run()` at once; the long wait only covers a process
        // whose cooperative threads are busy (a full `swift test` run keeps both of them training).
        do { try await server.waitUntilListening(timeout: 120) } catch {
            serving.cancel()
            let why = (try? await serving.value).map { _ in "\(error)" } ?? "\(error)"
            throw Failure.cannotListen("\(configuration.host):\(configuration.port): \(why)")
        }
        guard case .ip4(_, let port)? = await server.listeningAddress else {
            throw Failure.cannotListen("no address")
        }
        url = URL(string: "http://\(configuration.host):\(port)/")!
        try? ResultStore.writeAtomically(Data("\(url.absoluteString)\n\(getpid())\n".utf8), to: marker)
        let session = PreviewSession(configuration: configuration, state: state)
        self.session = session
        rendering = Task { await session.run() }
    }

    /// Stops rendering, ends the event streams and closes the server. Runs in progress keep
    /// their checkpoints (written atomically after every few epochs) for the next render.
    public func stop() async {
        await session.stop()
        rendering.cancel()
        await state.finishAll()
        await server.stop(timeout: 1)
        serving.cancel()
        try? FileManager.default.removeItem(at: marker)
        lock.release()
    }

    /// The generation of the page being served (it grows with every new page).
    public var generation: Int { get async { await state.generation } }

    /// Waits until the served page is newer than `generation`.
    public func waitForPage(after generation: Int) async { await state.waitForGeneration(after: generation) }

    private static func page(_ state: PreviewState) async -> HTTPResponse {
        HTTPResponse(statusCode: .ok,
                     headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                     body: Data(await state.html().utf8))
    }

    /// The other preview's address and process, from its marker file (it may be about to write it).
    static func runningPreview(marker: URL) -> Failure {
        for _ in 0..<20 {
            if let text = try? String(contentsOf: marker, encoding: .utf8) {
                let lines = text.split(separator: "\n").map(String.init)
                return .alreadyRunning(url: lines.first, pid: lines.count > 1 ? lines[1] : nil)
            }
            usleep(100_000)
        }
        return .alreadyRunning(url: nil, pid: nil)
    }
}

/// The preview lock, held from the start until `stop()`.
private final class HeldLock: @unchecked Sendable {
    private var lock: RenderLock?
    private let guarding = NSLock()
    init(_ lock: RenderLock) { self.lock = lock }
    func release() { guarding.withLock { lock = nil } }
}
