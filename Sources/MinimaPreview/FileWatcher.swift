import Foundation

/// Watches files and folders by polling: every `interval` it takes each path's fingerprint
/// (inode, size and modification time of a file; of every entry of a folder) and, once a change
/// has settled (two polls `settle` apart agree), reports it. Polling a few paths ten times a
/// second costs a few `stat` calls and works for every editor's way of saving (in place, or a
/// new file renamed over the old one, which an inotify watch on the file would miss).
final class FileWatcher: @unchecked Sendable {
    /// A path's state: nil when it does not exist.
    struct Fingerprint: Hashable {
        var entries: [String: [Int]]
    }

    private let lock = NSLock()
    private var paths: [String] = []
    private var known: [String: Fingerprint?] = [:]
    let interval: Duration
    let settle: Duration

    init(interval: Duration = .milliseconds(100), settle: Duration = .milliseconds(40)) {
        self.interval = interval
        self.settle = settle
    }

    /// Sets the watched paths; a path new to the set is fingerprinted now (so it does not count
    /// as changed).
    func watch(_ newPaths: [String]) {
        let unique = Array(Set(newPaths)).sorted()
        lock.withLock {
            for path in unique where known[path] == nil { known[path] = .some(Self.fingerprint(path)) }
            for path in known.keys where !unique.contains(path) { known[path] = nil }
            paths = unique
        }
    }

    var watched: [String] { lock.withLock { paths } }

    /// Polls until the task is cancelled, calling `changed` with the paths that changed.
    func run(_ changed: @Sendable ([String]) async -> Void) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            var moved = self.changedPaths()
            guard !moved.isEmpty else { continue }
            // A save in several writes (or a burst of saves) settles before the render.
            while true {
                try? await Task.sleep(for: settle)
                let more = self.changedPaths()
                if more.isEmpty { break }
                moved += more
            }
            await changed(Array(Set(moved)).sorted())
        }
    }

    /// The watched paths whose fingerprint differs from the one last seen (and records the new one).
    func changedPaths() -> [String] {
        let current = lock.withLock { paths }
        let prints = current.map { ($0, Self.fingerprint($0)) }
        return lock.withLock {
            var changed: [String] = []
            for (path, print) in prints where known[path] != nil && known[path]! != print {
                known[path] = .some(print)
                changed.append(path)
            }
            return changed
        }
    }

    /// The fingerprint of a file, or of a folder's entries (one level), or nil when absent.
    static func fingerprint(_ path: String) -> Fingerprint? {
        guard let own = stamp(path) else { return nil }
        var entries = ["": own]
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                entries[name] = stamp(path + "/" + name) ?? []
            }
        }
        return Fingerprint(entries: entries)
    }

    private static func stamp(_ path: String) -> [Int]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [Int(info.st_ino), Int(info.st_size), info.st_mtim.tv_sec, info.st_mtim.tv_nsec]
    }
}
