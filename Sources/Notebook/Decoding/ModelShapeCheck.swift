/// Models that do not fit their data, reported when the notebook is read: the sample shape is
/// followed through every layer (``ModelSpec/plan(input:classes:)``), and the first layer that
/// cannot take its input (pooling a 1×1 map, a 3×3 convolution of a vector set, a residual
/// block whose branches disagree) is an error at that layer's entry in the YAML. An `augment`
/// (on a `train` or a `dataset` step) of a vector set is an error at that `augment` key.
///
/// The built-in sets' shapes are known by name (``DatasetSpec/knownShape``); a folder's come
/// from `dataShape`, which the caller gives (Notebook reads no data files: `minima` passes the
/// Runner's probe of the IDX header). A data set whose shape is unknown is not checked.
enum ModelShapeCheck {
    /// The sample shape and class count of a data set, or nil when not known before loading.
    typealias DataShape = (DatasetSpec) -> (shape: SampleShape, classes: Int)?

    /// The sample shape and class count of each `dataset` step whose shape is known, by id: a
    /// built-in set's by name, a folder's from `dataShape`, asked once per data set (a probe
    /// reads a file header). Shared by this check and the memory estimate.
    static func shapes(_ steps: [Step], dataShape: DataShape?) -> [String: (shape: SampleShape, classes: Int)] {
        var shapes: [String: (shape: SampleShape, classes: Int)] = [:]
        for step in steps {
            guard case .dataset(let data) = step.spec, let known = data.knownShape ?? dataShape?(data) else { continue }
            shapes[step.id] = known
        }
        return shapes
    }

    /// One diagnostic per distinct problem of each `train` step and each sweep's runs (a sweep
    /// can change the model or the data of its base), and one per `dataset` step that augments
    /// a vector set; `shapes` from ``shapes(_:dataShape:)``.
    static func diagnostics(_ steps: [Step], seeds: [UInt64], shapes: [String: (shape: SampleShape, classes: Int)]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for step in steps {
            guard case .dataset(let data) = step.spec, let known = shapes[step.id] else { continue }
            if let augment = data.augment, augment.isActive, known.shape.isVector {
                diagnostics.append(augmentOfVectors(at: step.keyPositions["augment"] ?? step.block.fence,
                                                    data: step.id, shape: known.shape))
            }
        }
        for step in steps {
            var reported = Set<[String]>()
            for run in steps.trainRuns(of: step, seeds: seeds, limit: 10_000) {
                guard let (shape, classes) = shapes[run.data] else { continue }
                // The run's own augment; a data set's is reported at the data set.
                if let augment = run.augment, augment.isActive, shape.isVector, reported.insert(["augment"]).inserted {
                    diagnostics.append(augmentOfVectors(at: step.keyPositions["augment"] ?? step.block.fence,
                                                        data: run.data, shape: shape))
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

    static func augmentOfVectors(at position: SourcePosition, data: String, shape: SampleShape) -> Diagnostic {
        Diagnostic(.error, at: position, "'augment' crops and flips images, but data '\(data)' is a vector set (\(shape))",
                   notes: ["leave 'augment' out, or train on an image set (fashion-mnist, mnist, cifar-10, patterns)"])
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
