/// The YAML between the `---` lines at the top of a notebook.
///
/// ```yaml
/// title: Three factors influencing minima in SGD
/// author: A. Researcher
/// date: 2026-11-28
/// seeds: [1, 2]                     # default seeds of train and sweep steps
/// params: { epochs: 40, train_size: 10000 }   # used in step bodies as ${epochs}
/// profiles:                         # named sets of param values: minima render -P profile=quick
///   quick: { epochs: 2, train_size: 500 }
/// executor:                         # where runs execute (default local); flags win
///   slurm: { partition: cpu, time: "01:00:00", cpus_per_task: 2 }
/// bibliography: refs.bib            # BibTeX file for [@key] citations, relative to the notebook
/// ```
public struct FrontMatter: Hashable, Sendable {
    public var title: String?
    public var author: String?
    public var date: String?
    public var seeds: [UInt64] = [1]
    /// Param name → value, in the order written.
    var params: [(name: String, value: YAMLNode)] = []
    var profiles: [String: [(name: String, value: YAMLNode)]] = [:]
    /// `executor: {NAME: {key: value}}`: the executor's name and its settings as text; the
    /// Runner checks the settings.
    public var executor: (name: String, settings: [String: String])?
    /// Where the `executor` key's value starts.
    public var executorPosition: SourcePosition?
    /// Where the front matter starts (for diagnostics about params).
    var position: SourcePosition
    /// `bibliography: refs.bib`: the BibTeX file, relative to the notebook, and where it is named.
    public var bibliography: (path: String, position: SourcePosition)?

    static let keys = ["title", "author", "date", "seeds", "params", "profiles", "executor", "bibliography"]

    /// The param names, in the order written.
    public var paramNames: [String] { params.map(\.name) }

    public static func == (a: Self, b: Self) -> Bool {
        a.title == b.title && a.author == b.author && a.date == b.date && a.seeds == b.seeds
            && a.params.map(\.name) == b.params.map(\.name) && a.params.map(\.value) == b.params.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(title)
        hasher.combine(seeds)
        hasher.combine(params.map(\.name))
    }

    /// Splits `text` into front matter YAML and the rest; the front matter's lines become blank
    /// lines in the rest so that line numbers still match the file.
    static func split(_ text: String) -> (yaml: String?, body: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map({ $0.trimmingCharacters(in: [" ", "\r"]) == "---" }) == true,
              let end = lines.dropFirst().firstIndex(where: { ["---", "..."].contains($0.trimmingCharacters(in: [" ", "\r"])) })
        else { return (nil, text) }
        let yaml = lines[1..<end].joined(separator: "\n")
        let body = Array(repeating: "", count: end + 1) + lines[(end + 1)...].map(String.init)
        return (yaml, body.joined(separator: "\n"))
    }

    /// An error when the notebook opens a front matter (`---` then a `key:` line) that no `---`
    /// line closes: it would otherwise be read as prose and its params reported as unknown.
    static func unclosed(_ text: String, file: String) -> Diagnostic? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(2)
        guard lines.count == 2, lines.first?.trimmingCharacters(in: [" ", "\r"]) == "---",
              let key = lines.last?.split(separator: ":", maxSplits: 1).first, lines.last!.contains(":"),
              !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        return Diagnostic(.error, at: SourcePosition(file: file, line: 1, column: 1),
                          "the front matter has no closing '---' line, so it is read as prose",
                          notes: ["end the front matter with a line '---' before the first heading"])
    }

    /// Reads the front matter mapping; unknown keys and bad values become diagnostics.
    static func decode(_ yaml: String?, file: String) -> (FrontMatter, [Diagnostic]) {
        let start = SourcePosition(file: file, line: 1, column: 1)
        var front = FrontMatter(position: start)
        guard let yaml else { return (front, []) }
        var diagnostics: [Diagnostic] = []
        let root: YAMLNode?
        do {
            root = try YAMLNode.parse(yaml) { SourcePosition(file: file, line: $0 + 1, column: $1) }
        } catch let d as Diagnostic {
            return (front, [d])
        } catch {
            return (front, [Diagnostic(.error, at: start, "invalid front matter: \(error)")])
        }
        guard let root, let pairs = root.pairs else {
            if root != nil { diagnostics.append(Diagnostic(.error, at: start, "the front matter must be a YAML mapping")) }
            return (front, diagnostics)
        }
        func text(_ node: YAMLNode, _ key: String) -> String? {
            if let s = node.scalar { return s }
            diagnostics.append(Diagnostic(.error, at: node.position, "'\(key)' must be text, found \(node.kindDescription)"))
            return nil
        }
        func named(_ node: YAMLNode, _ key: String) -> [(name: String, value: YAMLNode)] {
            guard let pairs = node.pairs else {
                diagnostics.append(Diagnostic(.error, at: node.position, "'\(key)' must be a mapping of names to values"))
                return []
            }
            return pairs.compactMap { p in p.key.scalar.map { ($0, p.value) } }
        }
        for pair in pairs {
            let key = pair.key.scalar ?? ""
            switch key {
            case "title": front.title = text(pair.value, key)
            case "author": front.author = text(pair.value, key)
            case "date": front.date = text(pair.value, key)
            case "seeds", "seed":
                let items: [YAMLNode]
                if case .sequence(let list) = pair.value.content { items = list } else { items = [pair.value] }
                let seeds = items.compactMap { $0.scalar.flatMap(UInt64.init) }
                if seeds.count != items.count || seeds.isEmpty {
                    diagnostics.append(Diagnostic(.error, at: pair.value.position, "'seeds' must be a list of non-negative whole numbers"))
                } else { front.seeds = seeds }
            case "params": front.params = named(pair.value, key)
            case "bibliography":
                if let path = text(pair.value, key) {
                    if path.isEmpty || !path.hasSuffix(".bib") {
                        diagnostics.append(Diagnostic(.error, at: pair.value.position, "'bibliography' must name a BibTeX file ending in '.bib', found '\(path)'",
                                                      notes: ["e.g. 'bibliography: refs.bib' (relative to the notebook)"]))
                    } else {
                        front.bibliography = (path, pair.value.position)
                    }
                }
            case "executor":
                let entries = named(pair.value, key)
                guard entries.count == 1, ["local", "slurm"].contains(entries[0].name) else {
                    diagnostics.append(Diagnostic(.error, at: pair.value.position,
                                                  "'executor' must name one executor, 'local' or 'slurm'",
                                                  notes: ["e.g. 'executor: { slurm: { partition: cpu } }'"]))
                    continue
                }
                var settings: [String: String] = [:]
                for setting in entries[0].value.pairs ?? [] {
                    guard let k = setting.key.scalar, let v = setting.value.scalar else {
                        diagnostics.append(Diagnostic(.error, at: setting.value.position,
                                                      "executor settings must be plain values, found \(setting.value.kindDescription)"))
                        continue
                    }
                    settings[k] = v
                }
                front.executor = (entries[0].name, settings)
                front.executorPosition = pair.value.position
            case "profiles":
                for profile in named(pair.value, key) { front.profiles[profile.name] = named(profile.value, "profiles.\(profile.name)") }
            default:
                diagnostics.append(Diagnostic(.error, at: pair.key.position, "unknown key '\(key)' in the front matter",
                                              notes: Suggestion.note(for: key, in: keys) + ["valid keys: \(keys.joined(separator: ", "))"]))
            }
        }
        for (name, values) in front.profiles.sorted(by: { $0.key < $1.key }) {
            for value in values where !front.params.contains(where: { $0.name == value.name }) {
                diagnostics.append(Diagnostic(.error, at: value.value.position,
                                              "profile '\(name)' sets '\(value.name)', which is not a param",
                                              notes: Suggestion.note(for: value.name, in: front.paramNames)))
            }
        }
        return (front, diagnostics)
    }
}
