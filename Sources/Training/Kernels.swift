import CBLAS
import Foundation

/// Every float loop of the training core, and the only file that touches BLAS.
///
/// Matrices are row-major `Float` buffers. The kernels take raw pointers so that a training
/// step allocates nothing; callers obtain them once per epoch with `withUnsafe…BufferPointer`.
/// Reductions owned by Minima (losses, norms, dot products) accumulate in `Double`, in index
/// order, so they do not depend on the thread count.
///
/// OpenBLAS runs single-threaded; products are split into tiles that depend on their shape only
/// and run in parallel by Minima (`Kernels+Parallel.swift`), so results do not depend on the
/// thread count.
public enum Kernels {
    /// Sets OpenBLAS's process-wide thread count (always 1, from ``blasSingleThreaded``).
    static func openBLASSetThreads(_ count: Int32) {
        openblas_set_num_threads(count)
    }

    /// The OpenBLAS kernel family every product runs ("Haswell", "SkylakeX", …): OpenBLAS's
    /// choice for this CPU, or `OPENBLAS_CORETYPE` when set. Part of every cache key: two
    /// families sum in different orders, so their results differ in the last bits.
    public static var blasKernel: String {
        _ = blasSingleThreaded
        return String(cString: openblas_get_corename())
    }

    /// Whether this CPU has the instructions of OpenBLAS kernel family `name` (SkylakeX and
    /// Cooperlake: AVX-512; Haswell and Zen: AVX2 and FMA); true for families it does not know.
    public static func cpuRuns(blasKernel name: String) -> Bool {
        switch name.lowercased() {
        case "skylakex", "cooperlake": return minima_cpu_has_avx512() != 0
        case "haswell", "zen": return minima_cpu_has_avx2() != 0
        default: return true
        }
    }

    /// `c = alpha · op(a) · op(b) + beta · c`, where `op(a)` is [m, k] and `op(b)` is [k, n].
    ///
    /// `a` is stored [m, k] (or [k, m] when `transposeA`), `b` is [k, n] (or [n, k] when
    /// `transposeB`), `c` is [m, n]; leading dimensions are the stored row lengths.
    /// - Complexity: O(*m* · *n* · *k*).
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        beta: Float = 0, into c: UnsafeMutablePointer<Float>
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "gemm: negative shape [\(m),\(k)]x[\(k),\(n)]")
        _ = blasSingleThreaded
        let lda = max(transposeA ? m : k, 1)
        let ldb = max(transposeB ? k : n, 1)
        let ldc = max(n, 1)
        let tiles = gemmTiles(m: m, n: n, k: k)
        forEachTile(tiles.count) { t in
            let start = t * tiles.width
            let width = min(tiles.width, (tiles.splitsRows ? m : n) - start)
            // Rows i₀… of op(a) and c, or columns j₀… of op(b) and c; the rest of each operand is whole.
            let aTile = tiles.splitsRows ? a + (transposeA ? start : start * lda) : a
            let bTile = tiles.splitsRows ? b : b + (transposeB ? start * ldb : start)
            let cTile = c + (tiles.splitsRows ? start * ldc : start)
            cblas_sgemm(
                CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(tiles.splitsRows ? width : m), Int32(tiles.splitsRows ? n : width), Int32(k),
                alpha, aTile, Int32(lda), bTile, Int32(ldb), beta, cTile, Int32(ldc))
        }
    }

    /// ``gemm(transposeA:transposeB:m:n:k:alpha:_:_:beta:into:)`` as one single-threaded call,
    /// for a caller that is itself one of several parallel tasks; `lda`, `ldb`, `ldc` default to
    /// the stored row lengths.
    static func serialGemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        beta: Float = 0, into c: UnsafeMutablePointer<Float>
    ) {
        _ = blasSingleThreaded
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(max(transposeA ? m : k, 1)), b,
            Int32(max(transposeB ? k : n, 1)), beta, c, Int32(max(n, 1)))
    }

    /// `y = alpha · op(a) · x + beta · y` with `a` stored [rows, columns].
    /// - Complexity: O(*rows* · *columns*).
    public static func gemv(
        transpose: Bool = false, rows: Int, columns: Int, alpha: Float = 1, _ a: UnsafePointer<Float>,
        _ x: UnsafePointer<Float>, beta: Float = 0, into y: UnsafeMutablePointer<Float>
    ) {
        _ = blasSingleThreaded
        cblas_sgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns), alpha, a,
            Int32(max(columns, 1)), x, 1, beta, y, 1)
    }

    /// `y += alpha · x` over `count` elements.
    /// - Complexity: O(*count*).
    public static func axpy(count: Int, _ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        _ = blasSingleThreaded
        cblas_saxpy(Int32(count), alpha, x, 1, y, 1)
    }

    /// `x *= alpha` over `count` elements.
    /// - Complexity: O(*count*).
    public static func scale(count: Int, _ alpha: Float, _ x: UnsafeMutablePointer<Float>) {
        _ = blasSingleThreaded
        cblas_sscal(Int32(count), alpha, x, 1)
    }

    /// Adds `bias` [columns] to every row of `pre` [rows, columns] in place and writes the
    /// activation of the result into `out` (ReLU: `max(0, z)`, tanh, or a plain copy when
    /// `activation` is nil). `out` may equal `pre` only when `activation` is nil.
    /// - Complexity: O(*rows* · *columns*), one pass.
    public static func addBias(
        rows: Int, columns: Int, _ bias: UnsafePointer<Float>, pre: UnsafeMutablePointer<Float>,
        activation: Activation?, into out: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<rows {
            let z = pre + i * columns
            let a = out + i * columns
            switch activation {
            case .relu?:
                var j = 0
                while j + 8 <= columns {
                    let v = load8(z + j) + load8(bias + j)
                    store8(v, z + j)
                    store8(v.replacing(with: 0, where: v .< 0), a + j)
                    j += 8
                }
                while j < columns {
                    let v = z[j] + bias[j]
                    z[j] = v
                    a[j] = v < 0 ? 0 : v  // NaN passes through, as in the vector lanes
                    j += 1
                }
            case .tanh?:
                for j in 0..<columns {
                    let v = z[j] + bias[j]
                    z[j] = v
                    a[j] = Foundation.tanh(v)
                }
            case nil:
                for j in 0..<columns { z[j] += bias[j] }
                if out != pre { for j in 0..<columns { a[j] = z[j] } }
            }
        }
    }

    /// Multiplies `delta` by the activation's derivative, given the pre-activation `pre` and the
    /// activation `out` of the same layer (ReLU: `z > 0`; tanh: `1 − a²`).
    /// - Complexity: O(*count*).
    public static func activationBackward(
        _ activation: Activation, count: Int, pre: UnsafePointer<Float>, out: UnsafePointer<Float>,
        delta: UnsafeMutablePointer<Float>
    ) {
        switch activation {
        case .relu:
            // Eight lanes at a time with a mask: the signs are random, so a branch would mispredict.
            var i = 0
            while i + 8 <= count {
                let z = load8(pre + i)
                let d = load8(delta + i)
                store8(d.replacing(with: 0, where: z .<= 0), delta + i)
                i += 8
            }
            while i < count {
                if !(pre[i] > 0) { delta[i] = 0 }
                i += 1
            }
        case .tanh:
            for i in 0..<count { delta[i] *= 1 - out[i] * out[i] }
        }
    }

    /// `y = beta · y + alpha · Σ_rows x`: column sums of `x` [rows, columns] (the bias gradient).
    /// Accumulates in `Float` in row order.
    /// - Complexity: O(*rows* · *columns*).
    public static func columnSums(
        rows: Int, columns: Int, _ x: UnsafePointer<Float>, alpha: Float = 1, beta: Float = 0,
        into y: UnsafeMutablePointer<Float>
    ) {
        if beta == 0 {
            for j in 0..<columns { y[j] = 0 }
        } else if beta != 1 {
            for j in 0..<columns { y[j] *= beta }
        }
        for i in 0..<rows {
            let row = x + i * columns
            var j = 0
            while j + 8 <= columns {
                store8(load8(y + j) + alpha * load8(row + j), y + j)
                j += 8
            }
            while j < columns {
                y[j] += alpha * row[j]
                j += 1
            }
        }
    }

    /// `y = beta · y + alpha · (p₀ + p₁ + … + p_{groups−1})` over `count` elements, where
    /// `p_g = partials + g·count`, summed in group order (sample groups' weight-gradient partials).
    /// With `beta == 0`, `y` is not read.
    /// - Complexity: O(*groups* · *count*).
    static func addPartials(
        _ partials: UnsafePointer<Float>, groups: Int, count: Int, alpha: Float, beta: Float,
        into y: UnsafeMutablePointer<Float>
    ) {
        var j = 0
        while j + 8 <= count {
            var total = load8(partials + j)
            for g in 1..<max(groups, 1) { total += load8(partials + g * count + j) }
            store8(beta == 0 ? alpha * total : beta * load8(y + j) + alpha * total, y + j)
            j += 8
        }
        while j < count {
            var total = partials[j]
            for g in 1..<max(groups, 1) { total += partials[g * count + j] }
            y[j] = beta == 0 ? alpha * total : beta * y[j] + alpha * total
            j += 1
        }
    }

    /// Eight floats from `p` (unaligned): the lanes every vector loop of the kernels uses.
    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func load8(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// Stores eight floats at `p` (unaligned).
    @inline(__always)
    static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// Softmax cross-entropy of `logits` [rows, classes] against `labels` [rows], in one pass per
    /// row: the stable loss `log Σ exp(z − max) + max − z_label`, the number of rows whose arg-max
    /// equals the label, and (when `gradient` is given) `scale · (softmax(z) − onehot(label))`.
    ///
    /// `gradient` may be the same buffer as `logits`. Returns the loss summed over rows (in
    /// `Double`, in row order) and the count of correct predictions.
    /// - Complexity: O(*rows* · *classes*).
    public static func softmaxCrossEntropy(
        rows: Int, classes: Int, logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>,
        gradient: UnsafeMutablePointer<Float>?, scale: Float = 1
    ) -> (lossSum: Double, correct: Int) {
        var lossSum = 0.0
        var correct = 0
        for i in 0..<rows {
            let z = logits + i * classes
            let label = Int(labels[i])
            precondition(label >= 0 && label < classes, "softmaxCrossEntropy: label \(label) outside 0..<\(classes)")
            var maximum = z[0]
            var best = 0
            for j in 1..<max(classes, 1) where z[j] > maximum || maximum.isNaN {
                maximum = z[j]
                best = j
            }
            if best == label { correct += 1 }
            var sum = 0.0
            if let g = gradient.map({ $0 + i * classes }) {
                for j in 0..<classes {
                    let e = Foundation.exp(z[j] - maximum)
                    g[j] = e
                    sum += Double(e)
                }
                let zLabel = Double(z[label])
                let inverse = Float(1 / sum) * scale
                for j in 0..<classes { g[j] *= inverse }
                g[label] -= scale
                lossSum += Foundation.log(sum) + Double(maximum) - zLabel
            } else {
                for j in 0..<classes { sum += Double(Foundation.exp(z[j] - maximum)) }
                lossSum += Foundation.log(sum) + Double(maximum) - Double(z[label])
            }
        }
        return (lossSum, correct)
    }

    /// `Σ x[i] · y[i]` accumulated in `Double` in index order.
    /// - Complexity: O(*count*).
    public static func dot(count: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Double {
        var sum = 0.0
        for i in 0..<count { sum += Double(x[i]) * Double(y[i]) }
        return sum
    }

    /// `Σ x[i]²` accumulated in `Double` in index order.
    /// - Complexity: O(*count*).
    public static func sumOfSquares(count: Int, _ x: UnsafePointer<Float>) -> Double {
        var sum = 0.0
        for i in 0..<count { sum += Double(x[i]) * Double(x[i]) }
        return sum
    }

    /// True when every element of `x` is finite.
    /// - Complexity: O(*count*).
    public static func allFinite(count: Int, _ x: UnsafePointer<Float>) -> Bool {
        var bad = false
        for i in 0..<count { bad = bad || !x[i].isFinite }
        return !bad
    }

    /// Copies rows `indices[0..<rows]` of `source` (rows of `columns` floats) into `destination`
    /// [rows, columns], and the matching `labels` into `labelDestination`.
    /// - Complexity: O(*rows* · *columns*).
    public static func gatherRows(
        _ indices: UnsafePointer<Int>, rows: Int, columns: Int, from source: UnsafePointer<Float>,
        labels: UnsafePointer<Int32>, into destination: UnsafeMutablePointer<Float>,
        labelDestination: UnsafeMutablePointer<Int32>
    ) {
        for r in 0..<rows {
            let index = indices[r]
            (destination + r * columns).update(from: source + index * columns, count: columns)
            labelDestination[r] = labels[index]
        }
    }
}
