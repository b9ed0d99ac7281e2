import Foundation
import Testing

/// The `minima` executable built beside this test bundle (`.build/<config>/minima`).
public enum MinimaBinary {
    public static let expectedPath: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("minima").path
    }()

    public static var url: URL? {
        FileManager.default.isExecutableFile(atPath: expectedPath) ? URL(fileURLWithPath: expectedPath) : nil
    }

    public static let skipMessage: Comment = "the minima executable is not at \(expectedPath); build it first (swift build)"

    /// Runs `minima` with `arguments`; returns the exit status and what it printed.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: expectedPath)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("minima-out-\(UUID().uuidString)")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("minima-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }
}
