/// Computes a `derive` step's table from its inputs' tables (see `DeriveSpec` for the rules).
///
/// Pure: the same input tables give the same table, row order included.
public enum Derivation {
    /// - Parameter tables: The tables of the steps the spec reads, by step id.
    /// - Throws: `ResultTableError` for a missing input, an unknown column, an expression that
    ///   fails on the data.
    /// - Complexity: O(rows × (joined rows + columns × expression size)), plus the aggregates' sorts.
    public static func table(_ spec: DeriveSpec, tables: [String: ResultTable]) throws(ResultTableError) -> ResultTable {
        var table = try stacked(spec.of.map { id throws(ResultTableError) in
            guard let t = tables[id] else { throw ResultTableError(subject: id, message: "step '\(id)' has no table") }
            return t
        })
        for join in spec.join {
            guard let other = tables[join.step] else {
                throw ResultTableError(subject: join.step, message: "step '\(join.step)' has no table")
            }
            table = try joined(table, other, join)
        }
        table = try table.filtered(by: spec.where)
        if let columns = spec.columns ?? (spec.groupBy == nil ? nil : []) {
            let parsed = try columns.map { column throws(ResultTableError) -> (String, ColumnExpression) in
                do throws(ExpressionError) {
                    return (column.label, try ColumnExpression(parsing: column.expression))
                } catch {
                    throw ResultTableError(subject: column.label, message: "in '\(column.expression)': \(error.message)")
                }
            }
            table = try computed(table, columns: parsed, groupBy: spec.groupBy)
        }
        return spec.sort.isEmpty ? table : try table.sorted(by: spec.sort)
    }

    /// The columns the derived table will have, from the columns its inputs can have (for
    /// `minima check`): keys and listed columns when grouped, the listed columns or every
    /// input column otherwise.
    public static func columns(_ spec: DeriveSpec, inputs: (String) -> [String]) -> [String] {
        if let groupBy = spec.groupBy { return groupBy + (spec.columns ?? []).map(\.label) }
        if let columns = spec.columns { return columns.map(\.label) }
        return available(spec, inputs: inputs)
    }

    /// The columns expressions of the spec may read: the stacked inputs' and the joined ones.
    public static func available(_ spec: DeriveSpec, inputs: (String) -> [String]) -> [String] {
        var out: [String] = []
        for id in spec.of { for c in inputs(id) where !out.contains(c) { out.append(c) } }
        for join in spec.join {
            for c in join.columns ?? inputs(join.step).filter({ !join.on.contains($0) }) where !out.contains(c) {
                out.append(c)
            }
        }
        return out
    }

    // MARK: - Stages

    static func stacked(_ tables: [ResultTable]) throws(ResultTableError) -> ResultTable {
        guard tables.count > 1 else { return tables[0] }
        var columns: [String] = []
        for t in tables { for c in t.columns where !columns.contains(c) { columns.append(c) } }
        var keys: [String]? = nil
        if tables.allSatisfy({ $0.keyColumns != nil }) {
            keys = columns.filter { c in tables.contains { $0.keyColumns!.contains(c) } }
        }
        var out = ResultTable(columns: columns, keyColumns: keys)
        for t in tables {
            for row in t.rows {
                out.append(Dictionary(zip(t.columns, row), uniquingKeysWith: { a, _ in a }))
            }
        }
        return out
    }

    static func joined(_ table: ResultTable, _ other: ResultTable, _ join: DeriveJoin) throws(ResultTableError) -> ResultTable {
        var left: [Int] = [], right: [Int] = []
        for name in join.on {
            guard let l = table.index(of: name) else { throw .unknownColumn(name, in: table) }
            guard let r = other.index(of: name) else { throw .unknownColumn(name, in: other) }
            left.append(l); right.append(r)
        }
        let brought = join.columns ?? other.columns.filter { !join.on.contains($0) }
        var source: [Int] = []
        for name in brought {
            guard let i = other.index(of: name) else { throw .unknownColumn(name, in: other) }
            source.append(i)
        }
        // A brought column replaces one of the same name.
        let kept = table.columns.filter { !brought.contains($0) }
        var out = ResultTable(columns: kept + brought, keyColumns: table.keyColumns?.filter(kept.contains))
        for row in table.rows {
            let match = other.rows.first { candidate in
                zip(left, right).allSatisfy { RowFilter.matches(row[$0.0], [candidate[$0.1]]) }
            }
            var cells = kept.map { row[table.index(of: $0)!] }
            cells += source.map { match?[$0] ?? .missing }
            out.rows.append(cells)
        }
        return out
    }

    static func computed(_ table: ResultTable, columns: [(String, ColumnExpression)], groupBy: [String]?)
        throws(ResultTableError) -> ResultTable
    {
        let aggregates = columns.filter { $0.1.containsAggregate }
        if let groupBy {
            // Aggregates over each group, then the other columns on the grouped rows, in order.
            var grouped = try table.grouped(by: groupBy, columns: aggregates.map { (name: $0.0, expression: $0.1) })
            for (name, expression) in columns where !expression.containsAggregate {
                grouped = try grouped.adding(name, expression)
            }
            let order = groupBy + columns.map(\.0)
            return try grouped.selecting(order, keys: groupBy)
        }
        if !aggregates.isEmpty && aggregates.count == columns.count {
            return try table.grouped(by: [], columns: aggregates.map { (name: $0.0, expression: $0.1) })
        }
        // Row by row; an aggregate is evaluated over all rows and repeated.
        var out = table
        for (name, expression) in columns {
            out = try broadcast(name, expression, into: out)
        }
        let keys = (table.keyColumns ?? []).filter { k in
            columns.contains { column in
                if case .column(let name, _) = column.1 { return column.0 == k && name == k }
                return false
            }
        }
        return try out.selecting(columns.map(\.0), keys: keys)
    }

    /// `table` with column `name` holding `expression` row by row, where each aggregate in it
    /// (`max(test_acc)` in `test_acc/max(test_acc)`) is evaluated once over all rows and its
    /// value read on every row (through a temporary column that `selecting` drops later).
    private static func broadcast(_ name: String, _ expression: ColumnExpression, into table: ResultTable)
        throws(ResultTableError) -> ResultTable
    {
        var table = table
        var count = 0
        func replaced(_ e: ColumnExpression) throws(ResultTableError) -> ColumnExpression {
            switch e {
            case .call(let f, _, _) where f.isAggregate: break
            case .member where e.containsAggregate: break
            case .negate(let a): return .negate(try replaced(a))
            case .not(let a): return .not(try replaced(a))
            case .binary(let op, let a, let b): return .binary(op, try replaced(a), try replaced(b))
            case .call(let f, let arguments, let offset):
                var out: [ColumnExpression] = []
                for a in arguments { out.append(try replaced(a)) }
                return .call(f, out, offset: offset)
            default: return e
            }
            // A name no column of a notebook can have (names are identifiers).
            let column = "\u{1}\(name) \(count)"
            count += 1
            table = try table.adding(column, value: try value(of: e, over: table, name: name))
            return .column(column, offset: e.offset)
        }
        let rowwise = try replaced(expression)
        return try table.adding(name, rowwise)
    }

    private static func value(of expression: ColumnExpression, over table: ResultTable, name: String)
        throws(ResultTableError) -> Cell
    {
        do {
            let v = try expression.evaluate(over: table)
            guard let cell = v.cell else {
                throw ResultTableError(subject: name, message: "'\(expression)' is a record; read a member such as .slope or .lr")
            }
            return cell
        } catch let error as ResultTableError {
            throw error
        } catch {
            throw ResultTableError(subject: name, message: "in '\(expression)': \(error)")
        }
    }
}

extension ResultTable {
    /// A copy with column `name` set to `value` on every row (replaced in place or appended).
    func adding(_ name: String, value: Cell) throws(ResultTableError) -> ResultTable {
        var copy = self
        if let i = index(of: name) {
            for r in copy.rows.indices { copy.rows[r][i] = value }
        } else {
            copy.columns.append(name)
            for r in copy.rows.indices { copy.rows[r].append(value) }
        }
        return copy
    }

    /// The named columns only, in that order, with `keys` as key columns.
    func selecting(_ names: [String], keys: [String]) throws(ResultTableError) -> ResultTable {
        var indices: [Int] = []
        for name in names {
            guard let i = index(of: name) else { throw .unknownColumn(name, in: self) }
            indices.append(i)
        }
        return ResultTable(columns: names, rows: rows.map { row in indices.map { row[$0] } }, keyColumns: keys)
    }
}
