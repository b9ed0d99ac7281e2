import Foundation

/// Reads a notebook: front matter, fenced step blocks (cmark), typed specs (YAML), and the
/// step graph. It runs nothing; every diagnostic of the notebook is returned at once.
public enum NotebookParser {
    /// Parses and checks `text`.
    /// - Parameters:
    ///   - file: The path shown in positions.
    ///   - overrides: `-P name=value` pairs (`profile=NAME` picks a profile of the front matter).
    /// - Returns: The document (with the steps that decoded) and all diagnostics, sorted by position.
    public static func parse(_ text: String, file: String, overrides: [(String, String)] = []) -> (NotebookDocument, [Diagnostic]) {
        // CRLF files: Swift treats "\r\n" as one Character, so lines are normalised first and
        // every position counts lines as cmark and libyaml do.
        let text = text.contains("\r\n") ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        let (yaml, body) = FrontMatter.split(text)
        var (front, diagnostics) = FrontMatter.decode(yaml, file: file)
        let (params, paramDiagnostics) = Params.resolve(front, overrides: overrides, file: file)
        diagnostics += paramDiagnostics
        if front.title == nil { front.title = firstHeading(in: body) }

        var steps: [Step] = []
        var counts: [StepKind: Int] = [:]
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
            let (step, stepDiagnostics) = decodeStep(block, kind: kind, ordinal: counts[kind]!, params: params)
            diagnostics += stepDiagnostics
            if let step { steps.append(step) }
        }
        let (order, graphDiagnostics) = StepGraph.order(steps)
        diagnostics += graphDiagnostics
        diagnostics += unknownColumns(steps)
        diagnostics += invalidSweepRuns(steps, seeds: front.seeds)
        diagnostics += OutputNameCheck.diagnostics(steps)
        let document = NotebookDocument(
            file: file, text: text, frontMatter: front, steps: steps, order: order,
            paramValues: params.names.map { ($0, params.values[$0]?.flowText ?? "") }, body: body)
        return (document, diagnostics.sorted { $0.position < $1.position })
    }

    private static func decodeStep(_ block: FencedBlock, kind: StepKind, ordinal: Int, params: Params) -> (Step?, [Diagnostic]) {
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
        if substitution.hasErrors { return (nil, diagnostics) }
        let root: YAMLNode?
        do {
            root = try YAMLNode.parse(text) { line, column in
                block.position(bodyLine: line, column: Params.sourceColumn(line: line, column: column, shifts: shifts))
            }
        } catch let d as Diagnostic {
            return (nil, diagnostics + [d])
        } catch {
            return (nil, diagnostics + [Diagnostic(.error, at: block.fence, "invalid YAML: \(error)")])
        }
        guard let root, let pairs = root.pairs else {
            let found = root.map(\.kindDescription) ?? "an empty block"
            return (nil, diagnostics + [Diagnostic(.error, at: block.fence, "a '\(kind.rawValue)' step needs a YAML mapping of keys, found \(found)",
                                                   notes: ["see docs/notebook-format.md for the keys of each step kind"])])
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
        guard let spec else { return (nil, diagnostics) }
        var positions: [String: SourcePosition] = [:]
        for pair in pairs { if let key = pair.key.scalar { positions[key] = pair.value.position } }
        // Expressions of plots and tables are parsed now, so a typo is reported before anything runs.
        for (key, text) in spec.body.columnUses?.expressions ?? [] {
            do { _ = try ColumnExpression(parsing: text) } catch {
                // Point into the expression when it is the key's whole plain value.
                var at = positions[key] ?? block.fence
                if pairs.first(where: { $0.key.scalar == key })?.value.scalar == text { at.column += error.offset }
                diagnostics.append(Diagnostic(.error, at: at,
                                              "invalid expression '\(text)' in '\(key)': \(error.message)",
                                              notes: ["expressions use column names, numbers, + - * / ^ and sqrt, log, log10, exp, abs"]))
            }
        }
        return (Step(id: id, hasExplicitID: !arguments.isEmpty, kind: kind, spec: spec, presentation: presentation,
                     block: block, keyPositions: positions), diagnostics)
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

    /// Plot and table expressions naming a column their source step never produces.
    private static func unknownColumns(_ steps: [Step]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for step in steps {
            guard let uses = step.spec.body.columnUses else { continue }
            let of = uses.of
            guard let source = steps.first(where: { $0.id == of }), source.kind.producesTable else { continue }
            let known = ResultColumns.columns(of: source.kind)
            let used = uses.expressions.flatMap { key, text in
                ((try? ColumnExpression(parsing: text))?.columns ?? []).map { (key, $0) }
            } + uses.filters.map { ("where", $0) }
            var reported = Set<String>()
            // A reference curve `y: 2*x` is written in the plot's x, not in columns.
            for (key, column) in used where !known.contains(column) && !(key == "reference" && column == "x")
                && reported.insert(column).inserted {
                diagnostics.append(Diagnostic(
                    .error, at: step.keyPositions[key] ?? step.block.fence,
                    "step '\(of)' has no column '\(column)' (used in '\(key)')",
                    notes: Suggestion.note(for: column, in: known)
                        + ["a \(source.kind.rawValue) step's columns: \(known.joined(separator: ", "))"]))
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
