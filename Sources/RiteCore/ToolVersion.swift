/// The version of rite-repro, printed by `rite-repro --version` and recorded with every run
/// and in every report caption. Bump it when a change alters what a run computes.
public enum ToolVersion {
    public static let current = "0.1.0"
}
