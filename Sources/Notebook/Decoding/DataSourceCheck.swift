/// `dataset` sources that cannot be found, reported when the notebook is read rather than when
/// the first run needs the data. Whether a named set is installed is the caller's question
/// (Notebook knows no file system layout): `minima` passes the Runner's lookup.
enum DataSourceCheck {
    /// The sets Minima knows by name; `blobs`, `teacher` and `patterns` are generated.
    static let knownNames = ["fashion-mnist", "mnist", "cifar-10", "blobs", "teacher", "patterns"]
    static let generated: Set<String> = ["blobs", "teacher", "patterns"]

    /// - Parameter isAvailable: Whether a named set's files are found; nil skips the check.
    static func diagnostics(_ steps: [Step], isAvailable: ((String) -> Bool)?) -> [Diagnostic] {
        guard let isAvailable else { return [] }
        var diagnostics: [Diagnostic] = []
        for step in steps {
            guard case .dataset(let spec) = step.spec else { continue }
            let source = spec.source
            // A folder path is left to the loader, which names the missing file.
            if generated.contains(source) || source.contains("/") || isAvailable(source) { continue }
            let at = step.keyPositions["source"] ?? step.block.fence
            let searched = "searched in $MINIMA_DATA, data/ beside the notebook, ./Data and /usr/share/datasets"
            if knownNames.contains(source) {
                diagnostics.append(Diagnostic(.error, at: at, "data set '\(source)' is not installed",
                                              notes: [searched, source == "fashion-mnist"
                                                      ? "on Debian: apt-get install dataset-fashion-mnist"
                                                      : "put its files in a folder '\(source)' under one of those"]))
            } else {
                diagnostics.append(Diagnostic(.error, at: at, "unknown data set '\(source)'",
                                              notes: Suggestion.note(for: source, in: knownNames)
                                                + ["known sets: \(knownNames.joined(separator: ", ")); or a folder '\(source)' of IDX files, \(searched)"]))
            }
        }
        return diagnostics
    }
}
