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

    /// OpenBLAS's build and the kernel family it chose for this CPU when it was loaded, e.g.
    /// "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64". Benchmarks print it:
    /// a CPU the library does not recognise gets its generic "Prescott" (SSE3) kernels, whose
    /// sgemm measured 3.5 times slower than the AVX-512 ones on a machine that had AVX-512.
    public static var configuration: String { String(cString: openblas_get_config()) }

    /// The kernel family alone ("Prescott", "Haswell", "SkylakeX", ...).
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// Overrides the thread count (benchmarks only; runs must stay single-threaded).
    public static func setThreadCount(_ count: Int) {
        ensureConfigured()
        openblas_set_num_threads(Int32(max(1, count)))
    }
}
