import Foundation
import Testing
@testable import Report

/// Loads the sample report in headless Chromium, when it is installed (`make test` installs
/// it; set `MINIMA_REQUIRE_BROWSER=1` to fail instead of skipping when it is missing).
@Suite("Real browser")
struct BrowserTests {
    static let chromium: String? = {
        let env = ProcessInfo.processInfo.environment
        let candidates = [env["MINIMA_CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser"].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
    static let required = ProcessInfo.processInfo.environment["MINIMA_REQUIRE_BROWSER"] == "1"

    /// Runs Chromium headless with `arguments`, returning stdout; fails the test on a non-zero exit.
    static func run(_ binary: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chromium exited with \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    @Test("the sample report renders in Chromium with every figure, table and formula present",
          .enabled(if: chromium != nil || required))
    func rendersInChromium() throws {
        let binary = try #require(Self.chromium, "chromium is not installed (apt-get install -y chromium)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minima-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sample"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (page, files) = SamplePage.render()
        let html = dir.appendingPathComponent("sample.html")
        try page.write(to: html, atomically: true, encoding: .utf8)
        for f in files { try Data(f.bytes).write(to: dir.appendingPathComponent("sample").appendingPathComponent(f.path)) }

        let profile = dir.appendingPathComponent("profile").path
        let dom = try Self.run(binary, ["--user-data-dir=\(profile)", "--dump-dom", html.absoluteString])
        func count(_ s: String) -> Int { dom.components(separatedBy: s).count - 1 }
        #expect(count("<figure class=\"figure\"") == 3)
        #expect(count("<svg") == 5)          // 3 figures + 2 summary charts
        #expect(count("<table class=\"results\"") >= 4)
        #expect(count("<math") == 6)          // 2 in prose, 4 in captions
        #expect(dom.contains("id=\"provenance\""))
        #expect(!dom.contains("class=\"math-fallback\""))

        let shot = dir.appendingPathComponent("shot.png")
        _ = try Self.run(binary, ["--user-data-dir=\(profile)-2", "--window-size=1000,3000", "--screenshot=\(shot.path)", html.absoluteString])
        let png = try Data(contentsOf: shot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 50_000)   // a blank page compresses to a few kB
    }
}
