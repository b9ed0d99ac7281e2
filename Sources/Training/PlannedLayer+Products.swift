/// Forward, backward, R-operator and per-example norms of the layers with weight products:
/// dense (`y = x·Wᵀ + b`) and 2-D convolution (im2col, then the same product per chunk of
/// samples: NHWC makes `col [n·oh·ow, k·k·c] · Wᵀ [k·k·c, out]` land in place in the output).
///
/// An activation that is a dense or conv layer's only reader is applied in the same pass as the
/// bias (`fusedActivation`). Dense layers run exactly the kernels, in the order, of the MLP core
/// before networks existed (`MLPGoldenTests`).
extension PlannedLayer {
    /// Calls `body(start, count)` for the consecutive chunks of `samples`, each at most
    /// ``Workspace/chunkSamples(_:)`` long: a function of the layer's shape and the batch only.
    @inline(__always)
    func chunks(_ g: ConvGeometry, _ samples: Range<Int>, _ body: (_ start: Int, _ count: Int) -> Void) {
        let size = Workspace.chunkSamples(g)
        var start = samples.lowerBound
        while start < samples.upperBound {
            let count = min(size, samples.upperBound - start)
            body(start, count)
            start += count
        }
    }

    /// The im2col matrix of samples `start..<start+count` of `x` in `scratch` (the input itself
    /// for a 1×1 conv).
    @inline(__always)
    func columns(_ g: ConvGeometry, _ x: UnsafePointer<Float>, start: Int, count: Int,
                 _ scratch: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        let perSample = g.height * g.width * g.inChannels
        if g.isPointwise { return x + start * perSample }
        Kernels.im2col(g, samples: count, x + start * perSample, into: scratch)
        return UnsafePointer(scratch)
    }

    /// Runs `body(group, samples, im2col scratch, weight-gradient partial)` for each sample group
    /// of a batch of `n` in parallel, each group's chunks in order on one worker with
    /// single-threaded products.
    @inline(__always)
    func convGroups(
        n: Int, _ ws: Workspace,
        _ body: (_ samples: Range<Int>, _ scratch: UnsafeMutablePointer<Float>, _ partial: UnsafeMutablePointer<Float>) -> Void
    ) {
        let partials = ws.partials, size = parameterCount
        Kernels.forEachGroup(batch: n) { group, samples, worker in
            body(samples, ws.columns(worker), partials + group * size)
        }
    }

    func productForward(_ w: UnsafePointer<Float>, n: Int, _ ws: Workspace) {
        let x = ws.values[input], y = ws.values[output]
        let rows: Int, units: Int, bias: UnsafePointer<Float>
        switch kind {
        case .dense(let inputs, let outputs):
            Kernels.gemm(transposeB: true, m: n, n: outputs, k: inputs, x, w + parameterOffset, into: y)
            (rows, units, bias) = (n, outputs, w + parameterOffset + inputs * outputs)
        case .conv(let g):
            // Chunk by chunk: the product, then its bias and activation while the rows are in cache.
            let weights = w + parameterOffset, bias = weights + g.outChannels * g.patch
            let out = fusedOutput.map { ws.values[$0] } ?? y, activation = fusedActivation
            convGroups(n: n, ws) { samples, scratch, _ in
                chunks(g, samples) { start, count in
                    let rows = count * g.positions, offset = start * g.positions * g.outChannels
                    Kernels.serialGemm(transposeB: true, m: rows, n: g.outChannels, k: g.patch,
                                       columns(g, x, start: start, count: count, scratch), weights, into: y + offset)
                    Kernels.addBias(rows: rows, columns: g.outChannels, bias, pre: y + offset, activation: activation,
                                    into: out + offset)
                }
            }
            return
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
            guard needsInputGradient || target != nil else { return }
            let inCount = g.height * g.width * g.inChannels, outCount = g.positions * g.outChannels
            let weights = w + parameterOffset, accumulate = accumulatesInput, formsInput = needsInputGradient
            let formsWeights = target != nil
            // A "same" stride-1 conv's input gradient is the conv of dy with the flipped filters.
            let transposes = formsInput && g.hasSameTranspose, t = g.transposed, flipped = ws.flipped
            if transposes { Kernels.flipFilters(g, weights, into: flipped) }
            // Per group: its weight-gradient partial, then its input gradient (which reads the
            // weights: with a fused SGD step `target` is `w`, and it moves only after every group).
            convGroups(n: n, ws) { samples, scratch, partial in
                var first = true
                chunks(g, samples) { start, count in
                    let rows = count * g.positions, d = dy + start * outCount
                    if formsWeights {
                        Kernels.serialGemm(transposeA: true, m: g.outChannels, n: g.patch, k: rows, d,
                                           columns(g, x, start: start, count: count, scratch), beta: first ? 0 : 1,
                                           into: partial)
                        Kernels.columnSums(rows: rows, columns: g.outChannels, d, beta: first ? 0 : 1,
                                           into: partial + g.outChannels * g.patch)
                        first = false
                    }
                    guard formsInput && !transposes else { return }
                    if g.isPointwise {
                        Kernels.serialGemm(m: rows, n: g.patch, k: g.outChannels, d, weights, beta: accumulate ? 1 : 0,
                                           into: dx + start * inCount)
                    } else {
                        Kernels.serialGemm(m: rows, n: g.patch, k: g.outChannels, d, weights, into: scratch)
                        Kernels.col2im(g, samples: count, scratch, into: dx + start * inCount, accumulate: accumulate)
                    }
                }
                guard transposes else { return }
                chunks(t, samples) { start, count in
                    Kernels.serialGemm(m: count * t.positions, n: t.outChannels, k: t.patch,
                                       columns(t, dy, start: start, count: count, scratch), flipped,
                                       beta: accumulate ? 1 : 0, into: dx + start * inCount)
                }
            }
            guard let target else { return }
            Kernels.addPartials(ws.partials, groups: Kernels.sampleGroups(n), count: parameterCount, alpha: alpha,
                                beta: beta, into: target + parameterOffset)
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
            let weights = w + parameterOffset, direction = v + parameterOffset, formsInput = needsInputGradient
            convGroups(n: n, ws) { samples, scratch, _ in
                chunks(g, samples) { start, count in
                    let m = count * g.positions, y = ry + start * g.positions * g.outChannels
                    Kernels.serialGemm(transposeB: true, m: m, n: g.outChannels, k: g.patch,
                                       columns(g, x, start: start, count: count, scratch), direction, into: y)
                    if formsInput {
                        Kernels.serialGemm(transposeB: true, m: m, n: g.outChannels, k: g.patch,
                                           columns(g, rx, start: start, count: count, scratch), weights, beta: 1, into: y)
                    }
                }
            }
            (rows, units, biasOffset) = (n * g.positions, g.outChannels, parameterOffset + g.outChannels * g.patch)
        default: preconditionFailure("productDirectional: \(kind)")
        }
        let pre = ws.values[output], out = fusedOutput.map { ws.values[$0] } ?? pre
        let rOut = fusedOutput.map { ws.rValues[$0] } ?? ry, activation = fusedActivation
        // Rows are independent: a conv's run per sample group in parallel (a dense layer's at once).
        let groups = if case .conv = kind { n } else { 1 }
        Kernels.forEachSlice(samples: groups, count: rows) { r in
            let k = r.lowerBound * units
            Kernels.directionalBiasActivation(
                rows: r.count, columns: units, v + biasOffset, rPre: ry + k, activation: activation,
                pre: pre + k, out: out + k, into: rOut + k)
        }
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
            let weights = w + parameterOffset, direction = v + parameterOffset
            let formsInput = needsInputGradient, accumulate = accumulatesInput
            convGroups(n: n, ws) { samples, scratch, partial in
                var first = true
                chunks(g, samples) { start, count in
                    let m = count * g.positions, rd = rdy + start * outCount, d = dy + start * outCount
                    Kernels.serialGemm(transposeA: true, m: g.outChannels, n: g.patch, k: m, rd,
                                       columns(g, x, start: start, count: count, scratch), beta: first ? 0 : 1,
                                       into: partial)
                    if formsInput {
                        Kernels.serialGemm(transposeA: true, m: g.outChannels, n: g.patch, k: m, d,
                                           columns(g, rx, start: start, count: count, scratch), beta: 1, into: partial)
                    }
                    Kernels.columnSums(rows: m, columns: g.outChannels, rd, beta: first ? 0 : 1,
                                       into: partial + g.outChannels * g.patch)
                    first = false
                    guard formsInput else { return }
                    let target = g.isPointwise ? rdx + start * inCount : scratch
                    Kernels.serialGemm(m: m, n: g.patch, k: g.outChannels, rd, weights,
                                       beta: g.isPointwise && accumulate ? 1 : 0, into: target)
                    Kernels.serialGemm(m: m, n: g.patch, k: g.outChannels, d, direction, beta: 1, into: target)
                    if !g.isPointwise {
                        Kernels.col2im(g, samples: count, scratch, into: rdx + start * inCount, accumulate: accumulate)
                    }
                }
            }
            Kernels.addPartials(ws.partials, groups: Kernels.sampleGroups(n), count: parameterCount, alpha: 1, beta: 0,
                                into: out + parameterOffset)
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
            let outCount = g.positions * g.outChannels, scratchColumns = ws.columns(0)
            chunks(g, 0..<n) { start, count in
                let col = columns(g, x, start: start, count: count, scratchColumns)
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
