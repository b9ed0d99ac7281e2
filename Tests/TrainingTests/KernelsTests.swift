import Foundation
import Testing
import MinimaTestSupport
@testable import Training

private func naiveProduct(m: Int, n: Int, k: Int, _ a: [Float], _ b: [Float]) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m { for j in 0..<n { for p in 0..<k { c[i * n + j] += Double(a[i * k + p]) * Double(b[p * n + j]) } } }
    return c
}

private func transpose(_ x: [Float], rows: Int, columns: Int) -> [Float] {
    (0..<(rows * columns)).map { idx in x[(idx % rows) * columns + idx / rows] }
}

@Suite("Kernels") struct KernelsTests {
    @Test("gemm agrees with the naive triple loop for every transpose combination",
          arguments: [(1, 1, 1), (3, 5, 7), (17, 10, 33)])
    func gemmMatchesReference(m: Int, n: Int, k: Int) {
        var rng = SplitMix64(seed: 42)
        let a = (0..<(m * k)).map { _ in rng.nextUnitFloat() - 0.5 }
        let b = (0..<(k * n)).map { _ in rng.nextUnitFloat() - 0.5 }
        let expected = naiveProduct(m: m, n: n, k: k, a, b)
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let storedA = ta ? transpose(a, rows: m, columns: k) : a
            let storedB = tb ? transpose(b, rows: k, columns: n) : b
            var c = [Float](repeating: 1, count: m * n)
            c.withUnsafeMutableBufferPointer { out in
                Kernels.gemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 2, storedA, storedB, beta: 0.5,
                             into: out.baseAddress!)
            }
            for i in c.indices { #expect(isClose(Double(c[i]), 2 * expected[i] + 0.5, rtol: 1e-5, atol: 1e-5)) }
        }
    }

    @Test("softmax cross-entropy matches hand-computed values and survives huge logits")
    func softmaxCrossEntropyHandValues() {
        // Row 1: logits (0, 0) → loss log 2. Row 2: logits (1, 2, 3) with label 0 → log(e+e²+e³) − 1.
        // Row 3: logits (1000, 0) with label 1 → loss 1000 (stable: no overflow).
        let logits: [Float] = [0, 0, 1, 2, 3, 1000, 0]
        var gradient = [Float](repeating: 0, count: 7)
        let firstLoss: Double = log(2.0)
        let secondLoss: Double = log(exp(1.0) + exp(2.0) + exp(3.0)) - 1
        let rows: [(offset: Int, classes: Int, label: Int32, loss: Double)] = [
            (0, 2, 1, firstLoss), (2, 3, 0, secondLoss), (5, 2, 1, 1000)]
        for row in rows {
            let result = logits.withUnsafeBufferPointer { z in
                gradient.withUnsafeMutableBufferPointer { g in
                    [row.label].withUnsafeBufferPointer { y in
                        Kernels.softmaxCrossEntropy(rows: 1, classes: row.classes, logits: z.baseAddress! + row.offset,
                                                    labels: y.baseAddress!, gradient: g.baseAddress! + row.offset)
                    }
                }
            }
            #expect(isClose(result.lossSum, row.loss, rtol: 1e-6, atol: 1e-6))
        }
        // ∂/∂z = softmax − onehot.
        let e: [Double] = [exp(1.0), exp(2.0), exp(3.0)]
        let total = e[0] + e[1] + e[2]
        let expected: [Double] = [0.5, -0.5, e[0] / total - 1, e[1] / total, e[2] / total, 1, -1]
        for i in expected.indices {
            #expect(isClose(Double(gradient[i]), expected[i], rtol: 1e-6, atol: 1e-6), "gradient \(i)")
        }
    }

    @Test("column sums and Double reductions match direct sums")
    func reductions() {
        let x: [Float] = [1, 2, 3, 4, 5, 6]
        var y: [Float] = [10, 20, 30]
        y.withUnsafeMutableBufferPointer { Kernels.columnSums(rows: 2, columns: 3, x, alpha: 2, beta: 0.5, into: $0.baseAddress!) }
        let expected: [Float] = [15, 24, 33]
        #expect(y == expected)
        #expect(Kernels.dot(count: 6, x, x) == 91)
        #expect(Kernels.sumOfSquares(count: 6, x) == 91)
        #expect(Kernels.allFinite(count: 6, x))
        #expect(!Kernels.allFinite(count: 2, [1, Float.nan]))
    }

    @Test("the kernel family is OpenBLAS's (or OPENBLAS_CORETYPE's), and cpuRuns agrees with the CPU flags Linux reports")
    func blasKernelFamily() throws {
        let kernel = Kernels.blasKernel
        if let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] {
            #expect(kernel.lowercased() == forced.lowercased())
        }
        #expect(Kernels.cpuRuns(blasKernel: kernel))
        let info = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = Set(info.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
        #expect(Kernels.cpuRuns(blasKernel: "Haswell") == (flags.contains("avx2") && flags.contains("fma")))
        let avx512 = ["avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"].allSatisfy(flags.contains)
        #expect(Kernels.cpuRuns(blasKernel: "SkylakeX") == avx512)
        #expect(Kernels.cpuRuns(blasKernel: "Penryn"))  // not a family Minima checks
    }

    @Test("setThreads changes the process-wide BLAS thread count")
    func threads() {
        let before = Kernels.threads
        Kernels.setThreads(1)
        #expect(Kernels.threads == 1)
        Kernels.setThreads(before)
    }
}
