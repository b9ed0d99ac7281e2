import Foundation
import Testing

/// Compares `actual` with the golden file `Snapshots/<name>` next to the calling test file.
///
/// A missing file, or `MINIMA_RECORD_SNAPSHOTS=1` in the environment, writes `actual` as the
/// new golden file and records an issue, so a recording run never passes (STYLE.md G24).
/// A mismatch records an issue holding a numbered line diff.
public func expectSnapshot(_ actual: String, named name: String, filePath: String = #filePath,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = dir.appendingPathComponent(name)
    let record = ProcessInfo.processInfo.environment["MINIMA_RECORD_SNAPSHOTS"] == "1"
    guard !record, let expected = try? String(contentsOf: file, encoding: .utf8) else {
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try actual.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("Recorded snapshot \(name); check it in and re-run.", sourceLocation: sourceLocation)
        } catch {
            Issue.record("Could not record snapshot \(name): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    if actual != expected {
        Issue.record(Comment(rawValue: "Snapshot \(name) differs:\n" + lineDiff(expected: expected, actual: actual)),
                     sourceLocation: sourceLocation)
    }
}

/// A numbered diff: each differing line as `-N expected` / `+N actual`, at most 40 lines.
public func lineDiff(expected: String, actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(a.count, b.count) where out.count < 40 {
        let x = i < a.count ? String(a[i]) : nil
        let y = i < b.count ? String(b[i]) : nil
        guard x != y else { continue }
        if let x { out.append("-\(i + 1) \(x)") }
        if let y { out.append("+\(i + 1) \(y)") }
    }
    return out.joined(separator: "\n")
}
