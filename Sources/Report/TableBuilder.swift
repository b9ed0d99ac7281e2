import Foundation
import Notebook

/// Turns a `TableSpec` and the table it reads into an HTML `<table>`: derived columns,
/// filter, mean ± std over replicates, sort, then formatting.
///
/// Numeric columns are right-aligned with tabular figures; integer-valued columns print as
/// integers; other numbers get `digits` significant digits; a mean with a std is rounded to the
/// std's two significant digits (`0.873 ± 0.012`, `0.8800 ± 0.0012`, never `0.88 ± 0.00`). Headers carry units where known.
enum TableBuilder {
    struct Output {
        var table: HTML
        /// The table as shown (after derivation, filter, grouping and sort), for CSV export.
        var data: ResultTable
        var notes: [String]
    }

    static func build(_ spec: TableSpec, table input: ResultTable) throws(FigureError) -> Output {
        let columns = spec.columns ?? input.columns.map { TableColumn($0) }
        var parsed = ParsedExpressions()
        for c in columns { try parsed.add(c.expression, key: "columns") }
        var table = try parsed.derive(into: input)
        do { table = try table.filtered(by: spec.where) } catch { throw FigureError(key: "where", error) }
        let aggregated = table.index(of: spec.over) != nil && !columns.contains { $0.expression == spec.over }
        var notes: [String] = []
        if aggregated {
            do { table = try table.aggregated(over: spec.over, keys: spec.groupBy) } catch { throw FigureError(key: "group_by", error) }
            if let counts = table.values(of: ResultTable.countColumn)?.compactMap(\.number), let n = counts.max() {
                let same = counts.allSatisfy { $0 == n }
                notes.append(n == 1 ? "One \(spec.over) per row (n = 1): no spread."
                             : same ? "Mean ± std over \(spec.over) (n = \(Int(n)) per row)."
                                  : "Mean ± std over \(spec.over) (n = \(Int(counts.min()!))–\(Int(n)) per row).")
            }
        }
        if !spec.sort.isEmpty {
            let keys = spec.sort.map { key in
                SortKey(columns.first { $0.label == key.column }?.expression ?? key.column, descending: key.descending)
            }
            do { table = try table.sorted(by: keys) } catch { throw FigureError(key: "sort", error) }
        }
        var header: [HTML] = []
        var body: [[HTML]] = Array(repeating: [], count: table.rows.count)
        var shownRows: [[Cell]] = Array(repeating: [], count: table.rows.count)
        for column in columns {
            let index = table.index(of: column.expression)
            let stdIndex = aggregated ? table.index(of: ResultTable.stdColumn(column.expression)) : nil
            let cells = index.map { i in table.rows.map { $0[i] } } ?? Array(repeating: .missing, count: table.rows.count)
            if index == nil { notes.append("'\(column.label)' varies within a group and is not shown.") }
            let numeric = cells.contains { $0.number != nil } && !cells.contains { $0.text != nil }
            let stds = stdIndex.map { s in table.rows.map { $0[s].number } } ?? Array(repeating: nil, count: table.rows.count)
            let style = ColumnStyle(numbers: cells.compactMap(\.number), stds: stds.compactMap { $0 }, digits: spec.digits)
            let unit = spec.units[column.label] ?? spec.units[column.expression]
                ?? (column.expression.hasSuffix("_seconds") ? "s" : nil)
            header.append(.element("th", ["scope": "col", "class": numeric ? "num" : nil],
                                   text: column.label + (unit.map { " (\($0))" } ?? "")))
            for r in table.rows.indices {
                let text = format(cells[r], std: stds[r], style: style)
                body[r].append(.element("td", ["class": numeric ? "num" : nil], text: text))
                shownRows[r].append(cells[r])
            }
        }
        let html = HTML.element("table", ["class": "results"], [
            .element("thead", [:], [.element("tr", [:], header)]),
            .element("tbody", [:], body.map { .element("tr", [:], $0) }),
        ])
        return Output(table: html, data: ResultTable(columns: columns.map(\.label), rows: shownRows), notes: notes)
    }

    /// How one column's numbers are written, decided from all of them so the column reads
    /// with one precision and one notation.
    struct ColumnStyle {
        /// Every value is an integer (and no std is non-zero): no decimal point.
        var integer: Bool
        /// Every value is exactly what `digits` significant digits show (a grid parameter such
        /// as lr = 0.05): trailing zeros are dropped, so 0.05 does not read as 0.0500.
        var trimmed: Bool
        /// Some value is below 10⁻³ in magnitude: the whole column uses ×10ⁿ.
        var scientific: Bool
        var digits: Int

        init(numbers: [Double], stds: [Double], digits: Int) {
            let finite = numbers.filter(\.isFinite)
            integer = finite.allSatisfy { $0 == $0.rounded() && abs($0) < 1e15 } && stds.allSatisfy { $0 == 0 }
            trimmed = finite.allSatisfy { x in
                let shown = Double(NumberText.significant(x, digits: digits, trimmed: true)) ?? .nan
                return abs(shown - x) <= 1e-9 * abs(x)
            }
            scientific = finite.contains { $0 != 0 && abs($0) < 1e-3 }
            self.digits = digits
        }

        init(integer: Bool = false, trimmed: Bool = false, scientific: Bool = false, digits: Int = 3) {
            self.integer = integer; self.trimmed = trimmed; self.scientific = scientific; self.digits = digits
        }
    }

    /// One cell as text: `–` for missing, integers plain, `mean ± std` when a std is non-zero.
    /// The std gets two significant digits and the mean is rounded to the same decimal place,
    /// so the precision shown is the precision known: `0.8812 ± 0.0034`, `0.88 ± 0.13`, never
    /// `0.88 ± 0.00` (`digits` applies to values without a spread).
    static func format(_ cell: Cell, std: Double?, style: ColumnStyle) -> String {
        switch cell {
        case .missing: return "–"
        case .text(let s): return s
        case .number(let x):
            if style.integer && x.isFinite { return svgNumber(x, decimals: 0) }
            if let std, std > 0, std.isFinite, x.isFinite {
                if style.scientific || abs(x) >= 1e7 || NumberText.decimals(of: std, digits: 2) > 12 {
                    return NumberText.significant(x, digits: style.digits, scientific: style.scientific)
                        + " ± " + NumberText.significant(std, digits: 2, scientific: style.scientific)
                }
                let decimals = NumberText.decimals(of: std, digits: 2)
                return NumberText.fixed(x, decimals: decimals) + " ± " + NumberText.fixed(std, decimals: decimals)
            }
            return NumberText.significant(x, digits: style.digits, trimmed: style.trimmed, scientific: style.scientific)
        }
    }
}
