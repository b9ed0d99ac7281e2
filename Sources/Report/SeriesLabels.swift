import Notebook

/// The legend label of each series: a `label` template filled with the series' values, or the
/// values of the columns that tell series apart.
///
/// Only columns taking more than one value are named. When the colour and marker columns alone
/// tell the series apart inside every facet panel, only they are named (a column that follows
/// them, or follows the facet, adds nothing). A continuous colour is left to its colour bar.
/// One named column gives bare values under a legend title (`batch` above `16`, `32`); several
/// give `batch=16, sgd` (text values are never prefixed with their column).
struct SeriesLabels {
    let spec: PlotSpec
    let table: ResultTable
    let identity: [String]
    /// Indices into `identity` of the columns the labels name.
    private(set) var varying: [Int]
    private let textColumns: Set<String>

    /// - Parameters:
    ///   - identity: The columns identifying a series; `keys` their distinct values.
    init(spec: PlotSpec, table: ResultTable, identity: [String], keys: [[Cell]], continuousColor: Bool) {
        self.spec = spec
        self.table = table
        self.identity = identity
        var varying = identity.indices.filter { i in Set(keys.map { $0[i] }).count > 1 }
        let encoded = varying.filter { [spec.color, spec.marker].contains(identity[$0]) }
        if !encoded.isEmpty && encoded.count < varying.count {
            let facetIndex = spec.facet.flatMap { table.index(of: $0) }
            var keysPerFacet: [Cell: Set<[Cell]>] = [:]
            for row in table.rows {
                keysPerFacet[facetIndex.map { row[$0] } ?? .missing, default: []].insert(identity.map { row[table.index(of: $0)!] })
            }
            let unique = keysPerFacet.values.allSatisfy { keys in Set(keys.map { key in encoded.map { key[$0] } }).count == keys.count }
            if unique { varying = encoded }
        }
        if continuousColor { varying.removeAll { identity[$0] == spec.color } }
        self.varying = varying
        textColumns = Set(identity.filter { c in table.values(of: c)?.contains { $0.text != nil } ?? false })
    }

    /// The legend heading: the one named numeric column, when labels are its bare values.
    var title: String? {
        guard spec.label == nil, varying.count == 1, !textColumns.contains(identity[varying[0]]) else { return nil }
        return identity[varying[0]]
    }

    /// The label of the series whose identity is `key`; `row` is one of its rows (for templates).
    /// Empty when nothing tells series apart.
    func label(key: [Cell], row: [Cell]) -> String {
        if let template = spec.label { return Self.fill(template, row: row, table: table) }
        // Over several steps, a column the series' step lacks is left out, not shown as "–".
        let shown = spec.stacksSources ? varying.filter { key[$0] != .missing } : varying
        return shown.map { i in
            let value = NumberText.compact(key[i])
            return varying.count == 1 || textColumns.contains(identity[i]) ? value : "\(identity[i])=\(value)"
        }.joined(separator: ", ")
    }

    /// `template` with each `{expression}` replaced by its value in `row` (`–` when the table
    /// has no such column after averaging).
    static func fill(_ template: String, row: [Cell], table: ResultTable) -> String {
        LabelTemplate.pieces(of: template).map { piece in
            switch piece {
            case .text(let t): return t
            case .placeholder(let e): return table.index(of: e).map { NumberText.compact(row[$0]) } ?? "–"
            }
        }.joined()
    }

}
