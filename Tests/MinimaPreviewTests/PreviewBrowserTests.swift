import Foundation
import Testing
@testable import MinimaPreview

/// The preview in real headless Chromium, when it is installed (`MINIMA_REQUIRE_BROWSER=1` fails
/// instead of skipping when it is missing): the reload script runs under the page's policy and
/// connects, edits reach the browser, a broken edit shows the overlay.
@Suite("Preview in a real browser")
struct PreviewBrowserTests {
    static let chromium: String? = {
        let env = ProcessInfo.processInfo.environment
        let candidates = [env["MINIMA_CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser"].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
    static let required = ProcessInfo.processInfo.environment["MINIMA_REQUIRE_BROWSER"] == "1"

    /// The DOM of `url` once loaded (after the scripts that run while the page is parsed).
    static func dom(_ url: URL, profile: URL) async throws -> String {
        try await LoopbackClient.offPool { Result { try domBlocking(url, profile: profile) } }.get()
    }

    static func domBlocking(_ url: URL, profile: URL) throws -> String {
        let binary = try #require(chromium, "chromium is not installed (apt-get install -y chromium)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                             "--dump-dom", url.absoluteString]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chromium exited with \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    @Test("Chromium runs the reload script (allowed by its hash), sees an edit, and shows then clears the overlay",
          .enabled(if: chromium != nil || required))
    func editsReachTheBrowser() async throws {
        let fixture = try PreviewServerTests.Fixture(PreviewServerTests.notebook(prose: "Seen by Chromium."))
        defer { fixture.remove() }
        let server = try await PreviewServer(configuration: fixture.configuration)
        _ = try await PreviewServerTests.page(server) { $0.contains("<figure") }
        let profile = fixture.folder.appendingPathComponent("profile")

        let first = try await Self.dom(server.url, profile: profile)
        #expect(first.contains("Seen by Chromium."))
        #expect(first.contains("data-preview=\"live\""), "the script ran: the policy allows it by its hash")
        #expect(first.contains("<figure"))

        let shown = await server.generation
        try fixture.save(PreviewServerTests.notebook(prose: "Edited for Chromium."))
        await server.waitForPage(after: shown)
        _ = try await PreviewServerTests.page(server, seconds: 120) { $0.contains("Edited for Chromium.") }
        let edited = try await Self.dom(server.url, profile: profile)
        #expect(edited.contains("Edited for Chromium."))
        #expect(!edited.contains("Seen by Chromium."))

        try fixture.save(PreviewServerTests.notebook(prose: "Broken.", lr: "lrr: 0.1"))
        _ = try await PreviewServerTests.page(server, seconds: 120) { $0.contains("id=\"minima-preview-overlay\"") }
        let broken = try await Self.dom(server.url, profile: profile)
        #expect(broken.contains("id=\"minima-preview-overlay\""))
        #expect(broken.contains("nb.md:19:1: error:"))
        #expect(broken.contains("Edited for Chromium."))

        try fixture.save(PreviewServerTests.notebook(prose: "Fixed for Chromium."))
        _ = try await PreviewServerTests.page(server, seconds: 120) { $0.contains("Fixed for Chromium.") }
        let fixed = try await Self.dom(server.url, profile: profile)
        #expect(!fixed.contains("id=\"minima-preview-overlay\""))
        #expect(fixed.contains("Fixed for Chromium."))
        await server.stop()
    }
}
