import Foundation

extension Benchmark {
    /// The two reference CNNs of issue 13 (`minima bench --cnn`).
    public enum ReferenceCNN: String, CaseIterable, Codable, Sendable {
        /// 28×28×1: conv 3×3 32, 32, max pool 2, conv 64, 64, max pool 2, dense 128, dense 10 (ReLU; padding 1).
        case vgg = "vgg-28"
        /// 32×32×3: conv 16, three stages of one basic block (conv-BN-ReLU-conv-BN + shortcut, ReLU) at
        /// widths 16/32/64, stride 2 and 1×1 conv + BN projection shortcuts at stages 2 and 3,
        /// global average pool, dense 10.
        case resnet8 = "resnet-8"

        /// The network.
        public var network: Network {
            func conv(_ c: Int, stride: Int = 1) -> LayerSpec { .conv(channels: c, kernel: 3, stride: stride, padding: 1) }
            switch self {
            case .vgg:
                return Network(input: TensorShape(height: 28, width: 28, channels: 1), layers: [
                    conv(32), .activation(.relu), conv(32), .activation(.relu), .maxPool(size: 2, stride: 2),
                    conv(64), .activation(.relu), conv(64), .activation(.relu), .maxPool(size: 2, stride: 2),
                    .flatten, .dense(units: 128), .activation(.relu), .dense(units: 10),
                ])
            case .resnet8:
                func block(_ c: Int, stride: Int) -> [LayerSpec] {
                    let body: [LayerSpec] = [conv(c, stride: stride), .batchNorm, .activation(.relu), conv(c), .batchNorm]
                    let shortcut: [LayerSpec] = stride == 1 ? [] :
                        [.conv(channels: c, kernel: 1, stride: stride, padding: 0), .batchNorm]
                    return [.residual(body: body, shortcut: shortcut), .activation(.relu)]
                }
                return Network(input: TensorShape(height: 32, width: 32, channels: 3), layers:
                    [conv(16), .batchNorm, .activation(.relu)] + block(16, stride: 1) + block(32, stride: 2)
                    + block(64, stride: 2) + [.globalAveragePool, .dense(units: 10)])
            }
        }
    }

    /// Trains `network` for `steps` SGD steps at `batch` (after ten untimed warm-up steps) and
    /// returns (samples per second, mean minibatch loss).
    public static func trainingThroughput(network: Network, data: Dataset, batch: Int, steps: Int,
                                          learningRate: Float = 0.01) -> (Double, Double) {
        let config = RunConfiguration(model: network, initialization: .he, learningRate: .constant(Double(learningRate)),
                                      batchSize: .constant(Double(batch)), epochs: 1, seed: 1)
        var run = try! TrainingRun(configuration: config, data: DataSplit(train: data, test: data.selecting([0])))
        _ = run.timedSteps(count: 10, batch: batch, learningRate: learningRate)
        let start = DispatchTime.now().uptimeNanoseconds
        let loss = run.timedSteps(count: steps, batch: batch, learningRate: learningRate)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return (Double(steps * batch) / seconds, loss)
    }

    /// The CNN workload: each reference network trained at each batch size for about `samples`
    /// samples (random inputs in [0, 1), random labels), then one Hessian-vector product from
    /// scratch over `hvpSamples` samples (batch norm on its chunks' statistics). FLOP per sample:
    /// ``Network/trainingFLOPsPerSample`` (2 per multiply-add of every dense and conv product:
    /// forward, weight gradient, input gradient except for the first conv), and
    /// ``HessianVectorProduct/flopsPerSample(_:cached:)`` with `cached: false`. Each line is measured
    /// `repeats` times right after an `sgemm` (`sgemmSize`³) and keeps the best rates.
    public static func cnn(
        models: [ReferenceCNN] = ReferenceCNN.allCases, batches: [Int] = [32, 128], threads: Int = 2,
        samples: Int = 4096, hvpSamples: Int = 512, sgemmSize: Int = 2048, repeats: Int = 1,
        report: (Line) -> Void = { _ in }, reportCurvature: (CurvatureLine) -> Void = { _ in }
    ) -> ([Line], [CurvatureLine]) {
        Kernels.setThreads(threads)
        var lines: [Line] = [], curvature: [CurvatureLine] = []
        for model in models {
            let network = model.network
            var rng = SplitMix64(seed: 7)
            let count = max(samples, hvpSamples)
            let inputs = (0..<(count * network.inputCount)).map { _ in rng.nextUnitFloat() }
            let labels = (0..<count).map { _ in Int32(rng.nextIndex(below: 10)) }
            let data = Dataset(name: model.rawValue, features: network.inputCount, classes: 10, inputs: inputs,
                               labels: labels, digest: 7)
            for batch in batches {
                var sgemm = 0.0, rate = 0.0, loss = 0.0
                for _ in 0..<max(1, repeats) {
                    sgemm = max(sgemm, sgemmGFLOPS(size: sgemmSize, repetitions: 2))
                    let measured = trainingThroughput(network: network, data: data, batch: batch,
                                                      steps: max(1, samples / batch))
                    if measured.0 > rate { (rate, loss) = measured }
                }
                let flop = network.trainingFLOPsPerSample
                let training = rate * Double(flop) / 1e9
                let line = Line(model: model.rawValue, batch: batch, threads: threads, samplesPerSecond: rate,
                                flopPerSample: flop, trainingGFLOPS: training, sgemmGFLOPS: sgemm,
                                sgemmSize: sgemmSize, efficiency: training / sgemm, meanLoss: loss)
                report(line)
                lines.append(line)
            }
            let subset = data.selecting(Array(0..<hvpSamples))
            let theta = network.initialParameters(.he, seed: 1).values
            let hvp = HessianVectorProduct(network: network, parameters: theta, inputs: subset.inputs,
                                           labels: subset.labels)
            let v = (0..<network.parameterCount).map { _ in Float(rng.nextGaussian()) }
            var out = [Float](repeating: 0, count: network.parameterCount)
            hvp.apply(v, into: &out)  // warm-up
            var sgemm = 0.0, best = Double.infinity
            for _ in 0..<max(1, repeats) {
                sgemm = max(sgemm, sgemmGFLOPS(size: sgemmSize, repetitions: 2))
                let start = DispatchTime.now().uptimeNanoseconds
                hvp.update(parameters: theta)
                hvp.apply(v, into: &out)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            // update + apply: forward and gradient passes, then the R-passes; a chunked product
            // reruns the forward and gradient passes of each chunk inside `apply`.
            let scratch = HessianVectorProduct.flopsPerSample(network, cached: false)
            let cached = HessianVectorProduct.flopsPerSample(network, cached: true)
            let flop = hvp.chunk == hvpSamples ? scratch : 2 * scratch - cached
            let line = CurvatureLine(task: "hvp", model: model.rawValue, samples: hvpSamples, threads: threads,
                                     seconds: best, flopPerSample: flop, sgemmGFLOPS: sgemm,
                                     efficiency: Double(hvpSamples) * Double(flop) / best / 1e9 / sgemm)
            reportCurvature(line)
            curvature.append(line)
        }
        return (lines, curvature)
    }
}
