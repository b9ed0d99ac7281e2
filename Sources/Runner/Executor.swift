import Foundation
import Notebook
import Training

/// Computes units whose results are not in the cache, and leaves each result in the store.
///
/// Two executors share the plan, the keys and the store: `LocalExecutor` runs units in this
/// process; `SlurmExecutor` submits them as a job array of `minima worker` tasks.
public protocol Executor: Sendable {
    /// Computes `units` (none of which is cached); returns a failure message per failed key.
    func execute(_ units: [(step: String, unit: WorkUnit)], store: ResultStore, progress: Progress) async -> [CacheKey: String]
}

/// Runs units in this process, `jobs` at a time, each on its own thread.
///
/// The thread count is process-wide: with one unit at a time it gets every core; with several
/// side by side each gets `cores / jobs` (1 on a 2-core machine). Results are the same bytes
/// either way (``Kernels/setThreads(_:)``); the provenance records the count.
public struct LocalExecutor: Executor {
    public var jobs: Int
    let data: DataCache

    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.jobs = max(1, jobs)
        self.data = DataCache.shared
    }

    public func execute(_ units: [(step: String, unit: WorkUnit)], store: ResultStore, progress: Progress) async -> [CacheKey: String] {
        guard !units.isEmpty else { return [:] }
        let parallel = min(jobs, units.count)
        Kernels.setThreads(max(1, Machine.cores / parallel))
        progress.begin(units.count)
        progress.parallel = parallel
        let runner = UnitRunner(store: store, data: data)
        let failures = Failures()
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                let slots = DispatchSemaphore(value: parallel)
                let group = DispatchGroup()
                let queue = DispatchQueue(label: "minima.units", attributes: .concurrent)
                for (step, unit) in units {
                    slots.wait()
                    group.enter()
                    queue.async {
                        defer { slots.signal(); group.leave() }
                        let label = unit.label
                        let start = Date()
                        do {
                            _ = try runner.run(unit) { done, total in progress.update("\(step) \(label)", step: done, of: total) }
                            progress.finished(label, step: step, seconds: Date().timeIntervalSince(start))
                        } catch {
                            failures.add(unit.key, "\(error)")
                            progress.finished(label, step: step, seconds: Date().timeIntervalSince(start), failure: "\(error)")
                        }
                    }
                }
                group.wait()
                finished.resume()
            }
        }
        return failures.all
    }
}

/// Failure messages collected from concurrent units.
final class Failures: @unchecked Sendable {
    private var byKey: [CacheKey: String] = [:]
    private let lock = NSLock()
    func add(_ key: CacheKey, _ message: String) { lock.withLock { byKey[key] = message } }
    var all: [CacheKey: String] { lock.withLock { byKey } }
}
