import Foundation

extension Benchmark {
    /// The accuracy check of issue 3: an MLP 784-256-256-10 (ReLU, uniform init) trained with plain
    /// SGD, lr 0.1, batch 128, for `epochs` epochs on the full Fashion-MNIST (found like any named
    /// set), evaluated on the full test set each epoch. Reports each record as it is made and
    /// returns the history and the wall time in seconds (training and evaluation, not loading).
    /// - Throws: ``DataError`` when the set cannot be loaded.
    public static func fashionMNISTAccuracy(
        epochs: Int = 10, threads: Int = 2, seed: UInt64 = 1, searchPaths: [String] = DataRequest.defaultSearchPaths(),
        report: (EpochRecord) -> Void = { _ in }
    ) throws -> (history: [EpochRecord], seconds: Double) {
        Kernels.setThreads(threads)
        let data = try DataRequest(source: .named("fashion-mnist")).load(searchPaths: searchPaths)
        let config = RunConfiguration(
            model: MLP(widths: [784, 256, 256, 10]), learningRate: .constant(0.1), batchSize: .constant(128),
            epochs: epochs, seed: seed)
        var run = try TrainingRun(configuration: config, data: data)
        let start = DispatchTime.now().uptimeNanoseconds
        while !run.isFinished { report(run.trainEpoch()) }
        return (run.history, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}
