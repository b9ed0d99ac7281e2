import Foundation
import Testing
@testable import Runner

@Suite("Render lock")
struct RenderLockTests {
    @Test("a second render of the same notebook cannot take the lock until the first releases it")
    func exclusive() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("minima-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var first = try RenderLock(output: folder, name: "nb", wait: false)
        #expect(first != nil)
        // flock locks belong to the open file description, so a second open in the same process
        // conflicts exactly as another process would.
        #expect(try RenderLock(output: folder, name: "nb", wait: false) == nil)
        #expect(try RenderLock(output: folder, name: "other", wait: false) != nil)
        first = nil
        #expect(try RenderLock(output: folder, name: "nb", wait: false) != nil)
    }
}
