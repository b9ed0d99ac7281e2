/// The version printed by `--version` and recorded in every report's provenance.
public enum MinimaVersion {
    public static let string = "0.1.0"
}
