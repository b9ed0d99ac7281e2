/// The passes of every planned layer, dispatched by kind: the product layers live in
/// `PlannedLayer+Products.swift`, batch norm's loops in `Kernels+BatchNorm.swift`, and the rest
/// (pooling, global average pooling, flatten, activation, residual add) here; all loops are in
/// `Kernels*.swift`.
///
/// Conventions: `w` the parameters, `v` a direction in parameter space, `n` the samples of the
/// batch. A layer's output values go to `values[output]`; backward reads `gradients[output]` and
/// writes (or, with `accumulatesInput`, adds to) `gradients[input]` when `needsInputGradient`;
/// the R-passes do the same on `rValues` / `rGradients`.
extension PlannedLayer {
    /// Calls `body(first sample, count, input floats per sample, output floats per sample)` for
    /// each sample group of a batch of `n`, in parallel.
    @inline(__always)
    func perSample(_ n: Int, _ body: (_ start: Int, _ count: Int, _ inCount: Int, _ outCount: Int) -> Void) {
        let i = inputShape.count, o = outputShape.count
        Kernels.forEachGroup(batch: n) { _, samples, _ in body(samples.lowerBound, samples.count, i, o) }
    }

    /// Forward pass. `training` selects batch statistics for batch norm.
    func forward(_ w: UnsafePointer<Float>, n: Int, _ ws: Workspace, training: Bool) {
        let x = ws.values[input], y = ws.values[output]
        switch kind {
        case .dense, .conv: productForward(w, n: n, ws)
        case .maxPool(let g):
            let positions = ws.positions[scratch]
            Kernels.forEachGroup(batch: n) { _, samples, _ in
                Kernels.maxPool(g, samples: samples, x, into: y, positions: positions)
            }
        case .averagePool(let g):
            perSample(n) { start, count, i, o in Kernels.averagePool(g, samples: count, x + start * i, into: y + start * o) }
        case .globalAveragePool(let positions, let channels):
            perSample(n) { start, count, i, o in
                Kernels.globalAveragePool(samples: count, positions: positions, channels: channels, x + start * i,
                                          into: y + start * o)
            }
        case .flatten: break
        case .activation(let activation):
            if !isFused {
                Kernels.forEachSlice(samples: n, count: n * inputShape.count) { r in
                    Kernels.activate(activation, count: r.count, x + r.lowerBound, into: y + r.lowerBound)
                }
            }
        case .add:
            let second = ws.values[secondInput!]
            Kernels.forEachSlice(samples: n, count: n * outputShape.count) { r in
                Kernels.sum(count: r.count, x + r.lowerBound, second + r.lowerBound, into: y + r.lowerBound)
            }
        case .batchNorm(let c):
            let p = w + parameterOffset
            Kernels.batchNormForward(
                samples: n, positions: inputShape.height * inputShape.width, channels: c, x, scale: p, shift: p + c,
                running: training ? nil : (p + 2 * c, p + 3 * c), stats: ws.statistics[scratch],
                normalized: ws.normalized[scratch], into: y)
        }
    }

    /// Backward pass; parameter gradients go to `target = beta·target + alpha·∂L/∂θ` when
    /// `target` is given (nil: input gradients only).
    func backward(
        _ w: UnsafePointer<Float>, n: Int, _ ws: Workspace, training: Bool,
        target: UnsafeMutablePointer<Float>?, alpha: Float, beta: Float
    ) {
        let dy = ws.gradients[output], dx = ws.gradients[input]
        let outCount = n * outputShape.count, inCount = n * inputShape.count
        // Without a parameter target the pass serves the R-passes only: form what they read.
        var layer = self
        if target == nil {
            layer.needsInputGradient = needsInputGradient && curvatureReadsInputGradient
            layer.needsSecondInputGradient = needsSecondInputGradient && curvatureReadsSecondInputGradient
        }
        layer.backwardPass(w, n: n, ws, training: training, target: target, alpha: alpha, beta: beta,
                           dy: dy, dx: dx, outCount: outCount, inCount: inCount)
    }

    private func backwardPass(
        _ w: UnsafePointer<Float>, n: Int, _ ws: Workspace, training: Bool,
        target: UnsafeMutablePointer<Float>?, alpha: Float, beta: Float,
        dy: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>, outCount: Int, inCount: Int
    ) {
        switch kind {
        case .dense, .conv: productBackward(w, n: n, ws, target: target, alpha: alpha, beta: beta)
        case .batchNorm(let c):
            guard needsInputGradient || target != nil else { return }
            Kernels.batchNormBackward(
                samples: n, positions: inputShape.height * inputShape.width, channels: c, dy, normalized: ws.normalized[scratch],
                scale: w + parameterOffset, stats: ws.statistics[scratch], training: training,
                target: target.map { $0 + parameterOffset }, alpha: alpha, beta: beta,
                dx: needsInputGradient ? dx : nil, accumulate: accumulatesInput)
        default:
            linearBackward(dy: dy, dx: dx, n: n, ws, positions: ws.positions, outCount: outCount, inCount: inCount)
            if case .activation(let activation) = kind, needsInputGradient {
                let pre = ws.values[input], out = ws.values[output]
                Kernels.forEachSlice(samples: n, count: inCount) { r in
                    Kernels.activationBackward(activation, count: r.count, pre: pre + r.lowerBound,
                                               out: out + r.lowerBound, delta: dy + r.lowerBound)
                }
            }
        }
    }

    /// The backward pass of the layers without parameters that are linear in their input (pools,
    /// flatten, add); used for gradients and, on R-buffers, for R-gradients. Activations are
    /// handled by the caller.
    private func linearBackward(
        dy: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>, n: Int, _ ws: Workspace,
        positions: [UnsafeMutablePointer<Int32>], outCount: Int, inCount: Int, second: UnsafeMutablePointer<Float>? = nil
    ) {
        switch kind {
        case .maxPool:
            guard needsInputGradient else { return }
            let positions = positions[scratch], accumulate = accumulatesInput
            perSample(n) { start, count, i, o in
                // A window's arg-max lies in its own sample, so samples scatter into disjoint ranges.
                if !accumulate { (dx + start * i).update(repeating: 0, count: count * i) }
                Kernels.scatter(count: count * o, dy + start * o, positions: positions + start * o, into: dx)
            }
        case .averagePool(let g):
            guard needsInputGradient else { return }
            let accumulate = accumulatesInput
            perSample(n) { start, count, i, o in
                Kernels.averagePoolBackward(g, samples: count, dy + start * o, into: dx + start * i, accumulate: accumulate)
            }
        case .globalAveragePool(let p, let c):
            guard needsInputGradient else { return }
            let accumulate = accumulatesInput
            perSample(n) { start, count, i, o in
                Kernels.globalAveragePoolBackward(samples: count, positions: p, channels: c, dy + start * o,
                                                  into: dx + start * i, accumulate: accumulate)
            }
        case .add:
            let plan = ws.plan
            if needsInputGradient && plan.gradientRoot[input] != plan.gradientRoot[output] {
                let accumulate = accumulatesInput
                Kernels.forEachSlice(samples: n, count: outCount) { r in
                    Kernels.copy(count: r.count, dy + r.lowerBound, into: dx + r.lowerBound, accumulate: accumulate)
                }
            }
            let s = secondInput!
            if needsSecondInputGradient && plan.gradientRoot[s] != plan.gradientRoot[output] {
                let target = second ?? ws.gradients[s], accumulate = accumulatesSecondInput
                Kernels.forEachSlice(samples: n, count: outCount) { r in
                    Kernels.copy(count: r.count, dy + r.lowerBound, into: target + r.lowerBound, accumulate: accumulate)
                }
            }
        case .flatten, .activation: break
        default: preconditionFailure("linearBackward: \(kind)")
        }
    }

    /// R-forward: `R(y)` from `R(x)` (zero when the input does not depend on the parameters) and `v`.
    func directional(_ w: UnsafePointer<Float>, _ v: UnsafePointer<Float>, n: Int, _ ws: Workspace) {
        guard ws.plan.requiresGradient[output] else { return }
        let rx = ws.rValues[input], ry = ws.rValues[output]
        let outCount = n * outputShape.count, inCount = n * inputShape.count
        switch kind {
        case .dense, .conv: productDirectional(w, v, n: n, ws)
        case .maxPool:
            let positions = ws.positions[scratch]
            Kernels.forEachSlice(samples: n, count: outCount) { r in
                Kernels.gather(count: r.count, rx, positions: positions + r.lowerBound, into: ry + r.lowerBound)
            }
        case .averagePool(let g):
            perSample(n) { start, count, i, o in Kernels.averagePool(g, samples: count, rx + start * i, into: ry + start * o) }
        case .globalAveragePool(let p, let c):
            perSample(n) { start, count, i, o in
                Kernels.globalAveragePool(samples: count, positions: p, channels: c, rx + start * i, into: ry + start * o)
            }
        case .flatten: break
        case .activation(let activation):
            if isFused { return }
            ry.update(from: rx, count: inCount)
            Kernels.activationBackward(activation, count: inCount, pre: ws.values[input], out: ws.values[output],
                                       delta: ry)
        case .add:
            let s = secondInput!
            switch (needsInputGradient, needsSecondInputGradient) {
            case (true, true): Kernels.sum(count: outCount, rx, ws.rValues[s], into: ry)
            case (true, false): ry.update(from: rx, count: outCount)
            case (false, true): ry.update(from: ws.rValues[s], count: outCount)
            case (false, false): ry.update(repeating: 0, count: outCount)
            }
        case .batchNorm(let c):
            let p = w + parameterOffset, r = v + parameterOffset
            Kernels.batchNormDirectional(
                samples: n, positions: inputShape.height * inputShape.width, channels: c, rx: needsInputGradient ? rx : nil,
                normalized: ws.normalized[scratch], scale: p, rScale: r, rShift: r + c,
                stats: ws.statistics[scratch], rNormalized: ws.normalized[scratch] + ws.capacity * inputShape.count,
                into: ry)
        }
    }

    /// R-backward: this layer's part of `Hv` into `out`, and `R(dx)` from `R(dy)`.
    func secondOrder(
        _ w: UnsafePointer<Float>, _ v: UnsafePointer<Float>, n: Int, _ ws: Workspace, out: UnsafeMutablePointer<Float>
    ) {
        let rdy = ws.rGradients[output], rdx = ws.rGradients[input]
        let outCount = n * outputShape.count, inCount = n * inputShape.count
        switch kind {
        case .dense, .conv: productSecondOrder(w, v, n: n, ws, out: out)
        case .batchNorm(let c):
            let p = w + parameterOffset
            Kernels.batchNormSecondOrder(
                samples: n, positions: inputShape.height * inputShape.width, channels: c, dy: ws.gradients[output], rdy: rdy,
                normalized: ws.normalized[scratch],
                rNormalized: ws.normalized[scratch] + ws.capacity * inputShape.count, scale: p,
                rScale: v + parameterOffset, stats: ws.statistics[scratch], out: out + parameterOffset,
                rdx: needsInputGradient ? rdx : nil, accumulate: accumulatesInput)
            (out + parameterOffset + 2 * c).update(repeating: 0, count: 2 * c)  // running statistics
        case .activation(let activation):
            guard needsInputGradient else { return }
            let pre = ws.values[input], out = ws.values[output], rPre = ws.rValues[input], delta = ws.gradients[input]
            Kernels.forEachSlice(samples: n, count: inCount) { r in
                let k = r.lowerBound
                Kernels.activationSecondOrder(activation, count: r.count, pre: pre + k, out: out + k,
                                              preDirection: rPre + k, delta: delta + k, result: rdy + k)
            }
        default:
            linearBackward(dy: rdy, dx: rdx, n: n, ws, positions: ws.positions, outCount: outCount, inCount: inCount,
                           second: secondInput.map { ws.rGradients[$0] })
        }
    }

    /// Per-example squared gradient norms of this layer's parameters (see
    /// ``productExampleNorms(n:_:scale:into:scratch:)``); batch norm's are exact in evaluation
    /// mode, where samples do not interact.
    func exampleNorms(
        n: Int, _ ws: Workspace, scale: Double, into sums: UnsafeMutablePointer<Double>, scratch temp: UnsafeMutablePointer<Float>
    ) {
        switch kind {
        case .dense, .conv: productExampleNorms(n: n, ws, scale: scale, into: sums, scratch: temp)
        case .batchNorm(let c):
            Kernels.accumulateBatchNormExampleNorms(
                samples: n, positions: inputShape.height * inputShape.width, channels: c, dy: ws.gradients[output],
                normalized: ws.normalized[scratch], scale: scale, into: sums)
        default: break
        }
    }
}
