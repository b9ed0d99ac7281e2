import Foundation
import MinimaTestSupport
import Testing

/// `minima preview` as a user runs it: the address printed, a second preview pointed at the
/// first, Ctrl-C ending it with exit code 130.
@Suite("The minima preview command")
struct PreviewCommandTests {
    @Test("a second preview prints the first one's address and exits 0; Ctrl-C stops the first with 130",
          .enabled(if: MinimaBinary.url != nil))
    func secondPreviewAndInterrupt() async throws {
        let fixture = try PreviewServerTests.Fixture(PreviewServerTests.notebook(prose: "From the command line."))
        defer { fixture.remove() }
        let output = fixture.configuration.output.path, cache = fixture.configuration.cacheDirectory.path
        let arguments = ["preview", fixture.notebook.path, "--no-browser", "-q", "-o", output, "--cache-dir", cache]
        let first = Process()
        first.executableURL = URL(fileURLWithPath: MinimaBinary.expectedPath)
        first.arguments = arguments
        let out = Pipe()
        first.standardOutput = out
        first.standardError = FileHandle.nullDevice
        try first.run()
        defer { if first.isRunning { first.terminate() } }
        let line = await LoopbackClient.offPool { () -> String in
            var text = ""
            while !text.contains("\n") {
                let data = out.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            return text
        }
        let address = try #require(line.components(separatedBy: " at ").last?.components(separatedBy: " ").first,
                                   "first line: \(line)")
        #expect(line.hasPrefix("Previewing \(fixture.notebook.path) at http://127.0.0.1:"))
        let port = try #require(URL(string: address)?.port)
        #expect(try await LoopbackClient.get(port: port).status == 200)

        let second = try await LoopbackClient.offPool { Result { try MinimaBinary.run(arguments) } }.get()
        #expect(second.status == 0)
        #expect(second.stdout.contains("already previewed at \(address)"), "\(second.stdout)\(second.stderr)")

        kill(first.processIdentifier, SIGINT)
        await LoopbackClient.offPool { first.waitUntilExit() }
        #expect(first.terminationReason == .exit)
        #expect(first.terminationStatus == 130)
        #expect(!FileManager.default.fileExists(atPath: output + "/.nb.preview"))
    }
}
