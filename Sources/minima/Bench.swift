import ArgumentParser
import Foundation
import Training

extension Minima {
    /// `minima bench`: the training core's speed against the in-process sgemm rate (build with `-c release`).
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the training core's speed against the in-process sgemm rate.",
            discussion: """
                Trains MLPs 784-512-512-10 and 784-256-256-10 for one epoch on 60 000 synthetic samples at \
                batch 32, 128 and 512 (plain SGD, lr 0.05) and reports samples/s, FLOP per sample \
                (6 × forward multiply-adds − 2 × 784 × 512), the sgemm rate (2048³, same threads) and \
                efficiency = training FLOP rate ÷ sgemm rate. With --fashion-mnist, instead trains \
                784-256-256-10 (SGD 0.1, batch 128, 10 epochs) on Fashion-MNIST and reports test accuracy \
                and wall time. The default run ends (and --curvature-only runs only) with one Hessian-vector product over \
                5000 samples of 784-512-512-10 and 20 power-iteration steps, with efficiency against an sgemm \
                measured right before each (best of --repeats). Measure a release build.
                """)

        @Flag(help: "Print one JSON object per line instead of a table.")
        var json = false

        @Flag(help: "A short run: 8192 samples and a 1024³ sgemm.")
        var quick = false

        @Option(help: "Threads per product (OpenBLAS itself runs single-threaded).")
        var threads = 2

        @Option(name: .customLong("batch"), parsing: .upToNextOption, help: "Batch sizes to measure.")
        var batches: [Int] = [32, 128, 512]

        @Option(help: "Measure each line this many times and keep the best rates (for a shared machine).")
        var repeats = 1

        @Flag(help: "Only the curvature lines (Hessian-vector product, power iteration).")
        var curvatureOnly = false

        @Flag(help: "Run the two reference CNNs instead (VGG-style on 28×28×1, ResNet-8 on 32×32×3; batch 32 and 128 unless --batch is given; one HVP over 512 samples each).")
        var cnn = false

        @Flag(name: .customLong("fashion-mnist"), help: "Run the Fashion-MNIST accuracy check instead.")
        var fashionMNIST = false

        @Option(help: "Epochs of the Fashion-MNIST check.")
        var epochs = 10

        func validate() throws {
            guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
            guard batches.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--batch sizes must be at least 1") }
            guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
            guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        }

        func run() async throws {
            if json {
                print("{\"blas_kernel\":\"\(Kernels.blasKernel)\",\"threads\":\(threads)}")
            } else {
                print("OpenBLAS kernel family: \(Kernels.blasKernel) (single-threaded; Minima runs \(threads) thread(s))\n")
            }
            if fashionMNIST {
                try runAccuracyCheck()
                return
            }
            if curvatureOnly {
                runCurvature()
                return
            }
            if cnn {
                runCNN()
                return
            }
            if !json { print(Self.trainingHeader) }
            _ = Benchmark.run(batches: batches, threads: threads, quick: quick, repeats: repeats) { show($0) }
            runCurvature()
        }

        /// The reference CNNs: training at each batch, then one Hessian-vector product (issue 13).
        private func runCNN() {
            if !json { print(Self.trainingHeader) }
            let cnnBatches = batches == [32, 128, 512] ? [32, 128] : batches
            var hvpLines: [Benchmark.CurvatureLine] = []
            _ = Benchmark.cnn(
                batches: cnnBatches, threads: threads, samples: quick ? 1024 : 4096, hvpSamples: quick ? 128 : 512,
                sgemmSize: quick ? 1024 : 2048, repeats: repeats,
                report: { show($0) },
                reportCurvature: { hvpLines.append($0) })
            if !json { print(Self.curvatureHeader) }
            for line in hvpLines { show(line) }
        }

        /// One Hessian-vector product over 5000 samples of 784-512-512-10 and 20 power steps (issue 4).
        private func runCurvature() {
            if !json { print(Self.curvatureHeader) }
            _ = Benchmark.curvature(
                samples: quick ? 1000 : 5000, threads: threads, sgemmSize: quick ? 1024 : 2048, repeats: repeats
            ) { show($0) }
        }

        private static let trainingHeader =
            "model            batch threads   samples/s   FLOP/sample  train GFLOP/s  sgemm GFLOP/s  efficiency"
        private static let curvatureHeader =
            "\ntask     model            samples threads     seconds   FLOP/sample  sgemm GFLOP/s  efficiency"

        /// One training line, as JSON or a table row under ``trainingHeader``.
        private func show(_ line: Benchmark.Line) {
            if json { return print(Self.jsonLine(line)) }
            print(line.model.padding(toLength: 16, withPad: " ", startingAt: 0)
                + String(format: " %5d %7d %11.0f %13d %14.1f %14.1f %11.3f", line.batch, line.threads,
                         line.samplesPerSecond, line.flopPerSample, line.trainingGFLOPS, line.sgemmGFLOPS, line.efficiency))
        }

        /// One curvature line, as JSON or a table row under ``curvatureHeader``.
        private func show(_ line: Benchmark.CurvatureLine) {
            if json { return print(Self.jsonLine(line)) }
            print(line.task.padding(toLength: 8, withPad: " ", startingAt: 0) + " "
                + line.model.padding(toLength: 16, withPad: " ", startingAt: 0)
                + String(format: " %7d %7d %11.4f %13d %14.1f %11.3f", line.samples, line.threads,
                         line.seconds, line.flopPerSample, line.sgemmGFLOPS, line.efficiency))
        }

        private func runAccuracyCheck() throws {
            do {
                let (history, seconds) = try Benchmark.fashionMNISTAccuracy(epochs: epochs, threads: threads) { record in
                    if json {
                        print(Self.jsonLine(record))
                    } else {
                        print(String(format: "epoch %2d  train loss %.4f  train acc %.4f  test loss %.4f  test acc %.4f",
                                     record.epoch, record.trainLoss ?? .nan, record.trainAccuracy ?? .nan,
                                     record.testLoss ?? .nan, record.testAccuracy ?? .nan))
                    }
                }
                let accuracy = history.last?.testAccuracy ?? .nan
                if json {
                    print("{\"final_test_acc\":\(accuracy),\"seconds\":\(seconds),\"threads\":\(threads)}")
                } else {
                    print(String(format: "final test accuracy %.4f in %.1f s (%d threads)", accuracy, seconds, threads))
                }
            } catch let error as DataError {
                throw ValidationError(error.description)
            }
        }

        private static func jsonLine(_ value: some Encodable) -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
        }
    }
}
