import Foundation
import Notebook
import Testing
import Training
@testable import Runner

/// Every `train` key reaches the numbers: a run with a non-default value ends with other
/// parameters than the default run, and where a closed form is cheap, it is checked. The runs
/// go through `TrainingSetup` (spec → training configuration), where a dropped key would hide.
@Suite("Train keys change the numbers")
struct TrainKeysTests {
    /// 30 examples (10 per class) with batch 30: one full-batch SGD step per epoch.
    static let data = try! DataSources.unit(for: DatasetSpec(source: "blobs", train: 30, test: 15, seed: 2))

    static func base(lr: ScheduleSpec = .constant(0.1), batch: ScheduleSpec = .constant(30), epochs: Int = 1,
                     momentum: Double = 0, weightDecay: Double = 0, model: ModelSpec = ModelSpec(mlp: [5])) -> TrainSpec {
        TrainSpec(data: "d", model: model, lr: lr, batch: batch, epochs: epochs, momentum: momentum,
                  weightDecay: weightDecay)
    }

    /// (initial parameters, final parameters, final train losses per epoch) of `spec`, seed 1.
    static func train(_ spec: TrainSpec) throws -> (initial: [Float], final: [Float], losses: [Double]) {
        let split = try DataCache.shared.split(for: data)
        let configuration = try TrainingSetup.configuration(RunSpec(train: spec, seed: 1), shape: split.train.shape,
                                                        classes: split.train.classes)
        var run = try TrainingRun(configuration: configuration, data: split)
        let initial = run.parameters.values
        let history = run.train()
        return (initial, run.parameters.values, history.compactMap(\.trainLoss))
    }

    static let variants: [(key: String, spec: TrainSpec)] = [
        ("activation: tanh", base(model: ModelSpec(mlp: [5], activation: .tanh))),
        ("init: he", base(model: ModelSpec(mlp: [5], initialization: .he))),
        ("init: xavier", base(model: ModelSpec(mlp: [5], initialization: .xavier))),
        ("momentum: 0.9", base(epochs: 2, momentum: 0.9)),
        ("weight_decay: 0.1", base(weightDecay: 0.1)),
        ("lr step", base(lr: .step(initial: 0.1, factor: 0.5, every: 1), epochs: 2)),
        ("lr cyclic", base(lr: .cyclic(values: [0.1, 0.3], phase: 1), epochs: 2)),
        ("lr triangular", base(lr: .triangular(low: 0.1, high: 0.3, phase: 1), epochs: 2)),
        ("batch step", base(batch: .step(initial: 30, factor: 0.5, every: 1), epochs: 2)),
        ("batch cyclic", base(batch: .cyclic(values: [30, 10], phase: 1), epochs: 2)),
        ("batch triangular", base(batch: .triangular(low: 10, high: 30, phase: 1), epochs: 2)),
    ]

    @Test("a non-default value of each train key gives other parameters than the default", arguments: variants.indices)
    func changes(_ index: Int) throws {
        let (key, spec) = Self.variants[index]
        var reference = spec
        reference.model = ModelSpec(mlp: [5])
        (reference.lr, reference.batch, reference.momentum, reference.weightDecay) = (.constant(0.1), .constant(30), 0, 0)
        let a = try Self.train(reference), b = try Self.train(spec)
        let changed = a.final != b.final   // (not inside #expect: it would print every parameter)
        #expect(changed, "\(key) does not change the parameters")
        if key.hasPrefix("activation") {
            let sameInit = a.initial == b.initial, otherLosses = a.losses != b.losses
            #expect(sameInit && otherLosses, "activation must change the forward pass, not the initialisation")
        }
        if key.hasPrefix("init") {
            let otherInit = a.initial != b.initial
            #expect(otherInit, "\(key) does not change the initial parameters")
        }
    }

    @Test("one full-batch step with weight decay λ is θ − η(g + λθ)")
    func weightDecayClosedForm() throws {
        let eta = 0.1, lambda = 0.1
        let plain = try Self.train(Self.base(lr: .constant(eta)))
        let decayed = try Self.train(Self.base(lr: .constant(eta), weightDecay: lambda))
        #expect(plain.initial == decayed.initial)
        // θ_plain = θ − ηg, so θ − η(g + λθ) = θ_plain − ηλθ.
        for i in plain.initial.indices {
            let expected = Double(plain.final[i]) - eta * lambda * Double(plain.initial[i])
            #expect(abs(Double(decayed.final[i]) - expected) <= 1e-5 * max(1, abs(expected)), "parameter \(i)")
        }
    }

    @Test("momentum's second step uses the velocity: θ₂ = θ₁ − η(μg₀ + g₁)")
    func momentumClosedForm() throws {
        let eta = 0.1, mu = 0.9
        let one = try Self.train(Self.base(lr: .constant(eta), epochs: 1))
        let two = try Self.train(Self.base(lr: .constant(eta), epochs: 2))
        let heavy = try Self.train(Self.base(lr: .constant(eta), epochs: 2, momentum: mu))
        // Plain: θ₁ = θ₀ − ηg₀, θ₂ = θ₁ − ηg₁. The momentum run's first step is the same (v = g₀), so
        // its θ₂ = θ₁ − η(μg₀ + g₁) = θ₂(plain) − μ(θ₀ − θ₁).
        var largest = 0.0
        for i in one.initial.indices {
            let shift = mu * (Double(one.initial[i]) - Double(one.final[i]))
            let expected = Double(two.final[i]) - shift
            largest = max(largest, abs(shift))
            #expect(abs(Double(heavy.final[i]) - expected) <= 1e-5 * max(1, abs(expected)), "parameter \(i)")
        }
        #expect(largest > 1e-4)   // the velocity term is not negligible here
    }

    @Test("a step lr schedule multiplies the second step: θ₂ = θ₁ − ηfg₁")
    func stepScheduleClosedForm() throws {
        let eta = 0.1, factor = 0.5
        let constant = try Self.train(Self.base(lr: .constant(eta), epochs: 2))
        let one = try Self.train(Self.base(lr: .constant(eta), epochs: 1))
        let stepped = try Self.train(Self.base(lr: .step(initial: eta, factor: factor, every: 1), epochs: 2))
        for i in one.initial.indices {
            // θ₂(const) − θ₁ = −ηg₁, so θ₂(step) = θ₁ + f(θ₂(const) − θ₁).
            let expected = Double(one.final[i]) + factor * (Double(constant.final[i]) - Double(one.final[i]))
            #expect(abs(Double(stepped.final[i]) - expected) <= 1e-5 * max(1, abs(expected)), "parameter \(i)")
        }
    }
}

/// Runs that blow up without overflowing are flagged (issue "Trust", item 6).
@Suite("Divergence rule")
struct DivergenceRuleTests {
    static func run(lr: Double, diverge: DivergeSpec?, epochs: Int = 6) throws -> [EpochRecord] {
        var spec = TrainKeysTests.base(lr: .constant(lr), epochs: epochs)
        spec.diverge = diverge
        let split = try DataCache.shared.split(for: TrainKeysTests.data)
        let configuration = try TrainingSetup.configuration(RunSpec(train: spec, seed: 1), shape: split.train.shape,
                                                        classes: split.train.classes)
        var run = try TrainingRun(configuration: configuration, data: split)
        return run.train()
    }

    @Test("a tiny run at a huge lr is flagged diverged and stopped; a normal run is not")
    func hugeLearningRate() throws {
        let blown = try Self.run(lr: 1000, diverge: nil)
        #expect(blown.last?.diverged == true)
        #expect(blown.count < 6, "the run stops at the epoch it diverged")
        let limit = 10 * TrainingRun.chanceLoss(classes: 4)
        #expect(blown.last.map { ($0.trainLoss ?? .infinity) > limit || $0.trainLoss == nil } == true)
        let normal = try Self.run(lr: 0.1, diverge: nil)
        #expect(normal.count == 6 && !normal.contains { $0.diverged })
    }

    @Test("the 'diverge' key changes the behaviour: off keeps a finite blown-up run going, a low ratio flags earlier")
    func keyChangesBehaviour() throws {
        let blown = try Self.run(lr: 1000, diverge: nil)
        let off = try Self.run(lr: 1000, diverge: .off)
        let finite = off.allSatisfy { $0.trainLoss.map(\.isFinite) ?? false }
        if finite {
            #expect(off.count == 6 && !off.contains { $0.diverged })
        } else {
            #expect(off.last?.diverged == true, "non-finite losses still stop the run")
        }
        #expect(off.count >= blown.count)
        // A ratio just above 1 flags a run at a merely large lr that the default lets finish.
        let strict = try Self.run(lr: 3, diverge: .lossRatio(1.01))
        let lax = try Self.run(lr: 3, diverge: nil)
        #expect(lax.count == 6 && !lax.contains { $0.diverged }, "\(lax.map { $0.trainLoss ?? .nan })")
        #expect(strict.contains { $0.diverged } || strict.allSatisfy { ($0.trainLoss ?? 0) <= 1.01 * TrainingRun.chanceLoss(classes: 4) })
    }

    @Test("'diverge' enters the cache key only when set, and decodes 'off' or {loss_ratio: R > 1}")
    func cacheKeyAndDecoding() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let plain = TrainKeysTests.base()
        var set = plain
        set.diverge = .lossRatio(10)
        let a = String(decoding: try encoder.encode(plain), as: UTF8.self)
        let b = String(decoding: try encoder.encode(set), as: UTF8.self)
        #expect(!a.contains("diverge") && b.contains("\"diverge\":{\"loss_ratio\":10}"))
        func parse(_ value: String) -> (TrainSpec?, [String]) {
            let text = "```dataset d\nsource: blobs\n```\n```train t\ndata: d\nmodel: {mlp: [4]}\nlr: 0.1\nbatch: 4\nepochs: 1\ndiverge: \(value)\n```\n"
            let (document, diagnostics) = NotebookParser.parse(text, file: "nb.md")
            guard case .train(let t)? = document.step("t")?.spec else { return (nil, diagnostics.map(\.message)) }
            return (t, diagnostics.map(\.message))
        }
        #expect(parse("off").0?.divergenceLossRatio == nil)
        #expect(parse("{loss_ratio: 4}").0?.divergenceLossRatio == 4)
        #expect(parse("{loss_ratio: 0.5}").1 == ["'diverge.loss_ratio' must be a finite number above 1, found 0.5"])
        #expect(TrainKeysTests.base().divergenceLossRatio == DivergeSpec.defaultLossRatio)
    }
}
