import Foundation
import Runner

/// The fuzzer's per-process folders: `ROOT/out` (the output folder, emptied around each input),
/// `ROOT/cache` (the cache), and what must never change: `ROOT/sentinel/` (a file, a subfolder
/// with a file), `ROOT/sentinel-link → sentinel` beside the output folder, and inside the output
/// folder a link `escape → ../sentinel`, recreated for each input.
final class Place: @unchecked Sendable {
    static let escapeName = "escape"
    let root: URL
    let output: URL
    let store: ResultStore
    private var baseline: [String: String] = [:]
    private let fm = FileManager.default

    init() {
        var template = Array((NSTemporaryDirectory() + "/minima-render-fuzz.XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            fatalError("mkdtemp failed")
        }
        root = URL(fileURLWithPath: String(cString: made))
        output = root.appendingPathComponent("out")
        store = ResultStore(directory: root.appendingPathComponent("cache"))
        let sentinel = root.appendingPathComponent("sentinel")
        do {
            try fm.createDirectory(at: sentinel.appendingPathComponent("sub"), withIntermediateDirectories: true)
            try Data("keep me\n".utf8).write(to: sentinel.appendingPathComponent("keep.txt"))
            try Data("<html>not Minima's</html>\n".utf8).write(to: sentinel.appendingPathComponent("fuzz.html"))
            try Data("inner\n".utf8).write(to: sentinel.appendingPathComponent("sub/inner.txt"))
            try fm.createSymbolicLink(atPath: root.appendingPathComponent("sentinel-link").path, withDestinationPath: "sentinel")
        } catch {
            fatalError("cannot set up \(root.path): \(error)")
        }
        resetOutput()
        baseline = snapshot()
        // Removed at a normal exit; kept after a finding, to look at.
        atexit { try? FileManager.default.removeItem(at: RenderFuzzer.place.root) }
        FileHandle.standardError.write(Data("RenderFuzzer: output and sentinel under \(root.path)\n".utf8))
    }

    /// Empties the output folder and puts the `escape` link back.
    func resetOutput() {
        try? fm.removeItem(at: output)
        do {
            try fm.createDirectory(at: output, withIntermediateDirectories: false)
            try fm.createSymbolicLink(atPath: output.appendingPathComponent(Self.escapeName).path,
                                      withDestinationPath: "../sentinel")
        } catch {
            fatalError("cannot reset \(output.path): \(error)")
        }
    }

    /// A description of the first difference from the baseline outside `out/` and `cache/`, or nil.
    func changeOutside() -> String? {
        let now = snapshot()
        guard now != baseline else { return nil }
        for (path, value) in now.sorted(by: { $0.key < $1.key }) where baseline[path] != value {
            return baseline[path] == nil ? "\(path) appeared (\(value))" : "\(path) changed: \(baseline[path]!) → \(value)"
        }
        for path in baseline.keys.sorted() where now[path] == nil { return "\(path) disappeared" }
        return "?"
    }

    /// Every item under the root except `out/` and `cache/`, without following links: its type,
    /// permissions, modification time, and bytes or link target.
    private func snapshot() -> [String: String] {
        var items: [String: String] = [:]
        func walk(_ url: URL, _ relative: String) {
            guard let attributes = try? fm.attributesOfItem(atPath: url.path) else { return }
            let type = attributes[.type] as? FileAttributeType
            // The root's own time changes as `out/` is emptied; its entries are compared instead.
            let time = relative.isEmpty ? "" : "\(attributes[.modificationDate] ?? "")"
            var line = "\(type?.rawValue ?? "?") \(attributes[.posixPermissions] ?? "") \(time)"
            switch type {
            case .typeSymbolicLink?: line += " → " + ((try? fm.destinationOfSymbolicLink(atPath: url.path)) ?? "?")
            case .typeRegular?: line += " " + ((try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) } ?? "?")
            case .typeDirectory?:
                for name in (try? fm.contentsOfDirectory(atPath: url.path)) ?? [] {
                    if relative.isEmpty && (name == "out" || name == "cache") { continue }
                    walk(url.appendingPathComponent(name), relative + "/" + name)
                }
            default: break
            }
            items[relative.isEmpty ? "." : relative] = line
        }
        walk(root, "")
        return items
    }
}
