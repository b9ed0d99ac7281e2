import Foundation
import Testing
@testable import Runner

@Suite("Result store")
struct ResultStoreTests {
    func store() -> ResultStore {
        ResultStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("minima-store-\(UUID().uuidString)"))
    }

    @Test("an entry round-trips and leaves no temporary file behind")
    func roundTrip() throws {
        let s = store()
        defer { try? FileManager.default.removeItem(at: s.directory) }
        let key = CacheKey(kind: "t", spec: [1, 2])
        #expect(!s.contains(key))
        try s.save(["a": 1.5, "b": -2], for: key)
        #expect(s.contains(key))
        #expect(s.load([String: Double].self, for: key) == ["a": 1.5, "b": -2])
        let files = FileManager.default.enumerator(atPath: s.directory.path)?.allObjects as? [String] ?? []
        #expect(!files.contains { $0.hasSuffix(".tmp") })
    }

    @Test("a corrupted entry is treated as missing and removed, so the unit runs again")
    func corruption() throws {
        let s = store()
        defer { try? FileManager.default.removeItem(at: s.directory) }
        let key = CacheKey(kind: "t", spec: [3])
        try s.save([1.0, 2.0], for: key)
        let file = s.directory.appendingPathComponent("entries/\(key.hex.prefix(2))/\(key.hex).json")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"digest\":\"", with: "\"digest\":\"0")
        try text.write(to: file, atomically: true, encoding: .utf8)
        #expect(s.load([Double].self, for: key) == nil)
        #expect(!s.contains(key))
    }

    @Test("parameters round-trip bit for bit, NaN and infinities included")
    func parameters() throws {
        let s = store()
        defer { try? FileManager.default.removeItem(at: s.directory) }
        let key = CacheKey(kind: "p", spec: [4])
        let values: [Float] = [0, -0.0, 1.5, .infinity, -.infinity, .nan, .leastNonzeroMagnitude]
        try s.saveParameters(values, for: key)
        let back = try #require(s.loadParameters(for: key, count: values.count))
        #expect(back.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(s.loadParameters(for: key, count: values.count + 1) == nil)
    }
}
