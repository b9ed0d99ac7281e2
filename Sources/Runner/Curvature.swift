import Notebook
import Training

/// The `measure` metrics and `interpolate` paths, computed with the training core's curvature
/// toolkit on fixed, seeded, class-balanced subsets.
enum Curvature {
    /// Metric cells at `parameters`: `lambda_max` (with steps and residual), `trace_h` (with its
    /// standard error), `frobenius_h`, `trace_c`, `loss`, `accuracy`.
    static func measure(_ settings: MeasureUnit.Settings, model: Network, parameters: Parameters,
                        data: Dataset, seed: UInt64) throws -> [String: Cell] {
        let subset = settings.samples >= data.count ? data : try data.balancedSubset(settings.samples, seed: seed &+ settings.seed)
        var cells: [String: Cell] = [:]
        let metrics = Set(settings.metrics)
        let needsHessian = !metrics.isDisjoint(with: [.lambdaMax, .traceH, .frobeniusH])
        if needsHessian {
            var hvp = HessianVectorProduct(network: model, parameters: parameters.values, inputs: subset.inputs,
                                           labels: subset.labels)
            if metrics.contains(.lambdaMax) {
                var rng = SplitMix64(seed: settings.seed, purpose: "power-iteration")
                let estimate = PowerIteration(tolerance: 1e-4, maxSteps: settings.powerSteps).largest(of: &hvp, using: &rng)
                cells["lambda_max"] = .number(estimate.eigenvalue)
                cells["lambda_max_steps"] = .number(Double(estimate.steps))
                cells["lambda_max_residual"] = .number(estimate.residual)
            }
            if metrics.contains(.traceH) || metrics.contains(.frobeniusH) {
                var rng = SplitMix64(seed: settings.seed, purpose: "hutchinson")
                let estimate = Hutchinson(probes: settings.probes).estimate(of: &hvp, using: &rng)
                if metrics.contains(.traceH) {
                    cells["trace_h"] = .number(estimate.trace)
                    cells["trace_h_se"] = .number(estimate.traceStandardError)
                }
                if metrics.contains(.frobeniusH) { cells["frobenius_h"] = .number(estimate.frobeniusNorm) }
            }
        }
        if metrics.contains(.traceC) {
            cells["trace_c"] = .number(GradientNoise(network: model, parameters: parameters, on: subset).trace)
        }
        if metrics.contains(.loss) || metrics.contains(.accuracy) {
            let evaluation = model.evaluate(parameters, on: subset)
            if metrics.contains(.loss) { cells["loss"] = .number(evaluation.loss) }
            if metrics.contains(.accuracy) { cells["accuracy"] = .number(evaluation.accuracy) }
        }
        return cells
    }

    /// Rows (alpha, train_loss, train_acc, test_loss, test_acc) along the line from `a` to `b`.
    static func interpolate(model: Network, from a: Parameters, to b: Parameters, alpha: [Double],
                            split: DataSplit, samples: Int?, seed: UInt64) throws -> [[String: Cell]] {
        let train = samples.map { $0 >= split.train.count ? split.train : (try? split.train.balancedSubset($0, seed: seed)) ?? split.train }
            ?? split.train
        let sets = [train, split.test]
        // With batch norm, the running statistics of an interpolated point belong to neither end:
        // they are recomputed on the training samples at every α before it is evaluated (the
        // paper's protocol).
        let points = Interpolation(alphas: alpha).path(from: a.values, to: b.values, datasets: ["train", "test"]) { theta, i in
            var point = Parameters(values: theta, slices: a.slices)
            if model.hasBatchNorm { point = model.recomputeBatchNormStatistics(point, on: train) }
            let e = model.evaluate(point, on: sets[i])
            return (e.loss, e.accuracy)
        }
        var rows: [[String: Cell]] = []
        for value in alpha {
            var row: [String: Cell] = ["alpha": .number(value)]
            for p in points where p.alpha == value {
                row["\(p.dataset)_loss"] = p.loss.isFinite ? .number(p.loss) : .missing
                row["\(p.dataset)_acc"] = .number(p.accuracy)
            }
            rows.append(row)
        }
        return rows
    }
}

/// The `simulate` step: the linear-regression SDE toy against its predictions.
enum Simulation {
    static func run(_ unit: SimulateUnit) throws -> [[String: Cell]] {
        let problem = LinearRegressionProblem(dimension: unit.dim, smallestEigenvalue: unit.spectrum[0],
                                              largestEigenvalue: unit.spectrum[1], examples: unit.point.n,
                                              labelNoise: unit.noise)
        let toy = LinearRegressionSDE(problem, seed: unit.seed)
        guard unit.point.batch >= 1, unit.point.batch <= unit.point.n else {
            throw RunnerError("batch \(unit.point.batch) must be between 1 and n = \(unit.point.n)")
        }
        let sampling: BatchSampling
        switch unit.point.sampling {
        case .iid: sampling = .independent
        case .distinct: sampling = .distinct
        case .reshuffle: sampling = .reshuffle
        }
        let chainSeed = SplitMix64(seed: unit.seed, purpose: "chains-\(unit.point.lr)-\(unit.point.batch)-\(unit.point.sampling.rawValue)").state
        let m = toy.simulate(learningRate: unit.point.lr, batchSize: unit.point.batch, sampling: sampling,
                             chains: unit.chains, steps: unit.steps, seed: chainSeed)
        func cell(_ x: Double?) -> Cell { x.flatMap { $0.isFinite ? Cell.number($0) : nil } ?? .missing }
        return [[
            "measured": m.diverged ? .missing : cell(m.excessLoss), "measured_se": cell(m.standardError),
            "predicted_ou": cell(m.prediction.ornsteinUhlenbeck), "predicted_discrete": cell(m.prediction.discreteTime),
            "predicted_exact": cell(m.prediction.exact), "finite_n_factor": cell(m.prediction.finiteSampleFactor),
            "lambda_max_h": cell(toy.curvatures.last), "trace_c_toy": cell(toy.noiseTrace),
            "steps": .number(Double(m.steps)), "diverged": .number(m.diverged ? 1 : 0),
        ]]
    }
}
