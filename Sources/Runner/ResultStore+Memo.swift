import Foundation

/// Cache entries already read and verified, kept in memory by a long-lived process.
///
/// Entries are immutable and content-addressed, so a verified payload (and the value decoded
/// from it) stays right for as long as the process lives: `minima preview` re-renders a page
/// after every save without reading, hashing and decoding the same entries again (for the
/// flagship notebook that is most of a warm render's time). Misses are never remembered, so a
/// unit computed later is found. A class because the memo is shared state behind a lock.
public final class ResultMemo: @unchecked Sendable {
    private var payloads: [CacheKey: Data] = [:]
    private var values: [CacheKey: Any] = [:]
    private let lock = NSLock()

    public init() {}

    /// How many entries are held (for tests and timing lines).
    public var count: Int { lock.withLock { payloads.count } }

    func payload(for key: CacheKey) -> Data? { lock.withLock { payloads[key] } }

    func remember(payload: Data, for key: CacheKey) { lock.withLock { payloads[key] = payload } }

    /// The value decoded from `key`'s entry as `T`, if one was decoded before.
    func value<T>(_ type: T.Type, for key: CacheKey) -> T? { lock.withLock { values[key] as? T } }

    func remember<T>(_ value: T, for key: CacheKey) { lock.withLock { values[key] = value } }

    func forget(_ key: CacheKey) {
        lock.withLock {
            payloads[key] = nil
            values[key] = nil
        }
    }
}
