import FlyingFox
import FlyingSocks
import Foundation

/// The `text/event-stream` wire format (WHATWG HTML §9.2): an `event:` line, a `data:` line per
/// line of data, and a blank line.
enum ServerSentEvent {
    static func encode(event: String, data: String) -> Data {
        var text = "event: \(event)\n"
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line)\n"
        }
        return Data((text + "\n").utf8)
    }

    /// A streamed (chunked) response carrying `events` until the stream ends.
    static func response(_ events: AsyncStream<Data>) -> HTTPResponse {
        HTTPResponse(statusCode: .ok,
                     headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
                     body: HTTPBodySequence(from: EventBytes(events: events)))
    }
}

/// An `AsyncStream` of event chunks as the byte sequence FlyingFox streams a body from: each
/// chunk is written to the socket as soon as it is yielded.
struct EventBytes: AsyncBufferedSequence {
    typealias Element = UInt8
    let events: AsyncStream<Data>

    func makeAsyncIterator() -> Iterator { Iterator(events: events.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var events: AsyncStream<Data>.Iterator
        var pending: [UInt8] = []

        mutating func next() async -> UInt8? {
            guard let buffer = await nextBuffer(suggested: 1) else { return nil }
            return buffer.first
        }

        mutating func nextBuffer(suggested count: Int) async -> [UInt8]? {
            while pending.isEmpty {
                guard let chunk = await events.next() else { return nil }
                pending = Array(chunk)
            }
            let taken = Array(pending.prefix(Swift.max(1, count)))
            pending.removeFirst(taken.count)
            return taken
        }
    }
}
