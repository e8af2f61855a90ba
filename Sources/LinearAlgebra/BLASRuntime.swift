import COpenBLAS

/// Process-wide BLAS settings.
///
/// OpenBLAS starts one thread per core and splits large products between them; the order of the
/// partial sums then depends on the split, so results are not bit-identical across thread counts.
/// rite-repro runs BLAS single-threaded (parallelism comes from running several runs at once), and
/// sets that itself on first use instead of trusting an environment variable.
public enum BLASRuntime {
    private static let configured: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// Applies the single-threaded default once per process; every BLAS and LAPACK entry point
    /// calls this, so no caller can forget it.
    @inline(__always)
    public static func ensureConfigured() { _ = configured }

    /// The number of threads OpenBLAS uses now.
    public static var threadCount: Int {
        ensureConfigured()
        return Int(openblas_get_num_threads())
    }

    /// Overrides the thread count (benchmarks only; runs must stay single-threaded).
    public static func setThreadCount(_ count: Int) {
        ensureConfigured()
        openblas_set_num_threads(Int32(max(1, count)))
    }
}
