import Foundation
import Testing
@testable import MinimaPreview

@Suite("File watcher")
struct FileWatcherTests {
    @Test("a file saved in place or renamed over, and a file added to a watched folder, are changes; nothing else is")
    func detectsChanges() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("minima-watch-\(UUID().uuidString)")
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = folder.appendingPathComponent("nb.md")
        try "one".write(to: notebook, atomically: false, encoding: .utf8)
        let watcher = FileWatcher()
        watcher.watch([notebook.path, data.path])
        #expect(watcher.changedPaths().isEmpty)

        try "two, longer".write(to: notebook, atomically: false, encoding: .utf8)     // in place
        #expect(watcher.changedPaths() == [notebook.path])
        #expect(watcher.changedPaths().isEmpty)                                         // seen once

        try "two, longes".write(to: notebook, atomically: true, encoding: .utf8)       // renamed over, same size
        #expect(watcher.changedPaths() == [notebook.path])

        try Data([1, 2, 3]).write(to: data.appendingPathComponent("train-images-idx3-ubyte.gz"))
        #expect(watcher.changedPaths() == [data.path])

        try FileManager.default.removeItem(at: notebook)                                // deleted
        #expect(watcher.changedPaths() == [notebook.path])
    }
}
