import Foundation

/// Float and Double loops of the curvature toolkit, in three sections: vector operations for power
/// iteration and Hutchinson probes; the small dense Double algebra and the SGD step of the
/// linear-regression SDE toy; the elementwise parts of the R-operator passes and per-example
/// gradient norms. No other curvature file loops over floats. (Over 300 lines because the
/// curvature work has one kernels file; the sections could become `Kernels+SDE.swift` later.)
extension Kernels {
    /// The dot product `x·y` of two Float vectors, accumulated in Double.
    ///
    /// - Complexity: O(n).
    static func dotDouble(_ x: [Float], _ y: [Float]) -> Double {
        precondition(x.count == y.count, "dot of lengths \(x.count) and \(y.count)")
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                let n = xp.count
                var i = 0
                while i + 4 <= n {
                    s0 += Double(xp[i]) * Double(yp[i])
                    s1 += Double(xp[i + 1]) * Double(yp[i + 1])
                    s2 += Double(xp[i + 2]) * Double(yp[i + 2])
                    s3 += Double(xp[i + 3]) * Double(yp[i + 3])
                    i += 4
                }
                while i < n {
                    s0 += Double(xp[i]) * Double(yp[i])
                    i += 1
                }
            }
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// Sets `y = a·x + b·y` elementwise (Float vectors of equal length).
    ///
    /// - Complexity: O(n).
    static func axpby(_ a: Float, _ x: [Float], _ b: Float, _ y: inout [Float]) {
        precondition(x.count == y.count, "axpby of lengths \(x.count) and \(y.count)")
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                for i in 0..<xp.count { yp[i] = a * xp[i] + b * yp[i] }
            }
        }
    }

    /// Sets `y = x·s` elementwise.
    ///
    /// - Complexity: O(n).
    static func scaled(_ x: [Float], by s: Float, into y: inout [Float]) {
        precondition(x.count == y.count, "scale of lengths \(x.count) and \(y.count)")
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                for i in 0..<xp.count { yp[i] = xp[i] * s }
            }
        }
    }

    /// Sets `z = (1−α)·x + α·y` elementwise; exactly `x` at α = 0 and `y` at α = 1.
    ///
    /// - Complexity: O(n).
    static func blend(_ x: [Float], _ y: [Float], alpha: Float, into z: inout [Float]) {
        precondition(x.count == y.count && y.count == z.count, "blend of \(x.count), \(y.count), \(z.count)")
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                z.withUnsafeMutableBufferPointer { zp in
                    for i in 0..<xp.count { zp[i] = (1 - alpha) * xp[i] + alpha * yp[i] }
                }
            }
        }
    }

    /// Multiplies `x` by `s` in place.
    ///
    /// - Complexity: O(n).
    static func scale(_ x: inout [Float], by s: Float) {
        x.withUnsafeMutableBufferPointer { xp in
            for i in 0..<xp.count { xp[i] *= s }
        }
    }

    /// Fills `x` with i.i.d. standard normal draws (Box–Muller on 53-bit uniforms).
    ///
    /// - Complexity: O(n) draws from `rng`.
    static func fillGaussian(_ x: inout [Float], using rng: inout some RandomNumberGenerator) {
        var i = 0
        while i < x.count {
            let (a, b) = gaussianPair(using: &rng)
            x[i] = Float(a)
            if i + 1 < x.count { x[i + 1] = Float(b) }
            i += 2
        }
    }

    /// Fills `x` with independent Rademacher signs ±1, 64 per draw from `rng`.
    ///
    /// - Complexity: O(n).
    static func fillRademacher(_ x: inout [Float], using rng: inout some RandomNumberGenerator) {
        var bits: UInt64 = 0
        for i in 0..<x.count {
            if i % 64 == 0 { bits = rng.next() }
            x[i] = (bits & 1) == 0 ? -1 : 1
            bits >>= 1
        }
    }

    /// Two independent standard normal draws by Box–Muller.
    static func gaussianPair(using rng: inout some RandomNumberGenerator) -> (Double, Double) {
        // u in (0, 1]: never log(0).
        let u = (Double(rng.next() >> 11) + 1) * 0x1p-53
        let v = Double(rng.next() >> 11) * 0x1p-53
        let r = (-2 * log(u)).squareRoot()
        return (r * cos(2 * .pi * v), r * sin(2 * .pi * v))
    }
}

// MARK: - Double loops of the linear-regression SDE toy (row-major, small d)

extension Kernels {
    /// Eigen-decomposition of a symmetric `n×n` row-major matrix by cyclic Jacobi rotations.
    ///
    /// - Returns: The eigenvalues in ascending order and the eigenvectors as the columns of a
    ///   row-major `n×n` matrix, in the same order.
    /// - Complexity: O(n³) per sweep; a handful of sweeps for n ≤ 100.
    static func symmetricEigen(_ matrix: [Double], order n: Int) -> (values: [Double], vectors: [Double]) {
        precondition(matrix.count == n * n, "eigen of \(matrix.count) numbers as \(n)×\(n)")
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        let total = a.reduce(0) { $0 + $1 * $1 }
        for _ in 0..<64 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { off += a[p * n + q] * a[p * n + q] } }
            if off <= 1e-30 * total { break }
            for p in 0..<max(0, n - 1) {
                for q in (p + 1)..<n where a[p * n + q] != 0 {
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] < a[$1 * n + $1] }
        var vectors = [Double](repeating: 0, count: n * n)
        for (j, src) in order.enumerated() { for k in 0..<n { vectors[k * n + j] = v[k * n + src] } }
        return (order.map { a[$0 * n + $0] }, vectors)
    }

    /// `(1/rows)·XᵀX` of a row-major `rows×cols` matrix.
    ///
    /// - Complexity: O(rows·cols²).
    static func meanGram(_ x: [Double], rows: Int, cols: Int) -> [Double] {
        var g = [Double](repeating: 0, count: cols * cols)
        x.withUnsafeBufferPointer { xp in
            g.withUnsafeMutableBufferPointer { gp in
                for i in 0..<rows {
                    let row = xp.baseAddress! + i * cols
                    for j in 0..<cols {
                        let xj = row[j]
                        for k in j..<cols { gp[j * cols + k] += xj * row[k] }
                    }
                }
            }
        }
        for j in 0..<cols {
            for k in j..<cols {
                g[j * cols + k] /= Double(rows)
                g[k * cols + j] = g[j * cols + k]
            }
        }
        return g
    }

    /// `Y = X·M` for row-major `X` (`rows×n`) and `M` (`n×m`).
    ///
    /// - Complexity: O(rows·n·m).
    static func matrixProduct(_ x: [Double], _ m: [Double], rows: Int, inner n: Int, cols: Int) -> [Double] {
        precondition(x.count == rows * n && m.count == n * cols, "product of \(x.count) and \(m.count)")
        var y = [Double](repeating: 0, count: rows * cols)
        for i in 0..<rows {
            for k in 0..<n {
                let xik = x[i * n + k]
                for j in 0..<cols { y[i * cols + j] += xik * m[k * cols + j] }
            }
        }
        return y
    }

    /// `(1/rows)·Σᵢ wᵢ·(xᵢ ⊙ xᵢ)`: the diagonal of `(1/rows)·Σᵢ wᵢ xᵢxᵢᵀ`.
    ///
    /// - Complexity: O(rows·cols).
    static func weightedDiagonal(_ x: [Double], weights w: [Double], rows: Int, cols: Int) -> [Double] {
        var d = [Double](repeating: 0, count: cols)
        for i in 0..<rows { for j in 0..<cols { d[j] += w[i] * x[i * cols + j] * x[i * cols + j] } }
        return d.map { $0 / Double(rows) }
    }

    /// The fourth-moment map `M(Σ) = (1/rows)·Σᵢ (xᵢᵀΣxᵢ)·xᵢxᵢᵀ` of the state-dependent
    /// gradient noise of least squares (`Σ` symmetric `cols×cols`).
    ///
    /// - Complexity: O(rows·cols²).
    static func fourthMomentMap(_ x: [Double], _ sigma: [Double], rows: Int, cols: Int) -> [Double] {
        var weights = [Double](repeating: 0, count: rows)
        for i in 0..<rows {
            var q = 0.0
            for j in 0..<cols {
                var s = 0.0
                for k in 0..<cols { s += sigma[j * cols + k] * x[i * cols + k] }
                q += x[i * cols + j] * s
            }
            weights[i] = q
        }
        let scaled = (0..<rows * cols).map { x[$0] * weights[$0 / cols].squareRoot() }
        // M = Σᵢ wᵢ xᵢxᵢᵀ with wᵢ ≥ 0 (Σ is a covariance), so M is the Gram of √wᵢ·xᵢ.
        return meanGram(scaled, rows: rows, cols: cols)
    }

    /// One SGD step of least squares in coordinates centred at the optimum:
    /// `δ ← δ − step·Σ_{b∈batch} xᵦ(xᵦ·δ − eᵦ)` where `eᵦ` is the residual at the optimum.
    ///
    /// - Parameters:
    ///   - x: Row-major examples, `d` numbers per row.
    ///   - residuals: `eᵢ = yᵢ − xᵢ·w_N`, one per row.
    ///   - batch: Row indices of this step's batch.
    ///   - step: `η/S`.
    ///   - delta: `w − w_N`, `d` numbers, updated in place.
    ///   - gradient: Scratch of `d` numbers.
    /// - Complexity: O(|batch|·d).
    @inline(__always)
    static func leastSquaresStep(
        x: UnsafePointer<Double>, residuals: UnsafePointer<Double>, d: Int,
        batch: UnsafeBufferPointer<Int>, step: Double,
        delta: UnsafeMutablePointer<Double>, gradient: UnsafeMutablePointer<Double>
    ) {
        for j in 0..<d { gradient[j] = 0 }
        for b in batch {
            let row = x + b * d
            var r = -residuals[b]
            for j in 0..<d { r += row[j] * delta[j] }
            for j in 0..<d { gradient[j] += r * row[j] }
        }
        for j in 0..<d { delta[j] -= step * gradient[j] }
    }

    /// `½·Σⱼ λⱼ δⱼ²`: the excess loss of least squares in the Hessian's eigenbasis.
    ///
    /// - Complexity: O(d).
    @inline(__always)
    static func halfWeightedSquare(
        _ lambdas: UnsafePointer<Double>, _ delta: UnsafePointer<Double>, d: Int
    ) -> Double {
        var s = 0.0
        for j in 0..<d { s += lambdas[j] * delta[j] * delta[j] }
        return 0.5 * s
    }
}

// MARK: - R-operator (forward-over-reverse) passes of the MLP

extension Kernels {
    /// Adds the bias direction `r` [columns] to every row of `rPre` [rows, columns] in place and,
    /// when `activation` is given, writes the directional derivative of the activation,
    /// `R(A) = φ'(Z) ⊙ R(Z)` (ReLU: `R(Z)` where `Z > 0`, else 0; tanh: `(1 − A²)·R(Z)`), into
    /// `rOut`, in one pass.
    ///
    /// - Complexity: O(rows·columns), eight lanes at a time.
    static func directionalBiasActivation(
        rows: Int, columns: Int, _ r: UnsafePointer<Float>, rPre: UnsafeMutablePointer<Float>,
        activation: Activation?, pre: UnsafePointer<Float>, out: UnsafePointer<Float>,
        into rOut: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<rows {
            let base = i * columns
            var j = 0
            while j + 8 <= columns {
                let k = base + j
                let v = load8(rPre + k) + load8(r + j)
                store8(v, rPre + k)
                switch activation {
                case .relu?: store8(v.replacing(with: 0, where: load8(pre + k) .<= 0), rOut + k)
                case .tanh?:
                    let a = load8(out + k)
                    store8((1 - a * a) * v, rOut + k)
                case nil: break
                }
                j += 8
            }
            while j < columns {
                let k = base + j
                let v = rPre[k] + r[j]
                rPre[k] = v
                switch activation {
                case .relu?: rOut[k] = pre[k] <= 0 ? 0 : v  // as the lanes: NaN passes
                case .tanh?: rOut[k] = (1 - out[k] * out[k]) * v
                case nil: break
                }
                j += 1
            }
        }
    }

    /// The R-backward step through a hidden activation. On entry `result` holds `R(∂L/∂A)`; on
    /// exit it holds `R(δ) = φ'(Z) ⊙ R(∂L/∂A) + φ''(Z) ⊙ RZ ⊙ ∂L/∂A`, where `δ = φ'(Z) ⊙ ∂L/∂A` is
    /// the cached delta (ReLU: φ'' = 0; tanh: `φ''·∂L/∂A = −2A·δ`).
    ///
    /// - Complexity: O(count), eight lanes at a time.
    static func activationSecondOrder(
        _ activation: Activation, count: Int, pre: UnsafePointer<Float>, out: UnsafePointer<Float>,
        preDirection: UnsafePointer<Float>, delta: UnsafePointer<Float>, result: UnsafeMutablePointer<Float>
    ) {
        switch activation {
        case .relu:
            activationBackward(.relu, count: count, pre: pre, out: out, delta: result)
        case .tanh:
            var i = 0
            while i + 8 <= count {
                let a = load8(out + i)
                store8((1 - a * a) * load8(result + i) - 2 * a * load8(preDirection + i) * load8(delta + i), result + i)
                i += 8
            }
            while i < count {
                let a = out[i]
                result[i] = (1 - a * a) * result[i] - 2 * a * preDirection[i] * delta[i]
                i += 1
            }
        }
    }

    /// The softmax cross-entropy Hessian applied per row: `out = scale·(p ⊙ r − p·(p·r))` with
    /// `p = softmax(logits row)` and `r` the row of `direction` [rows, classes].
    ///
    /// - Complexity: O(rows·classes).
    static func softmaxHessianProduct(
        rows: Int, classes: Int, logits: UnsafePointer<Float>, direction: UnsafePointer<Float>,
        scale: Float, into out: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<rows {
            let z = logits + i * classes, r = direction + i * classes, o = out + i * classes
            var maximum = z[0]
            for j in 1..<max(classes, 1) where z[j] > maximum { maximum = z[j] }
            var sum: Float = 0
            for j in 0..<classes {
                let e = Foundation.exp(z[j] - maximum)
                o[j] = e
                sum += e
            }
            var pr: Float = 0
            let inverse = 1 / sum
            for j in 0..<classes {
                o[j] *= inverse
                pr += o[j] * r[j]
            }
            for j in 0..<classes { o[j] = scale * o[j] * (r[j] - pr) }
        }
    }

    /// Adds, for every row `i`, `scale²·‖δᵢ‖²·(‖xᵢ‖² + 1)` to `sums[i]`: the squared norm of one
    /// example's gradient of a dense layer (`∂ℓᵢ/∂W = δᵢxᵢᵀ`, `∂ℓᵢ/∂b = δᵢ`) from its input row
    /// `xᵢ` [fanIn] and delta row `δᵢ` [fanOut] (`scale` turns a mean-loss delta into `∂ℓᵢ/∂Z`).
    ///
    /// - Complexity: O(rows·(fanIn + fanOut)).
    static func accumulateExampleGradientNorms(
        rows: Int, fanIn: Int, fanOut: Int, input: UnsafePointer<Float>, delta: UnsafePointer<Float>,
        scale: Double, into sums: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<rows {
            let x = sumOfSquares(count: fanIn, input + i * fanIn)
            let d = sumOfSquares(count: fanOut, delta + i * fanOut)
            sums[i] += scale * scale * d * (x + 1)
        }
    }
}
