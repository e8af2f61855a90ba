/// Shape-checked BLAS products on strided views. Argument order follows the house style:
/// output first, then inputs, then scalars.
public enum BLAS {
    /// `C = alpha * op(A) * op(B) + beta * C`, with `op(X)` = `X` or `X^T`.
    /// Shapes: op(A) m x k, op(B) k x n, C m x n.
    @inline(__always)
    public static func gemm<S: LinearAlgebraScalar>(
        _ c: MutableMatrixView<S>,
        _ a: MatrixView<S>, transposeA: Bool = false,
        _ b: MatrixView<S>, transposeB: Bool = false,
        alpha: S = 1, beta: S = 0
    ) {
        let (m, k) = transposeA ? (a.cols, a.rows) : (a.rows, a.cols)
        let (kb, n) = transposeB ? (b.cols, b.rows) : (b.rows, b.cols)
        precondition(k == kb && c.rows == m && c.cols == n,
                     "gemm: op(A) \(m) x \(k), op(B) \(kb) x \(n), C \(c.rows) x \(c.cols)")
        if m == 0 || n == 0 { return }
        if k == 0 {
            // BLAS would scale C by beta; do it here so empty inner dimensions need no special case upstream.
            for i in 0 ..< m { for j in 0 ..< n { c[i, j] = beta == 0 ? 0 : beta * c[i, j] } }
            return
        }
        S.blasGemm(transposeA: transposeA, transposeB: transposeB, m: Int32(m), n: Int32(n), k: Int32(k),
                   alpha: alpha, a: a.base, lda: Int32(a.rowStride), b: b.base, ldb: Int32(b.rowStride),
                   beta: beta, c: c.base, ldc: Int32(c.rowStride))
    }

    /// `y = alpha * op(A) x + beta * y`. Shapes: op(A) m x n, x of n, y of m (contiguous).
    @inline(__always)
    public static func gemv<S: LinearAlgebraScalar>(
        _ y: UnsafeMutableBufferPointer<S>,
        _ a: MatrixView<S>, transpose: Bool = false,
        _ x: UnsafeBufferPointer<S>,
        alpha: S = 1, beta: S = 0
    ) {
        let (m, n) = transpose ? (a.cols, a.rows) : (a.rows, a.cols)
        precondition(x.count == n && y.count == m, "gemv: op(A) \(m) x \(n), x of \(x.count), y of \(y.count)")
        if m == 0 { return }
        if n == 0 {
            for i in 0 ..< m { y[i] = beta == 0 ? 0 : beta * y[i] }
            return
        }
        S.blasGemv(transpose: transpose, m: Int32(a.rows), n: Int32(a.cols), alpha: alpha, a: a.base,
                   lda: Int32(a.rowStride), x: x.baseAddress!, incx: 1, beta: beta, y: y.baseAddress!, incy: 1)
    }
}
