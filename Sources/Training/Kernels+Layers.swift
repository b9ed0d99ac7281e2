import Foundation

/// The float loops of the convolutional layers, NHWC (channels-last) throughout: im2col and its
/// adjoint, pooling, global average pooling, batch normalisation (training, evaluation and the
/// R-operator), elementwise adds and per-example norms. Products go through ``Kernels/gemm``.
/// (Over 300 lines: one section per layer kind; they share the NHWC indexing.)
extension Kernels {
    // MARK: im2col

    /// Walks the im2col matrix of `samples` images in order, one run of consecutive floats at a
    /// time: `body(column offset, image offset, count)`, where the image offset is nil for a run
    /// in the zero padding. A window row that lies inside the image is one run of k·c floats,
    /// else one run of c per tap. im2col and its adjoint share this walk.
    @inline(__always)
    static func forEachWindowRun(_ g: ConvGeometry, samples: Int, _ body: (_ column: Int, _ image: Int?, _ count: Int) -> Void) {
        let c = g.inChannels, k = g.kernel
        let imageSize = g.height * g.width * c
        for n in 0..<samples {
            for oy in 0..<g.outHeight {
                for ox in 0..<g.outWidth {
                    let row = ((n * g.outHeight + oy) * g.outWidth + ox) * g.patch
                    let y0 = oy * g.stride - g.padding, x0 = ox * g.stride - g.padding
                    for ky in 0..<k {
                        let iy = y0 + ky, target = row + ky * k * c
                        if iy < 0 || iy >= g.height {
                            body(target, nil, k * c)
                        } else if x0 >= 0 && x0 + k <= g.width {
                            body(target, n * imageSize + (iy * g.width + x0) * c, k * c)
                        } else {
                            for kx in 0..<k {
                                let ix = x0 + kx
                                body(target + kx * c, ix < 0 || ix >= g.width ? nil : n * imageSize + (iy * g.width + ix) * c, c)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Writes the im2col matrix of `samples` NHWC images `x` into `col`
    /// [samples·outHeight·outWidth, kernel·kernel·inChannels]: row `(n, oy, ox)` holds the
    /// `kernel × kernel × inChannels` window at `(oy·stride − padding, ox·stride − padding)`,
    /// zero outside the image, in HWC order (the layout of one filter).
    /// - Complexity: O(samples · positions · patch).
    static func im2col(_ g: ConvGeometry, samples: Int, _ x: UnsafePointer<Float>, into col: UnsafeMutablePointer<Float>) {
        forEachWindowRun(g, samples: samples) { column, image, count in
            if let image { move(count: count, x + image, into: col + column) } else { fill(count: count, col + column) }
        }
    }

    /// One augmented image (``Augmentation``): output pixel `(y, x)` of `image` [height, width,
    /// channels] is pixel `(y + dy, x' + dx)` of `source`, with `x' = width − 1 − x` when
    /// `mirror`, else `x`; zero where that lies outside the image.
    static func shiftImage(
        height h: Int, width w: Int, channels c: Int, _ source: UnsafePointer<Float>, dy: Int, dx: Int, mirror: Bool,
        into image: UnsafeMutablePointer<Float>
    ) {
        for y in 0..<h {
            let sy = y + dy
            for x in 0..<w {
                let sx = (mirror ? w - 1 - x : x) + dx
                let out = image + (y * w + x) * c
                if sy >= 0 && sy < h && sx >= 0 && sx < w {
                    move(count: c, source + (sy * w + sx) * c, into: out)
                } else {
                    fill(count: c, out)
                }
            }
        }
    }

    /// The filters of the input-gradient conv of a ``ConvGeometry/hasSameTranspose`` conv:
    /// `flipped[(k−1−ky, k−1−kx, o), i] = w[o, (ky, kx, i)]`, [k²·out, in], from `w` [out, k²·in].
    static func flipFilters(_ g: ConvGeometry, _ w: UnsafePointer<Float>, into flipped: UnsafeMutablePointer<Float>) {
        let k = g.kernel, cIn = g.inChannels, cOut = g.outChannels
        for o in 0..<cOut {
            for ky in 0..<k {
                for kx in 0..<k {
                    let source = w + o * g.patch + (ky * k + kx) * cIn
                    let row = ((k - 1 - ky) * k + (k - 1 - kx)) * cOut + o
                    (flipped + row * cIn).update(from: source, count: cIn)
                }
            }
        }
    }

    /// The adjoint of ``im2col(_:samples:_:into:)``: adds every entry of `col` back to the image
    /// position it was read from, into `dx` (set to zero first unless `accumulate`).
    /// - Complexity: O(samples · positions · patch).
    static func col2im(
        _ g: ConvGeometry, samples: Int, _ col: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>,
        accumulate: Bool
    ) {
        if !accumulate { dx.update(repeating: 0, count: samples * g.height * g.width * g.inChannels) }
        forEachWindowRun(g, samples: samples) { column, image, count in
            if let image { add(count: count, col + column, into: dx + image) }
        }
    }

    /// `y = x` over `count` elements, eight lanes at a time: im2col's runs are a few to a few
    /// hundred floats, too short for a `memmove` call to pay.
    @inline(__always)
    static func move(count: Int, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        var i = 0
        while i + 8 <= count {
            UnsafeMutableRawPointer(y + i).storeBytes(of: UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self),
                                                      as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            y[i] = x[i]
            i += 1
        }
    }

    /// `y = 0` over `count` elements, eight lanes at a time.
    @inline(__always)
    static func fill(count: Int, _ y: UnsafeMutablePointer<Float>) {
        var i = 0
        while i + 8 <= count {
            UnsafeMutableRawPointer(y + i).storeBytes(of: SIMD8<Float>(), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            y[i] = 0
            i += 1
        }
    }

    /// `y[i] += x[i]` for `count` elements, eight lanes at a time.
    @inline(__always)
    static func add(count: Int, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
                + UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(y + i).storeBytes(of: v, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            y[i] += x[i]
            i += 1
        }
    }

    /// `y = a + b` over `count` elements.
    static func sum(count: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        for i in 0..<count { y[i] = a[i] + b[i] }
    }

    /// `y = x` or, with `accumulate`, `y += x`, over `count` elements.
    static func copy(count: Int, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, accumulate: Bool) {
        if accumulate { add(count: count, x, into: y) } else { y.update(from: x, count: count) }
    }

    /// `y = φ(x)` elementwise (ReLU or tanh).
    static func activate(_ activation: Activation, count: Int, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        switch activation {
        case .relu: for i in 0..<count { y[i] = x[i] < 0 ? 0 : x[i] }
        case .tanh: for i in 0..<count { y[i] = Foundation.tanh(x[i]) }
        }
    }

    // MARK: Pooling

    /// Max over each window of images `samples` of `x` into `y`, remembering in `positions` the
    /// index (within the whole batch `x`) of each maximum (the first one on ties).
    /// - Complexity: O(samples · outputs · size²).
    static func maxPool(
        _ g: PoolGeometry, samples: Range<Int>, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>,
        positions: UnsafeMutablePointer<Int32>
    ) {
        let c = g.channels, vectorized = c - c % 8
        let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
        for n in samples {
            for oy in 0..<g.outHeight {
                for ox in 0..<g.outWidth {
                    let out = ((n * g.outHeight + oy) * g.outWidth + ox) * c
                    // Eight channels at a time, the window in the same order: the same maxima and positions.
                    for block in stride(from: 0, to: vectorized, by: 8) {
                        var best = SIMD8<Float>(repeating: 0), where_ = SIMD8<Int32>(repeating: 0)
                        for ky in 0..<g.size {
                            for kx in 0..<g.size {
                                let index = ((n * g.height + oy * g.stride + ky) * g.width + ox * g.stride + kx) * c + block
                                let v = UnsafeRawPointer(x + index).loadUnaligned(as: SIMD8<Float>.self)
                                let candidates = SIMD8<Int32>(repeating: Int32(index)) &+ lanes
                                if ky == 0 && kx == 0 {
                                    (best, where_) = (v, candidates)
                                } else {
                                    let greater = v .> best
                                    best.replace(with: v, where: greater)
                                    where_.replace(with: candidates, where: greater)
                                }
                            }
                        }
                        UnsafeMutableRawPointer(y + out + block).storeBytes(of: best, as: SIMD8<Float>.self)
                        UnsafeMutableRawPointer(positions + out + block).storeBytes(of: where_, as: SIMD8<Int32>.self)
                    }
                    for ch in vectorized..<c {
                        var best = -Float.infinity, where_ = -1
                        for ky in 0..<g.size {
                            for kx in 0..<g.size {
                                let index = ((n * g.height + oy * g.stride + ky) * g.width + ox * g.stride + kx) * c + ch
                                if x[index] > best || where_ < 0 {
                                    best = x[index]
                                    where_ = index
                                }
                            }
                        }
                        y[out + ch] = best
                        positions[out + ch] = Int32(where_)
                    }
                }
            }
        }
    }

    /// `y[i] = x[positions[i]]` over `count` outputs (max pooling's R-forward).
    static func gather(count: Int, _ x: UnsafePointer<Float>, positions: UnsafePointer<Int32>, into y: UnsafeMutablePointer<Float>) {
        for i in 0..<count { y[i] = x[Int(positions[i])] }
    }

    /// `dx[positions[i]] += dy[i]` over `count` outputs (max pooling's backward).
    static func scatter(
        count: Int, _ dy: UnsafePointer<Float>, positions: UnsafePointer<Int32>, into dx: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<count { dx[Int(positions[i])] += dy[i] }
    }

    /// Mean over each `size × size` window of `x` into `y`.
    /// - Complexity: O(samples · outputs · size²).
    static func averagePool(_ g: PoolGeometry, samples: Int, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        let c = g.channels, scale = 1 / Float(g.size * g.size)
        for n in 0..<samples {
            for oy in 0..<g.outHeight {
                for ox in 0..<g.outWidth {
                    let out = y + ((n * g.outHeight + oy) * g.outWidth + ox) * c
                    out.update(repeating: 0, count: c)
                    for ky in 0..<g.size {
                        for kx in 0..<g.size {
                            add(count: c, x + ((n * g.height + oy * g.stride + ky) * g.width + ox * g.stride + kx) * c,
                                into: out)
                        }
                    }
                    for ch in 0..<c { out[ch] *= scale }
                }
            }
        }
    }

    /// The adjoint of ``averagePool(_:samples:_:into:)``: spreads `dy / size²` over each window.
    static func averagePoolBackward(
        _ g: PoolGeometry, samples: Int, _ dy: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>,
        accumulate: Bool
    ) {
        let c = g.channels, scale = 1 / Float(g.size * g.size)
        if !accumulate { dx.update(repeating: 0, count: samples * g.height * g.width * c) }
        for n in 0..<samples {
            for oy in 0..<g.outHeight {
                for ox in 0..<g.outWidth {
                    let d = dy + ((n * g.outHeight + oy) * g.outWidth + ox) * c
                    for ky in 0..<g.size {
                        for kx in 0..<g.size {
                            let target = dx + ((n * g.height + oy * g.stride + ky) * g.width + ox * g.stride + kx) * c
                            for ch in 0..<c { target[ch] += scale * d[ch] }
                        }
                    }
                }
            }
        }
    }

    /// `y[n, c] = mean over positions of x[n, p, c]`.
    static func globalAveragePool(samples: Int, positions: Int, channels c: Int, _ x: UnsafePointer<Float>,
                                  into y: UnsafeMutablePointer<Float>) {
        let scale = 1 / Float(positions)
        for n in 0..<samples {
            let out = y + n * c
            out.update(repeating: 0, count: c)
            for p in 0..<positions { add(count: c, x + (n * positions + p) * c, into: out) }
            for ch in 0..<c { out[ch] *= scale }
        }
    }

    /// The adjoint of ``globalAveragePool(samples:positions:channels:_:into:)``.
    static func globalAveragePoolBackward(samples: Int, positions: Int, channels c: Int, _ dy: UnsafePointer<Float>,
                                          into dx: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let scale = 1 / Float(positions)
        for n in 0..<samples {
            for p in 0..<positions {
                let target = dx + (n * positions + p) * c
                for ch in 0..<c { target[ch] = (accumulate ? target[ch] : 0) + scale * dy[n * c + ch] }
            }
        }
    }
}
