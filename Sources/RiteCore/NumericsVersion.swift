/// The version of what a training run computes: the model's kernels, the optimizers' arithmetic,
/// the training loop, evaluation and the outcome rules. It is part of every run key, so a run made
/// with other numerics is never reused or mixed into a table made with these.
///
/// Bump it in the same commit as any change that can alter a run's losses, factors or scores,
/// and record the new pin (`Tests/SweepTests/NumericsPinTests.swift`): that test trains a short
/// run with every optimizer and fails when the numbers move while this value stays the same.
/// `ToolVersion` is the program's release and does not enter run keys.
///
/// History: 1, the first versioned numerics (no runs were stored with it); 2, LoRA-RITE's
/// pseudo-inverse cut-off in the parameters' precision (rank = width trains), packed training
/// segments cut after the last scored position, cached keys and values in scoring and decoding,
/// and the numerical targets compiled for AVX2 and FMA.
public enum NumericsVersion {
    public static let current = 2
}
