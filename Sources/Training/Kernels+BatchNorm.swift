import Foundation

/// Batch normalisation over `rows` NHWC positions (samples × height × width) of `c` channels.
///
/// Training mode normalises with the batch's own statistics, `x̂ = (x − μ)·s` with
/// `s = 1/√(σ² + ε)` (biased σ²), evaluation mode with the running ones; `y = γ·x̂ + β`. The
/// per-channel scratch `stats` [8·c] holds `μ`, `s`, `σ²` and, for the R-operator,
/// `b = mean(x̂·R(x))`. Sums accumulate in `Double`, in row order within each sample group and
/// then group by group (``Kernels/groupedSums(samples:positions:width:into:_:)``, in
/// `Kernels+Parallel.swift`); the elementwise loops run one sample group per task.
extension Kernels {
    /// ε in `1/√(σ² + ε)`, PyTorch's default.
    static let batchNormEpsilon: Double = 1e-5

    /// Forward pass; writes `x̂` into `normalized` and `y`. Training mode fills `stats` from the
    /// batch; evaluation mode (`running` = (mean, var)) from the running statistics.
    static func batchNormForward(
        samples: Int, positions: Int, channels c: Int, _ x: UnsafePointer<Float>, scale: UnsafePointer<Float>,
        shift: UnsafePointer<Float>, running: (UnsafePointer<Float>, UnsafePointer<Float>)?,
        stats: UnsafeMutablePointer<Float>, normalized: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>
    ) {
        if let (mean, variance) = running {
            for ch in 0..<c {
                stats[ch] = mean[ch]
                stats[c + ch] = Float(1 / (Double(variance[ch]) + batchNormEpsilon).squareRoot())
                stats[2 * c + ch] = variance[ch]
            }
        } else {
            // One pass: Σx and Σx² in Double (the cancellation in E[x²] − μ² costs digits only when
            // |μ|/σ exceeds ~10⁴, far from what a layer's pre-activations reach).
            let rows = samples * positions
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * c) { sums in
                let s = sums.baseAddress!
                groupedSums(samples: samples, positions: positions, width: 2 * c, into: s) { range, s in
                    var first = 0
                    if c % 8 == 0 {  // eight channels per lane block, the rows in order: the same sums
                        for block in stride(from: 0, to: c, by: 8) {
                            var sum = SIMD8<Double>(), squares = SIMD8<Double>()
                            for r in range {
                                let v = SIMD8<Double>(load8(x + r * c + block))
                                sum += v
                                squares += v * v
                            }
                            storeLanes(loadLanes(s + block) + sum, s + block)
                            storeLanes(loadLanes(s + c + block) + squares, s + c + block)
                        }
                        first = c
                    }
                    for r in range {
                        let row = x + r * c
                        for ch in first..<c {
                            let v = Double(row[ch])
                            s[ch] += v
                            s[c + ch] += v * v
                        }
                    }
                }
                for ch in 0..<c {
                    let mean = s[ch] / Double(rows)
                    let variance = max(0, s[c + ch] / Double(rows) - mean * mean)
                    stats[ch] = Float(mean)
                    stats[c + ch] = Float(1 / (variance + batchNormEpsilon).squareRoot())
                    stats[2 * c + ch] = Float(variance)
                }
            }
        }
        let statistics = UnsafePointer(stats)
        forEachRowGroup(samples: samples, positions: positions) { range in
            let first = c - c % 8
            for r in range {
                for block in stride(from: 0, to: first, by: 8) {
                    let k = r * c + block
                    let h = (load8(x + k) - load8(statistics + block)) * load8(statistics + c + block)
                    store8(h, normalized + k)
                    store8(load8(scale + block) * h + load8(shift + block), y + k)
                }
                for ch in first..<c {
                    let h = (x[r * c + ch] - statistics[ch]) * statistics[c + ch]
                    normalized[r * c + ch] = h
                    y[r * c + ch] = scale[ch] * h + shift[ch]
                }
            }
        }
    }

    @inline(__always)
    private static func loadLanes(_ p: UnsafeMutablePointer<Double>) -> SIMD8<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
    }

    @inline(__always)
    private static func storeLanes(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
    }

    /// `running = (1 − momentum)·running + momentum·batch` for the mean and the unbiased
    /// variance (`σ²·rows/(rows − 1)`), PyTorch's convention.
    static func batchNormUpdateRunning(
        rows: Int, channels c: Int, stats: UnsafePointer<Float>, momentum: Float,
        mean: UnsafeMutablePointer<Float>, variance: UnsafeMutablePointer<Float>
    ) {
        let correction = rows > 1 ? Float(rows) / Float(rows - 1) : 1
        for ch in 0..<c {
            mean[ch] = (1 - momentum) * mean[ch] + momentum * stats[ch]
            variance[ch] = (1 - momentum) * variance[ch] + momentum * stats[2 * c + ch] * correction
        }
    }

    /// Per-channel sums `Σ dy` and `Σ dy·x̂` into `sums` [2c] (Double).
    private static func gradientSums(samples: Int, positions: Int, c: Int, _ dy: UnsafePointer<Float>,
                                     _ h: UnsafePointer<Float>, _ sums: UnsafeMutablePointer<Double>) {
        groupedSums(samples: samples, positions: positions, width: 2 * c, into: sums) { range, sums in
            var first = 0
            if c % 8 == 0 {  // as in the forward sums: lanes are channels, rows in order
                for block in stride(from: 0, to: c, by: 8) {
                    var sum = SIMD8<Double>(), products = SIMD8<Double>()
                    for r in range {
                        let d = SIMD8<Double>(load8(dy + r * c + block))
                        sum += d
                        products += d * SIMD8<Double>(load8(h + r * c + block))
                    }
                    storeLanes(loadLanes(sums + block) + sum, sums + block)
                    storeLanes(loadLanes(sums + c + block) + products, sums + c + block)
                }
                first = c
            }
            for r in range {
                for ch in first..<c {
                    let d = Double(dy[r * c + ch])
                    sums[ch] += d
                    sums[c + ch] += d * Double(h[r * c + ch])
                }
            }
        }
    }

    /// Backward pass. Parameter gradients `∂γ = Σ dy·x̂`, `∂β = Σ dy` go to
    /// `target = beta·target + alpha·∂` (scale, then shift) when `target` is given; `dx` (written,
    /// or added to with `accumulate`) is `γ·s·(dy − mean(dy) − x̂·mean(dy·x̂))` in training mode and
    /// `γ·s·dy` in evaluation mode.
    static func batchNormBackward(
        samples: Int, positions: Int, channels c: Int, _ dy: UnsafePointer<Float>, normalized h: UnsafePointer<Float>,
        scale: UnsafePointer<Float>, stats: UnsafePointer<Float>, training: Bool,
        target: UnsafeMutablePointer<Float>?, alpha: Float, beta: Float,
        dx: UnsafeMutablePointer<Float>?, accumulate: Bool
    ) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * c) { buffer in
            let sums = buffer.baseAddress!
            gradientSums(samples: samples, positions: positions, c: c, dy, h, sums)
            // The parameters move last: in a fused SGD step `target` is the parameters, and the
            // input gradient reads γ (`scale`) as it was in the forward pass.
            defer {
                if let target {
                    for ch in 0..<c {
                        target[ch] = beta * target[ch] + alpha * Float(sums[c + ch])
                        target[c + ch] = beta * target[c + ch] + alpha * Float(sums[ch])
                    }
                }
            }
            guard let dx else { return }
            let n = Double(samples * positions), totals = UnsafePointer(sums)
            let first = training && !accumulate ? c - c % 8 : 0
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * c) { meanBuffer in
                let means = meanBuffer.baseAddress!
                for ch in 0..<c {
                    means[ch] = Float(totals[ch] / n)
                    means[c + ch] = Float(totals[c + ch] / n)
                }
                forEachRowGroup(samples: samples, positions: positions) { range in
                    for r in range {
                        for block in stride(from: 0, to: first, by: 8) {
                            // The scalar loop's operations, eight channels at a time.
                            let k = r * c + block
                            let g = load8(scale + block) * load8(stats + c + block)
                                * (load8(dy + k) - load8(means + block) - load8(h + k) * load8(means + c + block))
                            store8(g, dx + k)
                        }
                        for ch in first..<c {
                            let k = r * c + ch
                            let g = training
                                ? scale[ch] * stats[c + ch] * (dy[k] - means[ch] - h[k] * means[c + ch])
                                : scale[ch] * stats[c + ch] * dy[k]
                            dx[k] = accumulate ? dx[k] + g : g
                        }
                    }
                }
            }
        }
    }

    /// Training-mode R-forward: `R(x̂) = s·(R(x) − mean R(x) − x̂·b)` with `b = mean(x̂·R(x))`
    /// (kept in `stats[3c…]`), written to `rNormalized`, and
    /// `R(y) = R(γ)·x̂ + γ·R(x̂) + R(β)` (with `rx` nil, R(x) = 0).
    static func batchNormDirectional(
        samples: Int, positions: Int, channels c: Int, rx: UnsafePointer<Float>?, normalized h: UnsafePointer<Float>,
        scale: UnsafePointer<Float>, rScale: UnsafePointer<Float>, rShift: UnsafePointer<Float>,
        stats: UnsafeMutablePointer<Float>, rNormalized: UnsafeMutablePointer<Float>, into ry: UnsafeMutablePointer<Float>
    ) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * c) { buffer in
            let sums = buffer.baseAddress!
            sums.update(repeating: 0, count: 2 * c)
            if let rx {
                groupedSums(samples: samples, positions: positions, width: 2 * c, into: sums) { range, sums in
                    for r in range {
                        for ch in 0..<c {
                            sums[ch] += Double(rx[r * c + ch])
                            sums[c + ch] += Double(rx[r * c + ch]) * Double(h[r * c + ch])
                        }
                    }
                }
            }
            let n = Double(samples * positions), totals = UnsafePointer(sums)
            for ch in 0..<c { stats[3 * c + ch] = Float(sums[c + ch] / n) }
            let statistics = UnsafePointer(stats)
            forEachRowGroup(samples: samples, positions: positions) { range in
                for r in range {
                    for ch in 0..<c {
                        let k = r * c + ch
                        let rh = rx.map {
                            statistics[c + ch] * ($0[k] - Float(totals[ch] / n) - h[k] * Float(totals[c + ch] / n))
                        } ?? 0
                        rNormalized[k] = rh
                        ry[k] = rScale[ch] * h[k] + scale[ch] * rh + rShift[ch]
                    }
                }
            }
        }
    }

    /// Training-mode R-backward. With `g = γ·dy`, `m = mean(x̂·g)`, `R(g) = R(γ)·dy + γ·R(dy)`:
    /// writes `(Hv)_γ = Σ R(dy)·x̂ + dy·R(x̂)`, `(Hv)_β = Σ R(dy)` into `out` [2c] and, when `rdx` is
    /// given, `R(dx) = R(s)·(g − mean g − x̂·m) + s·(R(g) − mean R(g) − R(x̂)·m − x̂·R(m))` with
    /// `R(s) = −s²·b` and `R(m) = mean(R(x̂)·g + x̂·R(g))`.
    static func batchNormSecondOrder(
        samples: Int, positions: Int, channels c: Int, dy: UnsafePointer<Float>, rdy: UnsafePointer<Float>,
        normalized h: UnsafePointer<Float>, rNormalized rh: UnsafePointer<Float>, scale: UnsafePointer<Float>,
        rScale: UnsafePointer<Float>, stats: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
        rdx: UnsafeMutablePointer<Float>?, accumulate: Bool
    ) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 6 * c) { buffer in
            let s = buffer.baseAddress!
            s.update(repeating: 0, count: 6 * c)
            // 0: Σ dy, 1: Σ dy·x̂, 2: Σ R(dy), 3: Σ R(dy)·x̂, 4: Σ dy·R(x̂)
            groupedSums(samples: samples, positions: positions, width: 5 * c, into: s) { range, s in
                for r in range {
                    for ch in 0..<c {
                        let k = r * c + ch
                        let d = Double(dy[k]), rd = Double(rdy[k]), x = Double(h[k])
                        s[ch] += d
                        s[c + ch] += d * x
                        s[2 * c + ch] += rd
                        s[3 * c + ch] += rd * x
                        s[4 * c + ch] += d * Double(rh[k])
                    }
                }
            }
            for ch in 0..<c {
                out[ch] = Float(s[3 * c + ch] + s[4 * c + ch])
                out[c + ch] = Float(s[2 * c + ch])
            }
            guard let rdx else { return }
            let n = Double(samples * positions)
            for ch in 0..<c {
                let gamma = Double(scale[ch]), rGamma = Double(rScale[ch])
                // mean g, m, mean R(g), R(m) per channel into s[5c…] and reuse of s[0…] slots.
                let meanG = gamma * s[ch] / n
                let m = gamma * s[c + ch] / n
                let meanRG = (rGamma * s[ch] + gamma * s[2 * c + ch]) / n
                let rm = (gamma * s[4 * c + ch] + rGamma * s[c + ch] + gamma * s[3 * c + ch]) / n
                s[ch] = meanG
                s[c + ch] = m
                s[2 * c + ch] = meanRG
                s[3 * c + ch] = rm
            }
            let means = UnsafePointer(s)
            forEachRowGroup(samples: samples, positions: positions) { range in
                for r in range {
                    for ch in 0..<c {
                        let k = r * c + ch
                        let inv = Double(stats[c + ch])
                        let rs = -inv * inv * Double(stats[3 * c + ch])
                        let gamma = Double(scale[ch])
                        let g = gamma * Double(dy[k])
                        let rg = Double(rScale[ch]) * Double(dy[k]) + gamma * Double(rdy[k])
                        let x = Double(h[k]), rx = Double(rh[k])
                        let value = rs * (g - means[ch] - x * means[c + ch])
                            + inv * (rg - means[2 * c + ch] - rx * means[c + ch] - x * means[3 * c + ch])
                        rdx[k] = accumulate ? rdx[k] + Float(value) : Float(value)
                    }
                }
            }
        }
    }

    /// Adds, per sample, `scale²·Σ_c ((Σ_p dy·x̂)² + (Σ_p dy)²)` to `sums`: the squared norm of one
    /// example's batch-norm parameter gradient in evaluation mode (`positions` rows per sample).
    static func accumulateBatchNormExampleNorms(
        samples: Int, positions: Int, channels c: Int, dy: UnsafePointer<Float>, normalized h: UnsafePointer<Float>,
        scale: Double, into sums: UnsafeMutablePointer<Double>
    ) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * c) { buffer in
            let t = buffer.baseAddress!
            for n in 0..<samples {
                t.update(repeating: 0, count: 2 * c)
                for p in 0..<positions {
                    for ch in 0..<c {
                        let k = (n * positions + p) * c + ch
                        t[ch] += Double(dy[k]) * Double(h[k])
                        t[c + ch] += Double(dy[k])
                    }
                }
                var total = 0.0
                for i in 0..<(2 * c) { total += t[i] * t[i] }
                sums[n] += scale * scale * total
            }
        }
    }
}
