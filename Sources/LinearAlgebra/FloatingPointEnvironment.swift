import COpenBLAS

/// Flushing subnormal numbers to zero on the calling thread.
///
/// Why: a product or sum whose result falls below the smallest normal number (about 1.2e-38 in
/// Float) becomes subnormal, and on x86 every operation that reads or writes one takes a
/// microcode assist costing tens to hundreds of cycles. A fine-tuning run whose gradients had
/// shrunk to 1e-24 (small preset, sni-cause-effect, Adam at 3e-2) spent 98% of its time in sgemm
/// on subnormal operands and ran about 25 times slower than its neighbours. With the flush bits
/// set (x86-64: MXCSR's flush-to-zero and denormals-are-zero; AArch64: FPCR.FZ) such values are
/// exact zeros instead, which changes numbers only below 1.2e-38 and is as deterministic as
/// before: the same run twice still gives the same bits.
///
/// The control register belongs to a thread, so the setting is scoped: `withSubnormalsFlushed`
/// sets it, runs `body` on this thread, and restores the previous value.
public enum FloatingPointEnvironment {
    /// Runs `body` with subnormal inputs and results flushed to zero on the calling thread.
    public static func withSubnormalsFlushed<Result>(_ body: () throws -> Result) rethrows -> Result {
        let saved = rite_fp_control_get()
        rite_fp_control_set(saved | rite_fp_control_flush_bits())
        defer { rite_fp_control_set(saved) }
        return try body()
    }

    /// Whether this platform has flush bits (x86-64 and AArch64 do).
    public static var canFlushSubnormals: Bool { rite_fp_control_flush_bits() != 0 }

    /// Whether the calling thread flushes subnormals now.
    public static var flushesSubnormals: Bool {
        let bits = rite_fp_control_flush_bits()
        return bits != 0 && rite_fp_control_get() & bits == bits
    }
}
