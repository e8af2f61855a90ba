import COpenBLAS

/// A floating-point type with BLAS and LAPACK routines: `Float` dispatches to the `s` routines,
/// `Double` to the `d` routines. Everything else in this target is written once, generically,
/// over this protocol.
///
/// The raw entry points take row-major pointers and leading dimensions and return LAPACK's
/// `info`; callers go through the throwing wrappers in `Decompositions.swift`, never these.
public protocol LinearAlgebraScalar: BinaryFloatingPoint, Sendable, Codable, LosslessStringConvertible
where Self.RawSignificand: FixedWidthInteger {
    /// "s" or "d": the LAPACK prefix, used in error messages ("sgeqrf", "dsyevd").
    static var lapackPrefix: String { get }

    static func blasGemm(
        transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32,
        alpha: Self, a: UnsafePointer<Self>, lda: Int32, b: UnsafePointer<Self>, ldb: Int32,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int32)
    static func blasGemv(
        transpose: Bool, m: Int32, n: Int32, alpha: Self, a: UnsafePointer<Self>, lda: Int32,
        x: UnsafePointer<Self>, incx: Int32, beta: Self, y: UnsafeMutablePointer<Self>, incy: Int32)
    static func lapackGeqrf(m: Int32, n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
                            tau: UnsafeMutablePointer<Self>) -> Int32
    static func lapackOrgqr(m: Int32, n: Int32, k: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
                            tau: UnsafePointer<Self>) -> Int32
    static func lapackSyevd(n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
                            w: UnsafeMutablePointer<Self>) -> Int32
    static func lapackGesdd(m: Int32, n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
                            s: UnsafeMutablePointer<Self>, u: UnsafeMutablePointer<Self>, ldu: Int32,
                            vt: UnsafeMutablePointer<Self>, ldvt: Int32) -> Int32
}

@inline(__always) private func cblasTranspose(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }
private let rowMajor = Int32(LAPACK_ROW_MAJOR)
private let vectors = CChar(UInt8(ascii: "V"))
private let upper = CChar(UInt8(ascii: "U"))
private let thinSVD = CChar(UInt8(ascii: "S"))

extension Float: LinearAlgebraScalar {
    public static var lapackPrefix: String { "s" }

    @inline(__always)
    public static func blasGemm(
        transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32,
        alpha: Float, a: UnsafePointer<Float>, lda: Int32, b: UnsafePointer<Float>, ldb: Int32,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int32
    ) {
        BLASRuntime.ensureConfigured()
        cblas_sgemm(CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    @inline(__always)
    public static func blasGemv(
        transpose: Bool, m: Int32, n: Int32, alpha: Float, a: UnsafePointer<Float>, lda: Int32,
        x: UnsafePointer<Float>, incx: Int32, beta: Float, y: UnsafeMutablePointer<Float>, incy: Int32
    ) {
        BLASRuntime.ensureConfigured()
        cblas_sgemv(CblasRowMajor, cblasTranspose(transpose), m, n, alpha, a, lda, x, incx, beta, y, incy)
    }

    public static func lapackGeqrf(m: Int32, n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
                                   tau: UnsafeMutablePointer<Float>) -> Int32 {
        BLASRuntime.ensureConfigured()
        return LAPACKE_sgeqrf(rowMajor, m, n, a, lda, tau)
    }

    public static func lapackOrgqr(m: Int32, n: Int32, k: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
                                   tau: UnsafePointer<Float>) -> Int32 {
        BLASRuntime.ensureConfigured()
        return LAPACKE_sorgqr(rowMajor, m, n, k, a, lda, tau)
    }

    public static func lapackSyevd(n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
                                   w: UnsafeMutablePointer<Float>) -> Int32 {
        BLASRuntime.ensureConfigured()
        return LAPACKE_ssyevd(rowMajor, vectors, upper, n, a, lda, w)
    }

    public static func lapackGesdd(m: Int32, n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
                                   s: UnsafeMutablePointer<Float>, u: UnsafeMutablePointer<Float>, ldu: Int32,
                                   vt: UnsafeMutablePointer<Float>, ldvt: Int32) -> Int32 {
        BLASRuntime.ensureConfigured()
        return LAPACKE_sgesdd(rowMajor, thinSVD, m, n, a, lda, s, u, ldu, vt, ldvt)
    }
}

extension Double: LinearAlgebraScalar {
    public static var lapackPrefix: String { "d" }

    @inline(__always)
    public static func blasGemm(
        transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32,
        alpha: Double, a: UnsafePointer<Double>, lda: Int32, b: UnsafePointer<Double>, ldb: Int32,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int32
    ) {
        BLASRuntime.ensureConfigured()
        cblas_dgemm(CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    @inline(__always)
    public static func blasGemv(
        transpose: Bool, m: Int32, n: Int32, alpha: Double, a: UnsafePointer<Double>, lda: Int32,
        x: UnsafePointer<Double>, incx: Int32, beta: Double, y: UnsafeMutablePointer<Double>, incy: Int32
    ) {
        BLASRuntime.ensureConfigured()
        cblas_dgemv(CblasRowMajor, cblasTranspose(transpose), m, n, alpha, a, lda, x, incx, beta, y, incy)
    }

    public static func lapackGeqrf(m: Int32, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
                                   tau: UnsafeMutablePointer<Double>) -> Int32 {
        BLASRuntime.ensureConfigured()
        return LAPACKE_dgeqrf(rowMajor, m, n, a, lda, tau)
    }

    public static func lapackOrgqr(m: Int32, n: Int32, k: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
                                   tau: UnsafePointer<Double>) -> Int32 {
        BLASRuntime.ensureConfigured()
        return LAPACKE_dorgqr(rowMajor, m, n, k, a, lda, tau)
    }

    public static func lapackSyevd(n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
                                   w: UnsafeMutablePointer<Double>) -> Int32 {
        BLASRuntime.ensureConfigured()
        return LAPACKE_dsyevd(rowMajor, vectors, upper, n, a, lda, w)
    }

    public static func lapackGesdd(m: Int32, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
                                   s: UnsafeMutablePointer<Double>, u: UnsafeMutablePointer<Double>, ldu: Int32,
                                   vt: UnsafeMutablePointer<Double>, ldvt: Int32) -> Int32 {
        BLASRuntime.ensureConfigured()
        return LAPACKE_dgesdd(rowMajor, thinSVD, m, n, a, lda, s, u, ldu, vt, ldvt)
    }
}
