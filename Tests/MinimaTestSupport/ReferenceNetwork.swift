import Foundation

/// A naive, independent network in `Double`: the oracle for the training core's layers.
///
/// Loops straight from the definitions, NHWC tensors of one sample at a time (batch norm sees
/// the whole batch), no BLAS and no code shared with `Training`. Parameter layout as documented
/// on `Training.Network`: in layer order (residual: body, then shortcut), dense `W` [units,
/// inputs] then `b`; conv `W` [out, k, k, in] then `b`; batch norm scale, shift, running mean,
/// running variance.
public struct ReferenceNetwork: Sendable {
    /// One layer, mirroring `Training.LayerSpec`.
    public indirect enum Layer: Sendable {
        case dense(Int)
        case conv(channels: Int, kernel: Int, stride: Int, padding: Int)
        case maxPool(size: Int, stride: Int)
        case averagePool(size: Int, stride: Int)
        case globalAveragePool
        case flatten
        case batchNorm
        case tanh
        case relu
        case residual(body: [Layer], shortcut: [Layer])
    }

    /// A batch of NHWC tensors: `n` samples of `h × w × c`.
    public struct Tensor: Sendable {
        public var n: Int, h: Int, w: Int, c: Int
        public var data: [Double]
        public init(n: Int, h: Int, w: Int, c: Int, data: [Double]) {
            precondition(data.count == n * h * w * c)
            (self.n, self.h, self.w, self.c, self.data) = (n, h, w, c, data)
        }
        public subscript(s: Int, y: Int, x: Int, ch: Int) -> Double {
            get { data[((s * h + y) * w + x) * c + ch] }
            set { data[((s * h + y) * w + x) * c + ch] = newValue }
        }
    }

    public var height: Int, width: Int, channels: Int
    public var layers: [Layer]
    /// True: batch norm uses batch statistics; false: the running ones.
    public var training: Bool

    public init(height: Int, width: Int, channels: Int, layers: [Layer], training: Bool = true) {
        (self.height, self.width, self.channels, self.layers, self.training) = (height, width, channels, layers, training)
    }

    /// The logits [n, classes] of `inputs` [n, h·w·c].
    public func logits(parameters: [Double], inputs: [Double], count: Int) -> [Double] {
        var offset = 0
        let x = Tensor(n: count, h: height, w: width, c: channels, data: inputs)
        return run(layers, x, parameters, &offset).data
    }

    private func run(_ layers: [Layer], _ input: Tensor, _ p: [Double], _ offset: inout Int) -> Tensor {
        var x = input
        for layer in layers { x = apply(layer, x, p, &offset) }
        return x
    }

    private func apply(_ layer: Layer, _ x: Tensor, _ p: [Double], _ offset: inout Int) -> Tensor {
        switch layer {
        case .dense(let units):
            let inputs = x.h * x.w * x.c
            var y = Tensor(n: x.n, h: 1, w: 1, c: units, data: .init(repeating: 0, count: x.n * units))
            for s in 0..<x.n {
                for o in 0..<units {
                    var z = p[offset + inputs * units + o]
                    for i in 0..<inputs { z += p[offset + o * inputs + i] * x.data[s * inputs + i] }
                    y.data[s * units + o] = z
                }
            }
            offset += inputs * units + units
            return y
        case .conv(let out, let k, let stride, let pad):
            let oh = (x.h + 2 * pad - k) / stride + 1, ow = (x.w + 2 * pad - k) / stride + 1
            var y = Tensor(n: x.n, h: oh, w: ow, c: out, data: .init(repeating: 0, count: x.n * oh * ow * out))
            let biases = offset + out * k * k * x.c
            for s in 0..<x.n {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        for o in 0..<out {
                            var z = p[biases + o]
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let iy = oy * stride - pad + ky, ix = ox * stride - pad + kx
                                    guard iy >= 0, iy < x.h, ix >= 0, ix < x.w else { continue }
                                    for ch in 0..<x.c {
                                        z += p[offset + ((o * k + ky) * k + kx) * x.c + ch] * x[s, iy, ix, ch]
                                    }
                                }
                            }
                            y[s, oy, ox, o] = z
                        }
                    }
                }
            }
            offset = biases + out
            return y
        case .maxPool(let size, let stride), .averagePool(let size, let stride):
            let oh = (x.h - size) / stride + 1, ow = (x.w - size) / stride + 1
            var y = Tensor(n: x.n, h: oh, w: ow, c: x.c, data: .init(repeating: 0, count: x.n * oh * ow * x.c))
            let isMax: Bool
            if case .maxPool = layer { isMax = true } else { isMax = false }
            for s in 0..<x.n {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        for ch in 0..<x.c {
                            var window: [Double] = []
                            for ky in 0..<size {
                                for kx in 0..<size { window.append(x[s, oy * stride + ky, ox * stride + kx, ch]) }
                            }
                            y[s, oy, ox, ch] = isMax ? window.max()! : window.reduce(0, +) / Double(window.count)
                        }
                    }
                }
            }
            return y
        case .globalAveragePool:
            var y = Tensor(n: x.n, h: 1, w: 1, c: x.c, data: .init(repeating: 0, count: x.n * x.c))
            for s in 0..<x.n {
                for ch in 0..<x.c {
                    var sum = 0.0
                    for iy in 0..<x.h { for ix in 0..<x.w { sum += x[s, iy, ix, ch] } }
                    y.data[s * x.c + ch] = sum / Double(x.h * x.w)
                }
            }
            return y
        case .flatten:
            return Tensor(n: x.n, h: 1, w: 1, c: x.h * x.w * x.c, data: x.data)
        case .batchNorm:
            let c = x.c
            var y = x
            for ch in 0..<c {
                var values: [Double] = []
                for s in 0..<x.n { for iy in 0..<x.h { for ix in 0..<x.w { values.append(x[s, iy, ix, ch]) } } }
                let mean: Double, variance: Double
                if training {
                    mean = values.reduce(0, +) / Double(values.count)
                    variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
                } else {
                    mean = p[offset + 2 * c + ch]
                    variance = p[offset + 3 * c + ch]
                }
                let gamma = p[offset + ch], beta = p[offset + c + ch]
                for s in 0..<x.n {
                    for iy in 0..<x.h {
                        for ix in 0..<x.w {
                            y[s, iy, ix, ch] = gamma * (x[s, iy, ix, ch] - mean) / (variance + 1e-5).squareRoot() + beta
                        }
                    }
                }
            }
            offset += 4 * c
            return y
        case .tanh:
            var y = x
            y.data = x.data.map { Foundation.tanh($0) }
            return y
        case .relu:
            var y = x
            y.data = x.data.map { max(0, $0) }
            return y
        case .residual(let body, let shortcut):
            let a = run(body, x, p, &offset)
            let b = shortcut.isEmpty ? x : run(shortcut, x, p, &offset)
            var y = a
            for i in y.data.indices { y.data[i] += b.data[i] }
            return y
        }
    }

    /// Mean softmax cross-entropy of `inputs` against `labels`.
    public func loss(parameters: [Double], inputs: [Double], labels: [Int]) -> Double {
        let z = logits(parameters: parameters, inputs: inputs, count: labels.count)
        let classes = z.count / labels.count
        var total = 0.0
        for (s, label) in labels.enumerated() {
            let row = z[(s * classes)..<((s + 1) * classes)]
            let m = row.max()!
            total += Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - m) }) + m - row[s * classes + label]
        }
        return total / Double(labels.count)
    }

    /// `∂L/∂θᵢ` by central differences with step `h`, for the parameters at `indices`.
    public func finiteDifferenceGradient(parameters: [Double], inputs: [Double], labels: [Int], indices: [Int],
                                         h: Double = 1e-5) -> [Double] {
        var p = parameters
        return indices.map { i in
            p[i] = parameters[i] + h
            let plus = loss(parameters: p, inputs: inputs, labels: labels)
            p[i] = parameters[i] - h
            let minus = loss(parameters: p, inputs: inputs, labels: labels)
            p[i] = parameters[i]
            return (plus - minus) / (2 * h)
        }
    }

    /// `(Hv)ᵢ = ∂²L/∂θᵢ∂v` by mixed central differences,
    /// `[L(θ+heᵢ+εv) − L(θ+heᵢ−εv) − L(θ−heᵢ+εv) + L(θ−heᵢ−εv)] / 4hε`, at `indices`.
    public func finiteDifferenceHessianVector(parameters: [Double], direction v: [Double], inputs: [Double],
                                              labels: [Int], indices: [Int], h: Double = 1e-3,
                                              epsilon: Double = 1e-3) -> [Double] {
        indices.map { i in
            func at(_ a: Double, _ b: Double) -> Double {
                var p = parameters
                for j in p.indices { p[j] += b * v[j] }
                p[i] += a
                return loss(parameters: p, inputs: inputs, labels: labels)
            }
            return (at(h, epsilon) - at(h, -epsilon) - at(-h, epsilon) + at(-h, -epsilon)) / (4 * h * epsilon)
        }
    }
}
