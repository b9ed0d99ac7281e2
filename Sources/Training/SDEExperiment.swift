import Foundation

/// A `simulate` step's computation: one realised `LinearRegressionProblem` and SGD chains at a
/// list of (η, S, sampling) settings, each measured against its predictions (PAPER.md F0).
public struct SDEExperiment: Codable, Hashable, Sendable {
    /// One SGD configuration to simulate.
    public struct Setting: Codable, Hashable, Sendable {
        /// Learning rate `η`.
        public var learningRate: Double
        /// Batch size `S`, between 1 and the problem's `N`.
        public var batchSize: Int
        /// How batches are drawn.
        public var sampling: BatchSampling

        /// A setting; i.i.d. batches by default.
        public init(learningRate: Double, batchSize: Int, sampling: BatchSampling = .independent) {
            self.learningRate = learningRate
            self.batchSize = batchSize
            self.sampling = sampling
        }
    }

    /// The toy to realise.
    public var problem: LinearRegressionProblem
    /// The SGD configurations to simulate, in result order.
    public var settings: [Setting]
    /// Independent chains per setting (the standard error is over chains).
    public var chains: Int
    /// SGD steps per chain (nil: `LinearRegressionSDE.defaultSteps(learningRate:)` per setting).
    public var steps: Int?
    /// Seeds the sample (`purpose: "sample"`) and the chains (`purpose: "chain c"`).
    public var seed: UInt64

    /// An experiment on PAPER.md F0's toy by default, with 16 chains and automatic windows.
    public init(
        problem: LinearRegressionProblem = LinearRegressionProblem(), settings: [Setting], chains: Int = 16,
        steps: Int? = nil, seed: UInt64 = 0
    ) {
        self.problem = problem
        self.settings = settings
        self.chains = chains
        self.steps = steps
        self.seed = seed
    }

    /// The outcome: the sample's spectrum and noise, and one measurement per setting.
    public struct Result: Codable, Hashable, Sendable {
        /// Eigenvalues of the empirical Hessian `XᵀX/N`, ascending.
        public var curvatures: [Double]
        /// `Tr(C)` at the optimum.
        public var noiseTrace: Double
        /// `Tr(H)` of the empirical Hessian.
        public var hessianTrace: Double
        /// One measurement per setting, in the order of `settings`.
        public var measurements: [SDEMeasurement]
    }

    /// Realises the sample and simulates every setting, spreading settings over `threads`
    /// threads (each setting's chains run on one thread; results do not depend on `threads`).
    ///
    /// - Complexity: O(N·d²) once, plus each setting's `simulate` and `prediction` cost.
    public func run(threads: Int = 1) -> Result {
        let toy = LinearRegressionSDE(problem, seed: seed)
        let measurements = Self.parallelMap(settings, threads: threads) { s in
            toy.simulate(learningRate: s.learningRate, batchSize: s.batchSize, sampling: s.sampling,
                         chains: chains, steps: steps, seed: seed)
        }
        return Result(curvatures: toy.curvatures, noiseTrace: toy.noiseTrace, hessianTrace: toy.hessianTrace,
                      measurements: measurements)
    }

    /// `items.map(body)` on up to `threads` threads, results in input order.
    private static func parallelMap<T: Sendable, U: Sendable>(
        _ items: [T], threads: Int, _ body: @Sendable (T) -> U
    ) -> [U] {
        guard threads > 1, items.count > 1 else { return items.map(body) }
        let results = Results<U>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: min(threads, items.count)) { worker in
            for i in stride(from: worker, to: items.count, by: min(threads, items.count)) {
                results.set(i, body(items[i]))
            }
        }
        return results.values.map { $0! }
    }
}

/// Slots written once each from concurrent workers.
private final class Results<U>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [U?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: U) {
        lock.lock()
        values[i] = value
        lock.unlock()
    }
}
