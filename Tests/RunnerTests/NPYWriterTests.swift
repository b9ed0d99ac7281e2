import Foundation
import MinimaTestSupport
import Testing
@testable import Runner

@Suite("NumPy .npy files")
struct NPYWriterTests {
    @Test("the header of a [3, 4] array is numpy's v1.0 header, padded to 64 bytes")
    func goldenHeader() {
        let header = NPYWriter.header(shape: [3, 4])
        let dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"
        // 10 preamble bytes + 59 dict bytes + padding + "\n" = 128, the next multiple of 64 after 70.
        #expect(dict.utf8.count == 59)
        let expected = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 0x01, 0x00, 118, 0])
            + Data((dict + String(repeating: " ", count: 128 - 10 - 59 - 1) + "\n").utf8)
        #expect(header == expected)
        #expect(header.count == 128)
    }

    @Test("a 1-D shape is a one-element tuple with a trailing comma; a scalar is ()")
    func tuples() {
        let vector = String(decoding: NPYWriter.header(shape: [5]).dropFirst(10), as: UTF8.self)
        #expect(vector.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }"))
        let scalar = String(decoding: NPYWriter.header(shape: []).dropFirst(10), as: UTF8.self)
        #expect(scalar.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (), }"))
    }

    @Test("every header is a multiple of 64 bytes, ends in a newline, and states its own length",
          arguments: [[0], [1], [7], [256, 784], [10, 256], [123_456_789, 1], [2, 3, 4, 5, 6, 7, 8, 9]])
    func alignment(shape: [Int]) {
        let header = [UInt8](NPYWriter.header(shape: shape))
        #expect(header.count % 64 == 0)
        #expect(header.last == UInt8(ascii: "\n"))
        #expect(Int(header[8]) | Int(header[9]) << 8 == header.count - 10)
    }

    @Test("data reads back bit for bit, row-major, NaN, infinities and -0 included")
    func roundTrip() throws {
        let values: [Float] = [1, -2.5, .pi, 1e-30, .nan, .infinity, -.infinity, -0.0, 3.4e38, -1]
        let file = NPYWriter.file(values, shape: [2, 5])
        let read = try NPYReading(file)
        #expect(read.descr == "<f4")
        #expect(read.shape == [2, 5])
        #expect(read.values.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(file.count == NPYWriter.header(shape: [2, 5]).count + 4 * 10)
    }

    @Test("numpy, when installed, loads the file with the same shape, dtype and values")
    func numpyLoads() throws {
        guard Self.hasNumPy else { return }   // the test passes without numpy; the reader above checks the bytes
        let values: [Float] = (0..<12).map { Float($0) * 0.5 - 2 }   // -2, -1.5, …, 3.5: exact in Float32 and in decimal
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("minima-npy-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        try NPYWriter.file(values, shape: [3, 4]).write(to: url)
        let output = try Self.python("import numpy as n; a = n.load('\(url.path)'); print(a.shape, a.dtype, a[1, 2], a.ravel().tolist())")
        #expect(output == "(3, 4) float32 1.0 \(values.map { "\(Double($0))" })\n".replacingOccurrences(of: "\"", with: ""))
    }

    static var hasNumPy: Bool { (try? python("import numpy")) != nil }

    static func python(_ code: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CancellationError() }
        return String(decoding: output, as: UTF8.self)
    }
}
