import Foundation

/// Cache keys already computed in this process, by the unit they were computed from.
///
/// A key is a pure function of its unit (a SHA-256 over the unit's canonical JSON), so it can
/// be remembered by the unit's value. A render asks for each unit's key several times (is it
/// cached, did it fail, which units does a measurement read); `minima preview` renders after
/// every save, and for the paper notebook the JSON encoding and hashing of the same units was
/// a fifth of a re-render. The memo is bounded: it starts over past 100,000 units.
final class KeyMemo<Unit: Hashable & Sendable>: @unchecked Sendable {

    private var keys: [Unit: CacheKey] = [:]
    private let lock = NSLock()

    /// The key of `unit`, computed by `compute` the first time.
    func key(for unit: Unit, compute: (Unit) -> CacheKey) -> CacheKey {
        if let known = lock.withLock({ keys[unit] }) { return known }
        let key = compute(unit)
        lock.withLock {
            if keys.count >= 100_000 { keys.removeAll() }
            keys[unit] = key
        }
        return key
    }
}

/// The process's memos.
enum KeyMemos {
    static let units = KeyMemo<WorkUnit>()
    static let runs = KeyMemo<RunUnit>()
}
