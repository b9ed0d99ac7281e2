import Foundation
import Notebook

/// Column names and label cells shared by the step kinds, so plots and tables can rely on them.
enum Columns {
    /// The columns that identify a run in a train/sweep/measure table, in order.
    static let runLabels = ResultColumns.runLabels

    /// The identifying columns of each kind's table (the rest measure something).
    /// Run settings are keys too, so averaging over seeds keeps them.
    static let keys = runLabels + ["epoch", "label", "alpha", "sampling", "n", "ratio"] + ResultColumns.runSettings
        + ResultColumns.interpolateEnds

    /// The label cells of a run: a constant schedule is a number, a varying one its description.
    static func labels(of unit: RunUnit) -> [String: Cell] {
        func schedule(_ s: ScheduleSpec) -> Cell { s.constantValue.map(Cell.number) ?? .text(s.description) }
        var cells: [String: Cell] = [
            "lr": schedule(unit.run.train.lr),
            "batch": schedule(unit.run.train.batch),
            "seed": .number(Double(unit.run.seed)),
        ]
        cells["name"] = unit.run.name.map(Cell.text) ?? .missing
        cells["beta"] = unit.run.beta.map(Cell.number) ?? .missing
        return cells.merging(settings(of: unit)) { label, _ in label }
    }

    /// The setting cells of a run (`ResultColumns.runSettings`): what else decides its numbers.
    static func settings(of unit: RunUnit) -> [String: Cell] {
        let train = unit.run.train, data = unit.data.spec
        var cells: [String: Cell] = [
            "momentum": .number(train.momentum), "weight_decay": .number(train.weightDecay),
            "epochs": .number(Double(train.epochs)),
            "model": .text(train.model.summary),
            "activation": .text(train.model.activation.rawValue), "init": .text(train.model.initialization.rawValue),
            "data": .text(train.data), "label_noise": .number(data.labelNoise),
        ]
        cells["train_size"] = data.train.map { .number(Double($0)) }
        cells["test_size"] = data.test.map { .number(Double($0)) }
        cells.merge(schedule(train.lr, "lr")) { a, _ in a }
        cells.merge(schedule(train.batch, "batch")) { a, _ in a }
        return cells
    }

    /// `X_schedule` naming the form, and the parameters of a varying one (see `ResultColumns.runSettings`).
    static func schedule(_ s: ScheduleSpec, _ name: String) -> [String: Cell] {
        var cells: [String: Cell] = [:]
        func set(_ field: String, _ value: Double) { cells["\(name)_\(field)"] = .number(value) }
        switch s {
        case .constant:
            cells["\(name)_schedule"] = .text("constant")
            return cells
        case .step(_, let factor, let every):
            cells["\(name)_schedule"] = .text("step")
            set("factor", factor)
            set("every", Double(every))
        case .cyclic(let values, let phase):
            cells["\(name)_schedule"] = .text("cyclic")
            set("low", values.min() ?? 0)
            set("high", values.max() ?? 0)
            set("phase", Double(phase))
        case .triangular(let low, let high, let phase):
            cells["\(name)_schedule"] = .text("triangular")
            set("low", low)
            set("high", high)
            set("phase", Double(phase))
        }
        set("initial", s.initialValue)
        return cells
    }

    /// The settings of an interpolation's two runs: unprefixed where they agree, else as
    /// `from_X` and `to_X` (`ResultColumns.interpolateSettings`).
    static func settings(from a: RunUnit, to b: RunUnit) -> [String: Cell] {
        let from = labels(of: a), to = labels(of: b)
        var cells: [String: Cell] = [:]
        for name in ResultColumns.interpolateSettings {
            let x = from[name] ?? .missing, y = to[name] ?? .missing
            if x == y { cells[name] = x } else { cells["from_" + name] = x; cells["to_" + name] = y }
        }
        return cells
    }

    /// A short decimal for labels: up to 6 significant digits, no trailing zeros.
    static func format(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e12 { return String(Int(x)) }
        var s = String(format: "%.6g", x)
        if s.contains(".") && !s.contains("e") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}
