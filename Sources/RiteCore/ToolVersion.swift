/// The release of rite-repro, printed by `rite-repro --version` and recorded as provenance with
/// every run, base checkpoint and timing and in every report caption. Run keys do not depend on
/// it: a change that alters what a run computes bumps `NumericsVersion` instead.
public enum ToolVersion {
    public static let current = "0.1.0"
}
