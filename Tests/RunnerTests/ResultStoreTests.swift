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

@Suite("Result store: every file names its key and carries a digest")
struct ResultStoreTrustTests {
    func store() -> ResultStore {
        ResultStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("minima-store-\(UUID().uuidString)"))
    }

    @Test("an entry copied over another key is rejected and removed")
    func entryOfAnotherKey() throws {
        let s = store()
        defer { try? FileManager.default.removeItem(at: s.directory) }
        let (a, b) = (CacheKey(kind: "t", spec: [1]), CacheKey(kind: "t", spec: [2]))
        try s.save([1.0], for: a)
        try s.save([2.0], for: b)
        try FileManager.default.removeItem(at: s.entryURL(b))
        try FileManager.default.copyItem(at: s.entryURL(a), to: s.entryURL(b))
        #expect(!s.contains(b))
        #expect(!FileManager.default.fileExists(atPath: s.entryURL(b).path))
        #expect(s.load([Double].self, for: a) == [1.0])
    }

    @Test("a checkpoint of another key is not loaded")
    func checkpointOfAnotherKey() throws {
        let s = store()
        defer { try? FileManager.default.removeItem(at: s.directory) }
        let (a, b) = (CacheKey(kind: "r", spec: [1]), CacheKey(kind: "r", spec: [2]))
        try s.saveCheckpoint(["epoch": 3], for: a)
        #expect(s.loadCheckpoint([String: Int].self, for: a) == ["epoch": 3])
        let folder = s.directory.appendingPathComponent("checkpoints")
        try FileManager.default.copyItem(at: folder.appendingPathComponent("\(a.hex).json"),
                                         to: folder.appendingPathComponent("\(b.hex).json"))
        #expect(s.loadCheckpoint([String: Int].self, for: b) == nil)
    }

    @Test("parameters: 256-byte header naming the key, raw Float32 after; damage removes them with the entry")
    func parameterFile() throws {
        let s = store()
        defer { try? FileManager.default.removeItem(at: s.directory) }
        let key = CacheKey(kind: "run", spec: [9])
        let values: [Float] = (0..<100).map { Float($0) * 0.25 - 3 }
        try s.saveParameters(values, for: key)
        try s.save(["loss": 0.5], for: key)
        let data = try Data(contentsOf: s.paramsURL(key))
        #expect(data.count == 256 + 400)
        let header = String(decoding: data.prefix(256), as: UTF8.self)
        #expect(header.hasPrefix("minima-f32 1\nkey \(key.hex)\ncount 100\nsha256 "))
        #expect(header.hasSuffix(" \n"))
        #expect(s.contains(key))

        for damage in [{ (d: inout Data) in d[300] ^= 1 }, { (d: inout Data) in d.removeLast(4) }] {
            try s.saveParameters(values, for: key)
            try s.save(["loss": 0.5], for: key)
            var bad = data
            damage(&bad)
            try bad.write(to: s.paramsURL(key))
            #expect(!s.contains(key))   // the run's entry goes too: the run trains again
            #expect(!FileManager.default.fileExists(atPath: s.paramsURL(key).path))
            #expect(s.loadParameters(for: key, count: 100) == nil)
        }
    }

    @Test("parameters of another run of the same size are rejected")
    func parametersOfAnotherRun() throws {
        let s = store()
        defer { try? FileManager.default.removeItem(at: s.directory) }
        let (a, b) = (CacheKey(kind: "run", spec: [1]), CacheKey(kind: "run", spec: [2]))
        try s.saveParameters([1, 2, 3], for: a)
        try s.saveParameters([4, 5, 6], for: b)
        try s.save(["loss": 0.5], for: b)
        try FileManager.default.removeItem(at: s.paramsURL(b))
        try FileManager.default.copyItem(at: s.paramsURL(a), to: s.paramsURL(b))
        #expect(s.loadParameters(for: b, count: 3) == nil)
        #expect(!s.contains(b))
    }
}
