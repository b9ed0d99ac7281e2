import ArgumentParser

extension Minima {
    /// Placeholder: the training-core work replaces this with the real benchmark.
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the training core's speed against the in-process sgemm rate.")
    }
}
