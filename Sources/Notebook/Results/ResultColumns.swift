/// The columns each step kind's result table can have: the result schema of the language.
///
/// The Runner fills tables with these names (and orders them this way); `minima check` uses
/// them to report a plot or table that names a column its source step never produces.
public enum ResultColumns {
    /// Columns identifying a training run.
    public static let runLabels = ["name", "lr", "batch", "beta", "seed"]
    /// Per-epoch columns of `train` and `sweep` tables.
    public static let epochs = ["epoch", "step", "sde_time", "lr_now", "batch_now", "train_loss", "train_acc",
                                "test_loss", "test_acc", "clean_train_acc", "corrupted_acc", "diverged", "final"]
    /// Columns of the metrics `measure` and `curvature:` compute.
    public static let metrics = ["loss", "accuracy", "lambda_max", "lambda_max_steps", "lambda_max_residual",
                                 "trace_h", "trace_h_se", "frobenius_h", "trace_c"]
    public static let dataset = ["split", "examples", "features", "classes", "noisy_labels"]
    public static let interpolate = ["pair", "label", "seed", "alpha", "train_loss", "train_acc", "test_loss", "test_acc"]
    public static let simulate = ["sampling", "n", "lr", "batch", "ratio", "beta", "measured", "measured_se",
                                  "predicted_ou", "predicted_discrete", "predicted_exact", "finite_n_factor",
                                  "lambda_max_h", "trace_c_toy", "steps", "diverged"]

    /// Every column name in a stable order (labels first), for ordering a table's columns.
    public static let order: [String] = {
        var seen = Set<String>(), out: [String] = []
        for c in runLabels + ["pair", "label", "sampling", "n", "ratio", "alpha"] + epochs + metrics + simulate + dataset
        where seen.insert(c).inserted { out.append(c) }
        return out
    }()

    /// The columns a step of `kind` can produce (its descriptor's result schema).
    public static func columns(of kind: StepKind) -> [String] { kind.descriptor.columns }
}
