/// Models that do not fit their data, reported when the notebook is read: the sample shape is
/// followed through every layer (``ModelSpec/plan(input:classes:)``), and the first layer that
/// cannot take its input (pooling a 1×1 map, a 3×3 convolution of a vector set, a residual
/// block whose branches disagree) is an error at that layer's entry in the YAML.
enum ModelShapeCheck {
    /// One diagnostic per distinct problem of each `train` step and each sweep's runs (a sweep
    /// can change the model or the data of its base).
    static func diagnostics(_ steps: [Step], seeds: [UInt64]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for step in steps {
            var reported = Set<[String]>()
            for run in steps.trainRuns(of: step, seeds: seeds, limit: 10_000) {
                guard let data = steps.dataset(run.data), let (shape, classes) = data.knownShape else { continue }
                if let augment = run.augment, augment.crop > 0 || augment.flip, shape.isVector,
                   reported.insert(["augment"]).inserted {
                    diagnostics.append(Diagnostic(.error, at: step.keyPositions["augment"] ?? step.block.fence,
                                                  "'augment' crops and flips images, but data '\(run.data)' is a vector set (\(shape))",
                                                  notes: ["leave 'augment' out, or train on an image set (fashion-mnist, mnist, cifar-10, patterns)"]))
                }
                do { _ = try run.model.plan(input: shape, classes: classes) } catch {
                    guard reported.insert(error.path + [error.message]).inserted else { continue }
                    diagnostics.append(Diagnostic(.error, at: position(of: error.path, in: step),
                                                  "\(error.message) (data '\(run.data)' is \(shape))", notes: error.notes))
                }
            }
        }
        return diagnostics
    }

    /// The position of the deepest recorded entry on `path` under `model` (a sweep that sets
    /// the model elsewhere falls back to its `model` key or its fence).
    static func position(of path: [String], in step: Step) -> SourcePosition {
        var keys = ["model"]
        for component in path { keys.append(keys.last! + "." + component) }
        for key in keys.reversed() { if let at = step.keyPositions[key] { return at } }
        return step.block.fence
    }
}
