import Foundation

/// Reads a notebook: front matter, fenced step blocks (cmark), typed specs (YAML), and the
/// step graph. It runs nothing; every diagnostic of the notebook is returned at once.
public enum NotebookParser {
    /// Parses and checks `text`.
    /// - Parameters:
    ///   - file: The path shown in positions.
    ///   - overrides: `-P name=value` pairs (`profile=NAME` picks a profile of the front matter).
    ///   - isDataAvailable: Whether a named data set's files can be found (`minima` passes the
    ///     Runner's lookup); nil leaves data sources unchecked.
    ///   - dataShape: The sample shape and class count of a data set from a folder, read from
    ///     its files' headers (`minima` passes the Runner's probe); nil when not known, and a nil
    ///     argument checks models against the built-in sets only.
    ///   - readFile: Reads a file named by the notebook (its `bibliography:`), given the path
    ///     resolved against the notebook's folder; nil when it cannot be read.
    /// - Returns: The document (with the steps that decoded) and all diagnostics, sorted by position.
    public static func parse(_ text: String, file: String, overrides: [(String, String)] = [],
                             isDataAvailable: ((String) -> Bool)? = nil,
                             dataShape: ((DatasetSpec) -> (shape: SampleShape, classes: Int)?)? = nil,
                             readFile: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) })
        -> (NotebookDocument, [Diagnostic]) {
        // CRLF files: Swift treats "\r\n" as one Character, so lines are normalised first and
        // every position counts lines as cmark and libyaml do.
        let text = text.contains("\r\n") ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        let (yaml, body) = FrontMatter.split(text)
        var (front, diagnostics) = FrontMatter.decode(yaml, file: file)
        if yaml == nil, let unclosed = FrontMatter.unclosed(text, file: file) { diagnostics.append(unclosed) }
        let (params, paramDiagnostics) = Params.resolve(front, overrides: overrides, file: file)
        diagnostics += paramDiagnostics
        if front.title == nil { front.title = firstHeading(in: body) }

        var steps: [Step] = []
        var sites: [[ExpressionSite]] = []
        var counts: [StepKind: Int] = [:]
        // Blocks whose spec did not decode: their ids still count for duplicates, and what reads
        // them is not reported again (their own error says what is wrong).
        var undecoded: [StepGraph.Undecoded] = []
        for block in CmarkDocument.fencedBlocks(in: body, file: file) {
            guard let kind = StepKind(rawValue: block.kind) else {
                if let near = Suggestion.closest(to: block.kind, in: StepKind.allCases.map(\.rawValue)),
                   block.kind.count >= 4 {
                    diagnostics.append(Diagnostic(.error, at: block.fence, "unknown step kind '\(block.kind)'",
                                                  notes: ["did you mean '\(near)'?",
                                                          "other info strings (python, bash …) are shown as code"]))
                }
                continue
            }
            counts[kind, default: 0] += 1
            let (step, stepDiagnostics, stepSites) = decodeStep(block, kind: kind, ordinal: counts[kind]!, params: params)
            diagnostics += stepDiagnostics
            if let step {
                steps.append(step)
                sites.append(stepSites)
            } else {
                let id = block.arguments.first ?? "\(kind.rawValue)-\(counts[kind]!)"
                undecoded.append(StepGraph.Undecoded(id: id, fence: block.fence))
            }
        }
        let (order, graphDiagnostics) = StepGraph.order(steps, undecoded: undecoded)
        diagnostics += graphDiagnostics
        diagnostics += checkExpressions(steps, sites: sites)
        diagnostics += checkDerivations(steps, sites: sites)
        diagnostics += invalidSweepRuns(steps, seeds: front.seeds)
        let shapes = ModelShapeCheck.shapes(steps, dataShape: dataShape)
        diagnostics += ModelShapeCheck.diagnostics(steps, seeds: front.seeds, shapes: shapes)
        diagnostics += MemoryEstimate.diagnostics(steps, seeds: front.seeds, shapes: shapes)
        diagnostics += DataSourceCheck.diagnostics(steps, isAvailable: isDataAvailable)
        diagnostics += OutputNameCheck.diagnostics(steps)
        let (computations, inlineDiagnostics) = InlineComputation.scan(body, file: file)
        diagnostics += inlineDiagnostics + InlineComputation.check(computations, steps: steps,
                                                                       profileNames: front.profiles.keys.sorted())
        var document = NotebookDocument(
            file: file, text: text, frontMatter: front, steps: steps, order: order,
            paramValues: params.names.map { ($0, params.values[$0]?.flowText ?? "") }, body: body)
        document.computations = computations
        document.overrides = overrides.map { (name: $0.0, value: $0.1) }
        if let named = front.bibliography {
            let path = NotebookDocument.bibliographyPath(named.path, notebook: file)
            if let bib = readFile(path) {
                let (bibliography, bibDiagnostics) = Bibliography.parse(bib, file: path, displayName: named.path)
                document.bibliography = bibliography
                diagnostics += bibDiagnostics
            } else {
                diagnostics.append(Diagnostic(.error, at: named.position, "cannot read the bibliography '\(named.path)' (looked for \(path))",
                                              notes: ["the path is relative to the notebook's folder"]))
            }
        }
        document.sections = CmarkDocument.labelledHeadings(in: body, file: file)
        document.equations = MathSpans(body).spans.compactMap(\.label).enumerated().map { EquationLabel(label: $1, number: $0 + 1) }
        diagnostics += ReferenceCheck.diagnostics(document, steps: steps, undecoded: undecoded.map(\.id),
                                                  bibliographyNamed: front.bibliography != nil)
        return (document, diagnostics.sorted { $0.position < $1.position })
    }

    /// An expression written in a step: the key that holds it, its text, and where that text
    /// starts in the file when it is written as one scalar (so errors can point inside it).
    private struct ExpressionSite {
        var key: String
        var text: String
        var start: SourcePosition?
    }

    private static func decodeStep(_ block: FencedBlock, kind: StepKind, ordinal: Int, params: Params)
        -> (Step?, [Diagnostic], [ExpressionSite])
    {
        var diagnostics: [Diagnostic] = []
        let arguments = block.arguments
        let id = arguments.first ?? "\(kind.rawValue)-\(ordinal)"
        if let given = arguments.first, !isValidID(given) {
            diagnostics.append(Diagnostic(.error, at: block.fence, "step id '\(given)' must start with a letter and use only letters, digits, '-' and '_'"))
        }
        if arguments.count > 1 {
            diagnostics.append(Diagnostic(.error, at: block.fence, "expected '\(kind.rawValue) [ID]' in the info string, found '\(block.info)'",
                                          notes: ["a step has at most one id, e.g. '\(kind.rawValue) \(arguments[0])'"]))
        }
        let (text, shifts, substitution) = params.substitute(in: block.body, block: block)
        diagnostics += substitution
        // A failed substitution would only cause follow-on errors about its placeholder.
        if substitution.hasErrors { return (nil, diagnostics, []) }
        if !block.isClosed {
            // Everything after an unclosed fence is its body: a YAML error there is a follow-on.
            let unclosed = Diagnostic(.error, at: block.fence, "the '\(kind.rawValue)' block has no closing fence, so the text after it is read as its YAML",
                                      notes: ["end the block with a line of ``` (the same characters as the opening fence)"])
            let parsed = try? YAMLNode.parse(text) { line, column in block.position(bodyLine: line, column: column) }
            if parsed == nil { return (nil, diagnostics + [unclosed], []) }
            diagnostics.append(unclosed)
        }
        let root: YAMLNode?
        do {
            root = try YAMLNode.parse(text) { line, column in
                block.position(bodyLine: line, column: Params.sourceColumn(line: line, column: column, shifts: shifts))
            }
        } catch let d as Diagnostic {
            return (nil, diagnostics + [d], [])
        } catch {
            return (nil, diagnostics + [Diagnostic(.error, at: block.fence, "invalid YAML: \(error)")], [])
        }
        guard let root, let pairs = root.pairs else {
            let found = root.map(\.kindDescription) ?? "an empty block"
            return (nil, diagnostics + [Diagnostic(.error, at: block.fence, "a '\(kind.rawValue)' step needs a YAML mapping of keys, found \(found)",
                                                   notes: ["see docs/notebook-format.md for the keys of each step kind"])], [])
        }
        // Presentation keys are split off so they never reach the spec (or its cache key).
        let descriptor = kind.descriptor
        let presentationKeys = descriptor.presentationKeys
        var presentation = StepPresentation()
        for pair in pairs where presentationKeys.contains(pair.key.scalar ?? "") {
            switch pair.key.scalar {
            case "caption":
                if let s = pair.value.scalar { presentation.caption = s } else {
                    diagnostics.append(Diagnostic(.error, at: pair.value.position, "'caption' must be text, found \(pair.value.kindDescription)"))
                }
            default:
                if let s = pair.value.scalar, let v = StepPresentation.Source(rawValue: s) { presentation.source = v } else {
                    diagnostics.append(Diagnostic(.error, at: pair.value.position, "'show_source' must be collapsed, open or hidden, found \(pair.value.kindDescription)"))
                }
            }
        }
        let specNode = YAMLNode(content: .mapping(pairs.filter { !presentationKeys.contains($0.key.scalar ?? "") }),
                                position: root.position)
        let what = "'\(kind.rawValue)' block"
        func decode<T: StepBody>(_ type: T.Type) -> StepSpec? {
            let (value, found) = NodeDecoder.decode(type, from: specNode, what: what)
            diagnostics += found
            // Keep a value that decoded despite unknown keys, so its references are checked too.
            return value.map(\.spec)
        }
        let spec = decode(descriptor.body)
        guard let spec else { return (nil, diagnostics, []) }
        var positions: [String: SourcePosition] = [:]
        for pair in pairs { if let key = pair.key.scalar { positions[key] = pair.value.position } }
        // The `model` entries get their own positions (`model.vgg.2`, `model.layers.1.residual.body.0`),
        // so a layer that does not fit its input is reported where it is written.
        if let model = pairs.first(where: { $0.key.scalar == "model" })?.value { recordPositions(of: model, at: "model", in: &positions) }
        // So are the items of a list of steps (`of: [a, b]`, `join:`), so an unknown id is reported where it stands.
        for key in ["of", "join"] {
            if let node = pairs.first(where: { $0.key.scalar == key })?.value, case .sequence = node.content {
                recordPositions(of: node, at: key, in: &positions)
            }
        }
        if case .plot(let plot) = spec {
            for (key, message) in plot.presentationProblems {
                diagnostics.append(Diagnostic(.error, at: positions[key] ?? block.fence, message))
            }
        }
        // Expressions of plots and tables are parsed now, so a typo is reported before anything runs;
        // `checkExpressions` checks them against their source's columns once every step is known.
        var sites: [ExpressionSite] = []
        var expressionKeys = spec.body.columnUses?.expressions ?? []
        if case .derive(let d) = spec { expressionKeys = d.expressionKeys + (d.where.expression.map { [("where", $0)] } ?? []) }
        for (key, text) in expressionKeys {
            let start = pairs.first(where: { $0.key.scalar == key }).flatMap { textStart(of: text, in: $0.value) }
            sites.append(ExpressionSite(key: key, text: text, start: start))
            do { _ = try ColumnExpression(parsing: text) } catch {
                diagnostics.append(Diagnostic(.error, at: position(of: error.offset, in: sites.last!, or: positions[key] ?? block.fence),
                                              "invalid expression '\(text)' in '\(key)': \(error.message)",
                                              notes: ["see 'Expressions' in docs/notebook-format.md for the syntax and functions"]))
            }
        }
        var step = Step(id: id, hasExplicitID: !arguments.isEmpty, kind: kind, spec: spec, presentation: presentation,
                        block: block, keyPositions: positions)
        if text != block.body { step.expandedBody = text }
        return (step, diagnostics, sites)
    }

    /// Records the position of every node under `node` as `path.key` / `path.index`.
    private static func recordPositions(of node: YAMLNode, at path: String, in positions: inout [String: SourcePosition]) {
        switch node.content {
        case .mapping(let pairs):
            for pair in pairs {
                guard let key = pair.key.scalar else { continue }
                positions["\(path).\(key)"] = pair.value.position
                recordPositions(of: pair.value, at: "\(path).\(key)", in: &positions)
            }
        case .sequence(let items):
            for (i, item) in items.enumerated() {
                positions["\(path).\(i)"] = item.position
                recordPositions(of: item, at: "\(path).\(i)", in: &positions)
            }
        case .scalar, .null: break
        }
    }

    /// Where `text` starts when it is `node` or a scalar inside it (a list item, a mapping value).
    private static func textStart(of text: String, in node: YAMLNode) -> SourcePosition? {
        switch node.content {
        case .scalar(let s):
            guard s == text, let shift = node.textShift else { return nil }
            var start = node.position
            start.column += shift
            return start
        case .sequence(let items): return items.lazy.compactMap { textStart(of: text, in: $0) }.first
        case .mapping(let pairs): return pairs.lazy.compactMap { textStart(of: text, in: $0.value) }.first
        case .null: return nil
        }
    }

    /// The file position of scalar `offset` inside a site's text, or `fallback` when the text's
    /// start is unknown.
    private static func position(of offset: Int, in site: ExpressionSite, or fallback: SourcePosition) -> SourcePosition {
        guard var at = site.start else { return fallback }
        at.column += offset
        return at
    }

    /// A sweep's runs are checked like `train` steps once its base is known (a `scale` or `grid`
    /// can make a valid base invalid, e.g. a batch size out of range).
    private static func invalidSweepRuns(_ steps: [Step], seeds: [UInt64]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for step in steps {
            guard case .sweep(let sweep) = step.spec, let base = steps.first(where: { $0.id == sweep.base }),
                  case .train(let train) = base.spec else { continue }
            var reported = Set<String>()
            for run in sweep.expand(base: train, defaultSeeds: seeds).prefix(100_000) {
                do { try run.train.validate() } catch let error as SpecError {
                    guard reported.insert(error.message).inserted else { continue }
                    let name = run.name.map { "'\($0)' " } ?? ""
                    diagnostics.append(Diagnostic(.error, at: step.block.fence,
                                                  "run \(name)of sweep '\(step.id)' is invalid: \(error.message)",
                                                  notes: error.notes))
                } catch {}
            }
        }
        return diagnostics
    }

    /// Plot and table expressions checked against their source steps' columns (row context):
    /// unknown columns (at their position inside the expression), aggregates, arity. A plot over
    /// several steps may name only columns every one of them has (plus `source`); a column one
    /// of them lacks is reported naming that step.
    private static func checkExpressions(_ steps: [Step], sites: [[ExpressionSite]]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (step, stepSites) in zip(steps, sites) {
            guard let uses = step.spec.body.columnUses else { continue }
            let sources: [(step: Step, known: [String])] = uses.sources.compactMap { id in
                guard let source = steps.first(where: { $0.id == id }), source.kind.producesTable else { return nil }
                return (source, StepColumns.known(of: source, in: steps))
            }
            let others = uses.sources.count > 1
            var reported = Set<String>()
            func unknown(_ column: String, key: String, at: SourcePosition, in source: (step: Step, known: [String])) {
                guard reported.insert(source.step.id + "\u{0}" + column).inserted else { return }
                let alone = others ? ["a plot over several steps can use only the columns all of them have (and '\(PlotSpec.sourceColumn)')"] : []
                diagnostics.append(Diagnostic(
                    .error, at: at, "step '\(source.step.id)' has no column '\(column)' (used in '\(key)')",
                    notes: Suggestion.note(for: column, in: source.known)
                        + ["a \(source.step.kind.rawValue) step's columns: \(source.known.joined(separator: ", "))"] + alone))
            }
            for site in stepSites {
                guard let expression = try? ColumnExpression(parsing: site.text) else { continue }
                // A reference curve `y: 2*x` is written in the plot's x, not in columns.
                let extra = Set(uses.added).union(site.key == "reference" ? ["x"] : [])
                let at = { (offset: Int) in position(of: offset, in: site, or: step.keyPositions[site.key] ?? step.block.fence) }
                let firstColumns = sources.first.map { Set($0.known).union(extra) }
                for error in expression.check(columns: firstColumns, context: .row) where error.unknownColumn == nil {
                    diagnostics.append(Diagnostic(.error, at: at(error.offset),
                                                  "invalid expression '\(site.text)' in '\(site.key)': \(error.message)"))
                }
                for source in sources {
                    for error in expression.check(columns: Set(source.known).union(extra), context: .row) {
                        if let column = error.unknownColumn { unknown(column, key: site.key, at: at(error.offset), in: source) }
                    }
                }
            }
            for column in uses.filters where !uses.added.contains(column) {
                for source in sources where !source.known.contains(column) {
                    unknown(column, key: "where", at: step.keyPositions["where"] ?? step.block.fence, in: source)
                }
            }
            if others {
                for source in sources where source.known.contains(PlotSpec.sourceColumn) {
                    diagnostics.append(Diagnostic(
                        .error, at: step.keyPositions["of"] ?? step.block.fence,
                        "step '\(source.step.id)' already has a column '\(PlotSpec.sourceColumn)', which a plot over several steps adds to tell them apart",
                        notes: ["plot the steps separately, or stack them with a 'derive' step that renames the column"]))
                }
            }
        }
        return diagnostics
    }

    /// `derive` steps checked against the columns of the steps they read: `group_by`, `join.on`
    /// and `join.columns` name existing columns; `where` is a row expression; each column is
    /// checked in the set context when it aggregates and in the row context otherwise, where it
    /// may also read the columns listed before it (and, when grouped, only the keys and those).
    private static func checkDerivations(_ steps: [Step], sites: [[ExpressionSite]]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (step, stepSites) in zip(steps, sites) {
            guard case .derive(let spec) = step.spec else { continue }
            let inputs: (String) -> [String] = { id in steps.first { $0.id == id }.map { StepColumns.known(of: $0, in: steps) } ?? [] }
            let available = Derivation.available(spec, inputs: inputs)
            func report(_ column: String, _ key: String, _ at: SourcePosition, among known: [String]) {
                diagnostics.append(Diagnostic(.error, at: at, "step '\(step.id)' reads no column '\(column)' (used in '\(key)')",
                                              notes: Suggestion.note(for: column, in: known)
                                                + ["columns it reads: \(known.joined(separator: ", "))"]))
            }
            for key in spec.groupBy ?? [] where !available.contains(key) {
                report(key, "group_by", step.keyPositions["group_by"] ?? step.block.fence, among: available)
            }
            for join in spec.join {
                let theirs = inputs(join.step)
                let ours = Derivation.available(DeriveSpec(of: spec.of), inputs: inputs)
                for key in join.on where !theirs.contains(key) || !ours.contains(key) {
                    report(key, "join", step.keyPositions["join"] ?? step.block.fence, among: theirs.contains(key) ? ours : theirs)
                }
                for column in join.columns ?? [] where !theirs.contains(column) {
                    report(column, "join", step.keyPositions["join"] ?? step.block.fence, among: theirs)
                }
            }
            var readable = spec.groupBy ?? available
            // Without group_by, columns that all aggregate make one summary row (set context);
            // in a mixed list an aggregate is evaluated over all rows and read on every row.
            let summary = spec.groupBy != nil || (spec.columns ?? []).allSatisfy {
                (try? ColumnExpression(parsing: $0.expression))?.containsAggregate ?? true
            }
            for site in stepSites {
                guard let expression = try? ColumnExpression(parsing: site.text) else { continue }
                let aggregate = expression.containsAggregate
                let known = site.key == "where" || (aggregate && summary) ? available : readable
                let context: ColumnExpression.Context = site.key == "where" || !aggregate ? .row : summary ? .set : .broadcast
                for error in expression.check(columns: Set(known), context: context) {
                    let at = position(of: error.offset, in: site, or: step.keyPositions[site.key] ?? step.block.fence)
                    if let column = error.unknownColumn {
                        report(column, site.key, at, among: known)
                    } else {
                        diagnostics.append(Diagnostic(.error, at: at, "invalid expression '\(site.text)' in '\(site.key)': \(error.message)"))
                    }
                }
                if site.key == "columns", let label = spec.columns?.first(where: { $0.expression == site.text })?.label {
                    readable.append(label)
                }
            }
            let output = Derivation.columns(spec, inputs: inputs)
            for key in spec.sort where !output.contains(key.column) {
                report(key.column, "sort", step.keyPositions["sort"] ?? step.block.fence, among: output)
            }
        }
        return diagnostics
    }

    private static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        return id.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    private static func firstHeading(in body: String) -> String? {
        body.split(separator: "\n").first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)).trimmingSpaces }
    }
}
