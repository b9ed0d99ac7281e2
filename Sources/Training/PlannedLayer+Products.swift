/// Forward, backward, R-operator and per-example norms of the layers with weight products:
/// dense (`y = x·Wᵀ + b`) and 2-D convolution (im2col, then the same product per chunk of
/// samples: NHWC makes `col [n·oh·ow, k·k·c] · Wᵀ [k·k·c, out]` land in place in the output).
///
/// An activation that is a dense or conv layer's only reader is applied in the same pass as the
/// bias (`fusedActivation`). Dense layers run exactly the kernels, in the order, of the MLP core
/// before networks existed (`MLPGoldenTests`).
extension PlannedLayer {
    /// The chunks `(first sample, samples)` a conv runs its products over: a function of the
    /// layer's shape and the batch only.
    @inline(__always)
    func chunks(_ g: ConvGeometry, batch n: Int, _ body: (_ index: Int, _ start: Int, _ count: Int) -> Void) {
        let size = Workspace.chunkSamples(g, batch: n)
        var index = 0
        for start in stride(from: 0, to: n, by: size) {
            body(index, start, min(size, n - start))
            index += 1
        }
    }

    /// The im2col matrix of samples `start..<start+count` of `x` (the input itself for a 1×1 conv).
    @inline(__always)
    func columns(_ g: ConvGeometry, _ x: UnsafePointer<Float>, start: Int, count: Int, _ ws: Workspace) -> UnsafePointer<Float> {
        let perSample = g.height * g.width * g.inChannels
        if g.isPointwise { return x + start * perSample }
        Kernels.im2col(g, samples: count, x + start * perSample, into: ws.columns)
        return UnsafePointer(ws.columns)
    }

    func productForward(_ w: UnsafePointer<Float>, n: Int, _ ws: Workspace) {
        let x = ws.values[input], y = ws.values[output]
        let rows: Int, units: Int, bias: UnsafePointer<Float>
        switch kind {
        case .dense(let inputs, let outputs):
            Kernels.gemm(transposeB: true, m: n, n: outputs, k: inputs, x, w + parameterOffset, into: y)
            (rows, units, bias) = (n, outputs, w + parameterOffset + inputs * outputs)
        case .conv(let g):
            chunks(g, batch: n) { _, start, count in
                let col = columns(g, x, start: start, count: count, ws)
                Kernels.gemm(transposeB: true, m: count * g.positions, n: g.outChannels, k: g.patch,
                             col, w + parameterOffset, into: y + start * g.positions * g.outChannels)
            }
            (rows, units, bias) = (n * g.positions, g.outChannels, w + parameterOffset + g.outChannels * g.patch)
        default: preconditionFailure("productForward: \(kind)")
        }
        Kernels.addBias(rows: rows, columns: units, bias, pre: y, activation: fusedActivation,
                        into: fusedOutput.map { ws.values[$0] } ?? y)
    }

    func productBackward(
        _ w: UnsafePointer<Float>, n: Int, _ ws: Workspace, target: UnsafeMutablePointer<Float>?, alpha: Float, beta: Float
    ) {
        let x = ws.values[input], dy = ws.gradients[output], dx = ws.gradients[input]
        switch kind {
        case .dense(let inputs, let units):
            if needsInputGradient {
                Kernels.gemm(m: n, n: inputs, k: units, dy, w + parameterOffset, beta: accumulatesInput ? 1 : 0, into: dx)
            }
            guard let target else { return }
            Kernels.gemm(transposeA: true, m: units, n: inputs, k: n, alpha: alpha, dy, x, beta: beta,
                         into: target + parameterOffset)
            Kernels.columnSums(rows: n, columns: units, dy, alpha: alpha, beta: beta,
                               into: target + parameterOffset + inputs * units)
        case .conv(let g):
            let inCount = g.height * g.width * g.inChannels, outCount = g.positions * g.outChannels
            if needsInputGradient {
                // All of dx before any weight moves: with a fused SGD step `target` is `w`.
                chunks(g, batch: n) { _, start, count in
                    let rows = count * g.positions
                    if g.isPointwise {
                        Kernels.gemm(m: rows, n: g.patch, k: g.outChannels, dy + start * outCount, w + parameterOffset,
                                     beta: accumulatesInput ? 1 : 0, into: dx + start * inCount)
                    } else {
                        Kernels.gemm(m: rows, n: g.patch, k: g.outChannels, dy + start * outCount, w + parameterOffset,
                                     into: ws.columns)
                        Kernels.col2im(g, samples: count, ws.columns, into: dx + start * inCount,
                                       accumulate: accumulatesInput)
                    }
                }
            }
            guard let target else { return }
            chunks(g, batch: n) { index, start, count in
                let col = columns(g, x, start: start, count: count, ws)
                Kernels.gemm(transposeA: true, m: g.outChannels, n: g.patch, k: count * g.positions, alpha: alpha,
                             dy + start * outCount, col, beta: index == 0 ? beta : 1, into: target + parameterOffset)
            }
            Kernels.columnSums(rows: n * g.positions, columns: g.outChannels, dy, alpha: alpha, beta: beta,
                               into: target + parameterOffset + g.outChannels * g.patch)
        default: preconditionFailure("productBackward: \(kind)")
        }
    }

    /// `R(y) = x·Vᵀ + R(x)·Wᵀ + r_b`, then the fused activation's `φ'(z) ⊙ R(z)`.
    func productDirectional(_ w: UnsafePointer<Float>, _ v: UnsafePointer<Float>, n: Int, _ ws: Workspace) {
        let x = ws.values[input], rx = ws.rValues[input], ry = ws.rValues[output]
        let rows: Int, units: Int, biasOffset: Int
        switch kind {
        case .dense(let inputs, let outputs):
            Kernels.gemm(transposeB: true, m: n, n: outputs, k: inputs, x, v + parameterOffset, into: ry)
            if needsInputGradient {
                Kernels.gemm(transposeB: true, m: n, n: outputs, k: inputs, rx, w + parameterOffset, beta: 1, into: ry)
            }
            (rows, units, biasOffset) = (n, outputs, parameterOffset + inputs * outputs)
        case .conv(let g):
            chunks(g, batch: n) { _, start, count in
                let m = count * g.positions, y = ry + start * g.positions * g.outChannels
                Kernels.gemm(transposeB: true, m: m, n: g.outChannels, k: g.patch,
                             columns(g, x, start: start, count: count, ws), v + parameterOffset, into: y)
                if needsInputGradient {
                    Kernels.gemm(transposeB: true, m: m, n: g.outChannels, k: g.patch,
                                 columns(g, rx, start: start, count: count, ws), w + parameterOffset, beta: 1, into: y)
                }
            }
            (rows, units, biasOffset) = (n * g.positions, g.outChannels, parameterOffset + g.outChannels * g.patch)
        default: preconditionFailure("productDirectional: \(kind)")
        }
        Kernels.directionalBiasActivation(
            rows: rows, columns: units, v + biasOffset, rPre: ry, activation: fusedActivation,
            pre: ws.values[output], out: fusedOutput.map { ws.values[$0] } ?? ws.values[output],
            into: fusedOutput.map { ws.rValues[$0] } ?? ry)
    }

    /// `(Hv)_W = R(δ)ᵀ·x + δᵀ·R(x)`, `(Hv)_b = Σ R(δ)`, and `R(dx) = R(δ)·W + δ·V`.
    func productSecondOrder(
        _ w: UnsafePointer<Float>, _ v: UnsafePointer<Float>, n: Int, _ ws: Workspace, out: UnsafeMutablePointer<Float>
    ) {
        let x = ws.values[input], rx = ws.rValues[input]
        let dy = ws.gradients[output], rdy = ws.rGradients[output], rdx = ws.rGradients[input]
        switch kind {
        case .dense(let inputs, let units):
            Kernels.gemm(transposeA: true, m: units, n: inputs, k: n, rdy, x, into: out + parameterOffset)
            if needsInputGradient {
                Kernels.gemm(transposeA: true, m: units, n: inputs, k: n, dy, rx, beta: 1, into: out + parameterOffset)
            }
            Kernels.gemv(transpose: true, rows: n, columns: units, rdy, ws.ones, into: out + parameterOffset + inputs * units)
            guard needsInputGradient else { return }
            Kernels.gemm(m: n, n: inputs, k: units, rdy, w + parameterOffset, beta: accumulatesInput ? 1 : 0, into: rdx)
            Kernels.gemm(m: n, n: inputs, k: units, dy, v + parameterOffset, beta: 1, into: rdx)
        case .conv(let g):
            let inCount = g.height * g.width * g.inChannels, outCount = g.positions * g.outChannels
            chunks(g, batch: n) { index, start, count in
                let m = count * g.positions
                Kernels.gemm(transposeA: true, m: g.outChannels, n: g.patch, k: m, rdy + start * outCount,
                             columns(g, x, start: start, count: count, ws), beta: index == 0 ? 0 : 1,
                             into: out + parameterOffset)
                if needsInputGradient {
                    Kernels.gemm(transposeA: true, m: g.outChannels, n: g.patch, k: m, dy + start * outCount,
                                 columns(g, rx, start: start, count: count, ws), beta: 1, into: out + parameterOffset)
                }
            }
            Kernels.columnSums(rows: n * g.positions, columns: g.outChannels, rdy,
                               into: out + parameterOffset + g.outChannels * g.patch)
            guard needsInputGradient else { return }
            chunks(g, batch: n) { _, start, count in
                let m = count * g.positions
                let target = g.isPointwise ? rdx + start * inCount : ws.columns
                let first: Float = g.isPointwise && accumulatesInput ? 1 : 0
                Kernels.gemm(m: m, n: g.patch, k: g.outChannels, rdy + start * outCount, w + parameterOffset,
                             beta: first, into: target)
                Kernels.gemm(m: m, n: g.patch, k: g.outChannels, dy + start * outCount, v + parameterOffset,
                             beta: 1, into: target)
                if !g.isPointwise {
                    Kernels.col2im(g, samples: count, ws.columns, into: rdx + start * inCount, accumulate: accumulatesInput)
                }
            }
        default: preconditionFailure("productSecondOrder: \(kind)")
        }
    }

    /// Adds each sample's squared parameter-gradient norm, `scale²·‖∂ℓᵢ/∂θ_layer‖²` (`scale`
    /// turns a mean-loss delta into `∂ℓᵢ/∂y`), to `sums`. Dense: the identity
    /// `‖δᵢ‖²·(‖xᵢ‖² + 1)`. Conv (exact per-example path): `‖δᵢᵀ·col(xᵢ)‖² + ‖Σ_p δᵢ,p‖²`, one
    /// `[out, positions]·[positions, patch]` product per sample, in `scratch` [out·patch].
    func productExampleNorms(
        n: Int, _ ws: Workspace, scale: Double, into sums: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Float>
    ) {
        let x = ws.values[input], dy = ws.gradients[output]
        switch kind {
        case .dense(let inputs, let units):
            Kernels.accumulateExampleGradientNorms(rows: n, fanIn: inputs, fanOut: units, input: x, delta: dy,
                                                   scale: scale, into: sums)
        case .conv(let g):
            let outCount = g.positions * g.outChannels
            chunks(g, batch: n) { _, start, count in
                let col = columns(g, x, start: start, count: count, ws)
                for i in 0..<count {
                    let d = dy + (start + i) * outCount
                    Kernels.gemm(transposeA: true, m: g.outChannels, n: g.patch, k: g.positions, d,
                                 col + i * g.positions * g.patch, into: scratch)
                    var norm = Kernels.sumOfSquares(count: g.outChannels * g.patch, scratch)
                    Kernels.columnSums(rows: g.positions, columns: g.outChannels, d, into: scratch)
                    norm += Kernels.sumOfSquares(count: g.outChannels, scratch)
                    sums[start + i] += scale * scale * norm
                }
            }
        default: preconditionFailure("productExampleNorms: \(kind)")
        }
    }
}
