import Foundation
import Notebook

/// Small synthetic result tables with closed-form values, shaped like the runner's output.
enum SampleResults {
    /// A training history: lr ∈ {0.1, 0.05, 0.8} × seeds {1, 2, 3} × epochs 1…10.
    /// loss = 2·exp(−lr·epoch·3) + 0.02·seed; the lr = 0.8, seed 2 run diverges after epoch 3.
    static var history: ResultTable {
        var t = ResultTable(columns: ["lr", "seed", "epoch", "step", "train_loss", "test_acc", "diverged"])
        for lr in [0.1, 0.05, 0.8] {
            for seed in 1...3 {
                let diverges = lr == 0.8 && seed == 2
                for epoch in 1...10 {
                    let loss = diverges && epoch > 3 ? Double.nan : 2 * exp(-lr * Double(epoch) * 3) + 0.02 * Double(seed)
                    let acc = diverges && epoch > 3 ? Cell.missing : .number(0.5 + 0.4 * (1 - exp(-lr * Double(epoch) * 2)) - 0.01 * Double(seed))
                    t.append(["lr": .number(lr), "seed": .number(Double(seed)), "epoch": .number(Double(epoch)),
                              "step": .number(Double(epoch * 100)), "train_loss": .number(loss), "test_acc": acc,
                              "diverged": .number(diverges ? 1 : 0)])
                }
            }
        }
        return t
    }

    /// A sweep's final measurements: lr ∈ {0.01, 0.03, 0.1} × batch ∈ {32, 128, 512} × seeds {1, 2}.
    /// λ_max = 0.5·(batch/lr)^0.5 · (1 + 0.05·seed); batch 32, lr 0.1 diverged (λ missing).
    static var sweep: ResultTable {
        var t = ResultTable(columns: ["lr", "batch", "seed", "lambda_max", "test_acc", "optimizer", "diverged"])
        for lr in [0.01, 0.03, 0.1] {
            for batch in [32.0, 128, 512] {
                for seed in 1...2 {
                    let diverged = lr == 0.1 && batch == 32 && seed == 1
                    let lam = 0.5 * (batch / lr).squareRoot() * (1 + 0.05 * Double(seed))
                    t.append(["lr": .number(lr), "batch": .number(batch), "seed": .number(Double(seed)),
                              "lambda_max": diverged ? .missing : .number(lam),
                              "test_acc": diverged ? .missing : .number(0.8 + 0.02 * log10(lr / batch * 1e4)),
                              "optimizer": .text(batch == 512 ? "momentum" : "sgd"),
                              "diverged": .number(diverged ? 1 : 0)])
                }
            }
        }
        return t
    }

    /// Loss along θ(α) between two pairs of runs: pair ∈ {a, b}, α ∈ −1…2 in steps of 0.25.
    static var interpolation: ResultTable {
        var t = ResultTable(columns: ["pair", "alpha", "train_loss", "test_loss", "theory"])
        for (pair, width) in [("η/S = 1e-3", 1.0), ("η/S = 1e-4", 0.4)] {
            for k in 0...12 {
                let alpha = -1 + 0.25 * Double(k)
                let bowl = (alpha - 0.5) * (alpha - 0.5) / width
                t.append(["pair": .text(pair), "alpha": .number(alpha), "train_loss": .number(0.1 + bowl),
                          "test_loss": .number(0.3 + bowl * 1.1), "theory": .number(0.1 + (alpha - 0.5) * (alpha - 0.5) / width)])
            }
        }
        return t
    }

    static func provenance(_ key: String, seconds: Double, seeds: [UInt64] = [1, 2, 3]) -> StepProvenance {
        StepProvenance(cacheKey: key, wallSeconds: seconds, seeds: seeds, threads: 1,
                       machine: "2 cores, Test CPU @ 2.0GHz", dataDigests: ["fmnist": String(repeating: "ab", count: 32)])
    }

    static func completed(_ table: ResultTable, key: String = String(repeating: "3fa2c19b", count: 8), notes: [String] = []) -> StepOutcome {
        .completed(StepResult(table: table, provenance: provenance(key, seconds: 12.345), notes: notes))
    }
}
