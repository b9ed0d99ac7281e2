/// The columns each step kind's result table can have: the result schema of the language.
///
/// The Runner fills tables with these names (and orders them this way); `minima check` uses
/// them to report a plot or table that names a column its source step never produces.
public enum ResultColumns {
    /// Columns identifying a training run.
    public static let runLabels = ["name", "lr", "batch", "beta", "seed"]
    /// The settings of a training run, on every row of `train`, `sweep`, `measure` (and, where
    /// both ends agree, `interpolate`) tables: optimiser, length, model, data set and schedules.
    /// `model` is text (`mlp 256-256`); `data` the dataset step's id; `train_size`/`test_size` are
    /// absent when the whole split is used. `lr_schedule`/`batch_schedule` name the form
    /// (`constant`, `step`, `cyclic`, `triangular`); the other schedule columns appear for the
    /// forms that have them: `_initial` (first value, any varying form), `_factor` and `_every`
    /// (step), `_low`, `_high` and `_phase` (cyclic, triangular).
    public static let runSettings = ["momentum", "weight_decay", "epochs", "model", "activation", "init",
                                     "data", "train_size", "test_size", "label_noise"]
        + schedule("lr") + schedule("batch")

    /// The columns describing schedule `name` (`lr` or `batch`).
    static func schedule(_ name: String) -> [String] {
        ["schedule", "initial", "factor", "every", "low", "high", "phase"].map { "\(name)_\($0)" }
    }

    /// The settings an `interpolate` row carries: unprefixed where the pair's two runs agree,
    /// as `from_X` and `to_X` where they differ.
    public static let interpolateSettings = ["lr", "batch"] + runSettings
    /// The `from_`/`to_` columns of `interpolate` rows whose two runs differ in a setting.
    public static let interpolateEnds = ["from_", "to_"].flatMap { end in interpolateSettings.map { end + $0 } }

    /// Whether `column` of a table with `columns` is a run setting: constant over a table, a
    /// setting says nothing about which series is which, so automatic chart labels leave it out.
    /// (`lr` and `batch` are labels of run tables, as they always were, but settings of
    /// `interpolate` tables, recognised by their `pair` column.)
    public static func isSetting(_ column: String, in columns: [String]) -> Bool {
        settingSet.contains(column) || (columns.contains("pair") && (column == "lr" || column == "batch"))
    }
    private static let settingSet = Set(runSettings + interpolateEnds)

    /// Per-epoch columns of `train` and `sweep` tables.
    public static let epochs = ["epoch", "step", "sde_time", "lr_now", "batch_now", "train_loss", "train_acc",
                                "test_loss", "test_acc", "clean_train_acc", "corrupted_acc", "diverged", "final"]
    /// Columns of the metrics `measure` and `curvature:` compute.
    public static let metrics = ["loss", "accuracy", "lambda_max", "lambda_max_steps", "lambda_max_residual",
                                 "trace_h", "trace_h_se", "frobenius_h", "trace_c"]
    public static let dataset = ["split", "examples", "features", "classes", "noisy_labels"]
    public static let interpolate = ["pair", "label", "seed", "alpha", "train_loss", "train_acc", "test_loss", "test_acc"]
        + interpolateSettings + interpolateEnds
    public static let simulate = ["sampling", "n", "lr", "batch", "ratio", "beta", "measured", "measured_se",
                                  "predicted_ou", "predicted_discrete", "predicted_exact", "finite_n_factor",
                                  "lambda_max_h", "trace_c_toy", "steps", "diverged"]

    /// Every column name in a stable order (labels first), for ordering a table's columns.
    public static let order: [String] = {
        var seen = Set<String>(), out: [String] = []
        for c in runLabels + ["pair", "label", "sampling", "n", "ratio", "alpha"] + epochs + metrics + simulate + dataset
            + runSettings + interpolateEnds
        where seen.insert(c).inserted { out.append(c) }
        return out
    }()

    /// The columns a step of `kind` can produce (its descriptor's result schema).
    public static func columns(of kind: StepKind) -> [String] { kind.descriptor.columns }
}
