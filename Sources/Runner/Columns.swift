import Foundation
import Notebook

/// Column names and label cells shared by the step kinds, so plots and tables can rely on them.
enum Columns {
    /// The columns that identify a run in a train/sweep/measure table, in order.
    static let runLabels = ResultColumns.runLabels

    /// The identifying columns of each kind's table (the rest measure something).
    static let keys = runLabels + ["epoch", "label", "alpha", "sampling", "n", "ratio"]

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
