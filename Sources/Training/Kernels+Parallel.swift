import Dispatch
import Synchronization

/// How a run's products are split and run in parallel, so that its numbers do not depend on how
/// many threads it gets (issue "Trust", item 4).
///
/// OpenBLAS always runs single-threaded: its threaded `sgemm` partitions the output and the
/// inner dimension by thread count, so one element is summed by a different micro-kernel (and,
/// for some `k`, in different blocks) with 1 and with 2 threads, and `saxpy` rounds a different
/// tail. Instead, ``gemmTiles(m:n:k:)`` cuts a product into tiles that depend on its shape alone,
/// and ``forEachTile(_:_:)`` runs them on up to ``threads`` workers. Each output element is
/// then computed by the same single-threaded call whatever the thread count, the number of runs
/// side by side, the executor or the machine's core count.
extension Kernels {
    /// Minima's parallelism per product (not OpenBLAS's, which stays at 1).
    private static let workers = Atomic<Int>(1)

    /// Forces OpenBLAS to one thread, once, before the first BLAS call of the process.
    static let blasSingleThreaded: Void = { openBLASSetThreads(1) }()

    /// Sets how many threads run the tiles of one product, for the whole process (the local
    /// executor gives each of `jobs` side-by-side runs `cores / jobs`; a Slurm task its CPUs).
    /// Results do not depend on it.
    public static func setThreads(_ count: Int) {
        precondition(count >= 1, "setThreads: thread count \(count) must be at least 1")
        _ = blasSingleThreaded
        workers.store(count, ordering: .relaxed)
    }

    /// The number of threads that run the tiles of one product.
    public static var threads: Int { workers.load(ordering: .relaxed) }

    /// Multiply-adds below which a product is one tile: a tile of ~1 M multiply-adds takes
    /// ~20 µs on one core, well above the cost of handing it to another thread.
    static let tileWork = 1 << 20
    /// At most this many tiles per product (enough to balance 16 workers).
    static let maximumTiles = 16
    /// Tile widths are multiples of this (the `sgemm` micro-kernel's width on x86).
    static let tileAlignment = 16
    /// Tiles are at least this wide: narrower ones repack the shared operand too often
    /// (single-threaded `sgemm` on 32-wide tiles ran ~15 % slower than whole, 128-wide ~3 %).
    static let minimumTileWidth = 128

    /// A product `[m, k]·[k, n]` cut along its larger output dimension into tiles of whole rows
    /// (`splitsRows`) or whole columns of `c`, each `width` wide except a shorter last one.
    /// A function of the shape only.
    struct GemmTiles: Equatable {
        var splitsRows: Bool
        var width: Int
        var count: Int
    }

    /// The tiles of an `m × n × k` product: one tile when it is small, else up to
    /// ``maximumTiles`` of at least ``tileWork`` multiply-adds and ``minimumTileWidth`` rows or
    /// columns along the larger of `m` and `n`.
    static func gemmTiles(m: Int, n: Int, k: Int) -> GemmTiles {
        let splitsRows = m > n
        let length = splitsRows ? m : n
        let work = m * n * k
        let wanted = min(maximumTiles, work / tileWork, length / minimumTileWidth)
        guard wanted >= 2 else { return GemmTiles(splitsRows: splitsRows, width: max(length, 1), count: 1) }
        let width = (length + wanted - 1) / wanted
        let aligned = (width + tileAlignment - 1) / tileAlignment * tileAlignment
        return GemmTiles(splitsRows: splitsRows, width: aligned, count: (length + aligned - 1) / aligned)
    }

    /// Calls `body(t)` once for every tile `t` in `0..<count`, on up to ``threads`` threads
    /// (the calling thread among them); tiles are handed out in order as threads become free.
    static func forEachTile(_ count: Int, _ body: (Int) -> Void) {
        forEachTile(count) { tile, _ in body(tile) }
    }

    /// ``forEachTile(_:_:)`` that also tells `body` which worker (`0..<min(threads, count)`) runs
    /// the tile, so that a tile can use that worker's scratch memory.
    static func forEachTile(_ count: Int, _ body: (_ tile: Int, _ worker: Int) -> Void) {
        let parallel = min(threads, count)
        if parallel <= 1 {
            for tile in 0..<count { body(tile, 0) }
            return
        }
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: parallel) { worker in
                while true {
                    let tile = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard tile < count else { return }
                    shared.value(tile, worker)
                }
            }
        }
    }

    /// At most this many sample groups per batch (enough to balance 8 workers).
    static let maximumGroups = 8

    /// The sample groups of a batch of `n`: `min(n, maximumGroups)` consecutive ranges whose
    /// bounds depend on `n` only. The per-sample layers (convolutions, pooling, activations,
    /// batch norm's elementwise loops) run one group per task, and the sums across samples
    /// (weight gradients, batch statistics) add one partial per group, in group order, so a
    /// result does not depend on the thread count.
    static func sampleGroups(_ n: Int) -> Int { min(n, maximumGroups) }

    /// The samples of group `g` of `count` groups over a batch of `n`.
    @inline(__always)
    static func groupRange(_ g: Int, of count: Int, batch n: Int) -> Range<Int> {
        (g * n / count)..<((g + 1) * n / count)
    }

    /// Calls `body(group, samples, worker)` for each sample group of a batch of `n`, in parallel.
    static func forEachGroup(batch n: Int, _ body: (_ group: Int, _ samples: Range<Int>, _ worker: Int) -> Void) {
        let count = sampleGroups(n)
        forEachTile(count) { g, worker in body(g, groupRange(g, of: count, batch: n), worker) }
    }

    /// Sums over the `samples · positions` rows of a batch (batch norm's per-channel sums):
    /// `body(rows, partial)` adds
    /// one group's rows into its zeroed `partial` [width], the groups run in parallel, and `total`
    /// [width] is their sum in group order (so it does not depend on the thread count).
    static func groupedSums(
        samples n: Int, positions p: Int, width: Int, into total: UnsafeMutablePointer<Double>,
        _ body: (_ rows: Range<Int>, _ partial: UnsafeMutablePointer<Double>) -> Void
    ) {
        let groups = sampleGroups(n)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, groups * width)) { buffer in
            let partials = buffer.baseAddress!
            forEachGroup(batch: n) { g, samples, _ in
                let partial = partials + g * width
                partial.update(repeating: 0, count: width)
                body((samples.lowerBound * p)..<(samples.upperBound * p), partial)
            }
            total.update(repeating: 0, count: width)
            for g in 0..<groups {
                for i in 0..<width { total[i] += partials[g * width + i] }
            }
        }
    }

    /// Calls `body(rows)` for the rows of each sample group of a batch, in parallel.
    static func forEachRowGroup(samples n: Int, positions p: Int, _ body: (_ rows: Range<Int>) -> Void) {
        forEachGroup(batch: n) { _, samples, _ in body((samples.lowerBound * p)..<(samples.upperBound * p)) }
    }

    /// Calls `body(range)` over `count` elements cut into ``sampleGroups(_:)`` of `samples`
    /// pieces of `count / samples` elements each, in parallel (an elementwise loop's split never
    /// changes its result).
    static func forEachSlice(samples n: Int, count: Int, _ body: (_ range: Range<Int>) -> Void) {
        precondition(n > 0 && count % n == 0, "forEachSlice: \(count) elements are not \(n) samples' worth")
        let perSample = count / n
        forEachGroup(batch: n) { _, samples, _ in
            body((samples.lowerBound * perSample)..<(samples.upperBound * perSample))
        }
    }
}

/// Moves a value the caller knows is safe to share (a tile body writing disjoint tiles).
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
