/// Thin QR, symmetric eigendecomposition and singular value decomposition over LAPACKE.
/// Every routine checks its input for NaN and infinity first (LAPACK's behaviour on them is
/// undefined) and turns a non-zero `info` into `LinearAlgebraError.lapack`.
extension Matrix {
    /// The reduced QR decomposition of a tall `m x n` matrix (`m >= n`): `Q` is `m x n` with
    /// orthonormal columns, `R` is `n x n` upper triangular, and `Q R` equals the input.
    /// Householder reflections (`geqrf` + `orgqr`) with no sign normalisation, which is what
    /// LAPACK-based frameworks return on CPU; of a zero matrix, `R = 0` and `Q = I[:, :n]`.
    public func thinQR() throws -> (q: Matrix, r: Matrix) {
        let (m, n) = (rows, cols)
        guard m >= n else {
            throw LinearAlgebraError.invalidShape(operation: "thinQR", expected: "rows >= cols", actual: shapeDescription)
        }
        let prefix = Scalar.lapackPrefix
        guard isFinite else { throw LinearAlgebraError.nonFiniteInput(routine: prefix + "geqrf") }
        if n == 0 { return (Matrix(rows: m, cols: 0), Matrix(rows: 0, cols: 0)) }
        var a = self
        var tau = [Scalar](repeating: 0, count: n)
        let lda = Int32(n)
        let info = a.withUnsafeMutableBufferPointer { ab in
            tau.withUnsafeMutableBufferPointer { tb in
                Scalar.lapackGeqrf(m: Int32(m), n: Int32(n), a: ab.baseAddress!, lda: lda, tau: tb.baseAddress!)
            }
        }
        guard info == 0 else { throw LinearAlgebraError.lapack(routine: prefix + "geqrf", info: info) }
        var r = Matrix(rows: n, cols: n)
        for i in 0 ..< n { for j in i ..< n { r.storage[i * n + j] = a.storage[i * n + j] } }
        let infoQ = a.withUnsafeMutableBufferPointer { ab in
            tau.withUnsafeBufferPointer { tb in
                Scalar.lapackOrgqr(m: Int32(m), n: Int32(n), k: Int32(n), a: ab.baseAddress!, lda: lda, tau: tb.baseAddress!)
            }
        }
        guard infoQ == 0 else { throw LinearAlgebraError.lapack(routine: prefix + "orgqr", info: infoQ) }
        return (a, r)
    }

    /// The eigendecomposition of a symmetric matrix (only its upper triangle is read):
    /// eigenvalues in ascending order, and the matching unit eigenvectors as the columns of
    /// `vectors`, so `vectors * diag(values) * vectors^T` reproduces the input.
    public func symmetricEigen() throws -> (values: [Scalar], vectors: Matrix) {
        guard isSquare else {
            throw LinearAlgebraError.invalidShape(operation: "symmetricEigen", expected: "a square matrix", actual: shapeDescription)
        }
        let routine = Scalar.lapackPrefix + "syevd"
        guard isFinite else { throw LinearAlgebraError.nonFiniteInput(routine: routine) }
        let n = rows
        if n == 0 { return ([], self) }
        var a = self
        var w = [Scalar](repeating: 0, count: n)
        let info = a.withUnsafeMutableBufferPointer { ab in
            w.withUnsafeMutableBufferPointer { wb in
                Scalar.lapackSyevd(n: Int32(n), a: ab.baseAddress!, lda: Int32(n), w: wb.baseAddress!)
            }
        }
        guard info == 0 else { throw LinearAlgebraError.lapack(routine: routine, info: info) }
        return (w, a)
    }

    /// The thin singular value decomposition `X = U diag(s) V^T`, with `k = min(m, n)`:
    /// `U` is `m x k`, `s` has `k` values in descending order, `Vt` is `k x n` (divide and conquer).
    public func singularValueDecomposition() throws -> (u: Matrix, s: [Scalar], vt: Matrix) {
        let (m, n) = (rows, cols)
        let k = Swift.min(m, n)
        let routine = Scalar.lapackPrefix + "gesdd"
        guard isFinite else { throw LinearAlgebraError.nonFiniteInput(routine: routine) }
        if k == 0 { return (Matrix(rows: m, cols: 0), [], Matrix(rows: 0, cols: n)) }
        var a = self
        var s = [Scalar](repeating: 0, count: k)
        var u = Matrix(rows: m, cols: k)
        var vt = Matrix(rows: k, cols: n)
        let info = a.withUnsafeMutableBufferPointer { ab in
            s.withUnsafeMutableBufferPointer { sb in
                u.withUnsafeMutableBufferPointer { ub in
                    vt.withUnsafeMutableBufferPointer { vb in
                        Scalar.lapackGesdd(m: Int32(m), n: Int32(n), a: ab.baseAddress!, lda: Int32(n),
                                           s: sb.baseAddress!, u: ub.baseAddress!, ldu: Int32(k),
                                           vt: vb.baseAddress!, ldvt: Int32(n))
                    }
                }
            }
        }
        guard info == 0 else { throw LinearAlgebraError.lapack(routine: routine, info: info) }
        return (u, s, vt)
    }
}
