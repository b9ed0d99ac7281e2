import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain HTTP/1.1 client over a loopback TCP socket, for the preview's end-to-end tests: GET a
/// page (read to the end) or read a server-sent event stream as it comes. Its reads block, so
/// the async forms run them on a Dispatch thread, never on the few threads the server's tasks
/// share (on two cores, two blocked reads would starve the server).
final class LoopbackClient: @unchecked Sendable {
    private let descriptor: Int32
    private(set) var received = ""

    init(port: Int, path: String, timeout: Int = 120) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ClientError("socket: \(errno)") }
        var wait = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw ClientError("connect to port \(port): \(errno)")
        }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(descriptor, $0, strlen($0), 0) }
    }

    deinit { close(descriptor) }

    /// Reads one chunk; false at the end of the stream or after the timeout.
    @discardableResult
    func receive() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return false }
        received += String(decoding: buffer[0..<count], as: UTF8.self)
        return true
    }

    /// Reads until `predicate` holds for what was received (true) or the stream ends (false).
    func receive(until predicate: (String) -> Bool) -> Bool {
        while !predicate(received) {
            if !receive() { return predicate(received) }
        }
        return true
    }

    /// Reads until `predicate` holds, off the concurrency pool.
    func receive(until predicate: @escaping @Sendable (String) -> Bool) async -> Bool {
        await Self.offPool { self.receive(until: predicate) }
    }

    /// Connects off the concurrency pool.
    static func open(port: Int, path: String) async throws -> LoopbackClient {
        try await offPool { Result { try LoopbackClient(port: port, path: path) } }.get()
    }

    /// GETs `path`: the status code, the header block and the body.
    static func get(port: Int, path: String = "/") async throws -> (status: Int, headers: String, body: String) {
        try await offPool { Result { try getBlocking(port: port, path: path) } }.get()
    }

    static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }

    static func getBlocking(port: Int, path: String) throws -> (status: Int, headers: String, body: String) {
        let client = try LoopbackClient(port: port, path: path)
        while client.receive() {}
        let parts = client.received.components(separatedBy: "\r\n\r\n")
        let head = parts[0]
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, head, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// The numbers of the `page` events in an event stream's text.
    static func pageEvents(in text: String) -> [Int] {
        text.components(separatedBy: "event: page\ndata: ").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    }

    struct ClientError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
