import Foundation
import Testing
@testable import Training

/// A run's numbers do not depend on how many threads it gets (issue "Trust", item 4): the local
/// executor gives each run `cores / jobs` threads and Slurm `--cpus-per-task`, and the cache key
/// records neither. Checked at the quickstart's size, where OpenBLAS's own threading changed the
/// 9th digit of every loss.
@Suite("Results do not depend on the thread count")
struct ThreadInvarianceTests {
    /// Runs `body` with `threads` threads, restoring the previous count.
    static func with<T>(threads: Int, _ body: () throws -> T) rethrows -> T {
        let before = Kernels.threads
        defer { Kernels.setThreads(before) }
        Kernels.setThreads(threads)
        return try body()
    }

    /// The quickstart's model (784-128-10, ReLU, batch 64) for 300 steps on 784-feature data.
    static func trainQuickstartShape(threads: Int, optimizer: SGD) throws -> RunState {
        let train = SyntheticData.randomTeacher(count: 6400, features: 784, classes: 10, seed: 3)
        let test = SyntheticData.randomTeacher(count: 1000, features: 784, classes: 10, seed: 4)
        let configuration = RunConfiguration(
            model: MLP(widths: [784, 128, 10], activation: .relu), initialization: .he,
            learningRate: .constant(0.1), batchSize: .constant(64), epochs: 3, optimizer: optimizer, seed: 1)
        return try with(threads: threads) {
            var run = try TrainingRun(configuration: configuration, data: DataSplit(train: train, test: test))
            run.train()
            return run.state
        }
    }

    @Test("training the quickstart's shape with 1, 2 and 3 threads gives bit-identical parameters and losses",
          arguments: [SGD(), SGD(momentum: 0.9, weightDecay: 5e-4)])
    func quickstartShape(optimizer: SGD) throws {
        let one = try Self.trainQuickstartShape(threads: 1, optimizer: optimizer)
        #expect(one.step == 300)
        for threads in [2, 3] {
            let other = try Self.trainQuickstartShape(threads: threads, optimizer: optimizer)
            #expect(one.parameters.values.map(\.bitPattern) == other.parameters.values.map(\.bitPattern),
                    "parameters differ between 1 and \(threads) threads")
            #expect(one.velocity?.values.map(\.bitPattern) == other.velocity?.values.map(\.bitPattern))
            #expect(one.history == other.history, "losses differ between 1 and \(threads) threads")
        }
    }

    /// Shapes of the quickstart and of the benchmark, split along rows and along columns, with
    /// every transpose: each output equals a Double reference and is the same bits for 1–4 threads.
    @Test("gemm gives the same bits for 1 to 4 threads and matches a reference",
          arguments: [
              (false, true, 64, 128, 784), (false, true, 32, 512, 784), (false, true, 1000, 128, 784),
              (false, false, 256, 128, 10), (false, false, 64, 784, 512), (false, false, 512, 64, 512),
              (true, false, 128, 784, 64), (true, false, 512, 128, 64), (true, true, 300, 200, 100),
          ])
    func gemmShapes(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int) {
        var rng = SplitMix64(seed: UInt64(m * 7 + n * 3 + k))
        let a = (0..<(m * k)).map { _ in rng.nextUnitFloat() - 0.5 }
        let b = (0..<(k * n)).map { _ in rng.nextUnitFloat() - 0.5 }
        let c0 = (0..<(m * n)).map { _ in rng.nextUnitFloat() - 0.5 }
        func product(threads: Int) -> [Float] {
            var c = c0
            Self.with(threads: threads) {
                Kernels.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: -0.3,
                             a, b, beta: 0.5, into: &c)
            }
            return c
        }
        let one = product(threads: 1)
        for threads in 2...4 {
            #expect(one.map(\.bitPattern) == product(threads: threads).map(\.bitPattern), "\(threads) threads")
        }
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    sum += Double(transposeA ? a[p * m + i] : a[i * k + p]) * Double(transposeB ? b[j * k + p] : b[p * n + j])
                }
                worst = max(worst, abs(-0.3 * sum + 0.5 * Double(c0[i * n + j]) - Double(one[i * n + j])))
            }
        }
        #expect(worst < 1e-4, "largest error \(worst)")
    }

    @Test("tiles depend on the shape only, are whole multiples of 16 wide and cover the product")
    func tiles() {
        #expect(Kernels.gemmTiles(m: 16, n: 10, k: 128).count == 1)
        for (m, n, k) in [(64, 128, 784), (32, 512, 784), (128, 784, 64), (512, 512, 784), (2048, 2048, 2048)] {
            let tiles = Kernels.gemmTiles(m: m, n: n, k: k)
            let length = tiles.splitsRows ? m : n
            #expect(tiles.splitsRows == (m > n))
            #expect(tiles.count == 1 || tiles.width % Kernels.tileAlignment == 0)
            #expect((tiles.count - 1) * tiles.width < length && tiles.count * tiles.width >= length)
            #expect(tiles.count <= Kernels.maximumTiles)
        }
    }
}
