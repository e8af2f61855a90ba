// Naive decompositions and matrix functions on `Dense` (Double), the references the library's
// LAPACK-backed decompositions and the optimizers' preconditioners are checked against.

/// Thin QR by modified Gram-Schmidt (twice): `q` has orthonormal columns, `r` is upper triangular with a
/// positive diagonal. Of a zero matrix: `q = I[:, :n]`, `r = 0` (any orthonormal basis would do; LoRA-RITE
/// only multiplies it by zeros). Assumes full column rank otherwise.
package func gramSchmidtQR(_ a: Dense) -> (q: Dense, r: Dense) {
    let (m, n) = (a.count, a[0].count)
    if isZeroDense(a) { return ((0 ..< m).map { i in (0 ..< n).map { $0 == i ? 1 : 0 } }, zerosDense(n, n)) }
    var columns = tr(a)
    var r = zerosDense(n, n)
    for j in 0 ..< n {
        for _ in 0 ..< 2 {
            for i in 0 ..< j {
                let dot = zip(columns[i], columns[j]).reduce(0) { $0 + $1.0 * $1.1 }
                r[i][j] += dot
                columns[j] = zip(columns[j], columns[i]).map { $0 - dot * $1 }
            }
        }
        let norm = columns[j].reduce(0) { $0 + $1 * $1 }.squareRoot()
        r[j][j] = norm
        columns[j] = columns[j].map { $0 / norm }
    }
    return (tr(columns), r)
}

/// The inverse of an upper-triangular matrix by back substitution; zero for the zero matrix (its
/// pseudo-inverse). Assumes a non-zero matrix is invertible.
package func triangularPseudoInverse(_ r: Dense) -> Dense {
    let n = r.count
    if isZeroDense(r) { return zerosDense(n, n) }
    var inverse = zerosDense(n, n)
    for j in 0 ..< n {
        for i in stride(from: j, through: 0, by: -1) {
            var s = i == j ? 1.0 : 0.0
            for p in (i + 1) ..< max(i + 1, j + 1) { s -= r[i][p] * inverse[p][j] }
            inverse[i][j] = s / r[i][i]
        }
    }
    return inverse
}

/// Eigenvalues (ascending) and unit eigenvectors (as columns) of a symmetric matrix, by cyclic Jacobi.
package func jacobiEigen(_ input: Dense) -> (values: [Double], vectors: Dense) {
    var a = symDense(input)
    let n = a.count
    var v = identityDense(n)
    let scale = max(fro(a), 1e-300)
    for _ in 0 ..< 100 {
        var off = 0.0
        for i in 0 ..< n { for j in 0 ..< n where i != j { off += a[i][j] * a[i][j] } }
        if off.squareRoot() <= 1e-17 * scale { break }
        for p in 0 ..< n {
            for q in (p + 1) ..< max(p + 1, n) where a[p][q] != 0 {
                let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot()
                let s = t * c
                for k in 0 ..< n {
                    let (akp, akq) = (a[k][p], a[k][q])
                    a[k][p] = c * akp - s * akq
                    a[k][q] = s * akp + c * akq
                }
                for k in 0 ..< n {
                    let (apk, aqk) = (a[p][k], a[q][k])
                    a[p][k] = c * apk - s * aqk
                    a[q][k] = s * apk + c * aqk
                }
                for k in 0 ..< n {
                    let (vkp, vkq) = (v[k][p], v[k][q])
                    v[k][p] = c * vkp - s * vkq
                    v[k][q] = s * vkp + c * vkq
                }
            }
        }
    }
    let order = (0 ..< n).sorted { a[$0][$0] < a[$1][$1] }
    return (order.map { a[$0][$0] }, v.map { row in order.map { row[$0] } })
}

/// `Q diag(f(lambda)) Q^T` for a symmetric matrix.
package func spectralFunction(_ a: Dense, _ f: (Double) -> Double) -> Dense {
    let (values, q) = jacobiEigen(a)
    let scaledColumns = q.map { row in zip(row, values).map { $0 * f($1) } }
    return mul(scaledColumns, tr(q))
}

/// The lower-triangular L with L L^T = a (a symmetric), or nil when a pivot is not positive (a is not
/// positive definite).
package func choleskyLower(_ a: Dense) -> Dense? {
    let n = a.count
    var l = zerosDense(n, n)
    for i in 0 ..< n {
        for j in 0 ... i {
            var s = a[i][j]
            for p in 0 ..< j { s -= l[i][p] * l[j][p] }
            if i == j {
                guard s > 0 else { return nil }
                l[i][i] = s.squareRoot()
            } else {
                l[i][j] = s / l[j][j]
            }
        }
    }
    return l
}

/// The inverse of a symmetric positive definite matrix by Cholesky factorisation, or nil if it is not
/// positive definite.
package func choleskyInverse(_ a: Dense) -> Dense? {
    guard let l = choleskyLower(a) else { return nil }
    let n = a.count
    // inverse(L) by forward substitution, then inverse(A) = inverse(L)^T inverse(L).
    var li = zerosDense(n, n)
    for j in 0 ..< n {
        for i in j ..< n {
            var s = i == j ? 1.0 : 0.0
            for p in j ..< i { s -= l[i][p] * li[p][j] }
            li[i][j] = s / l[i][i]
        }
    }
    return mul(tr(li), li)
}

/// The inverse of a square matrix by Gauss-Jordan elimination with partial pivoting.
package func gaussJordanInverseDense(_ input: Dense) -> Dense {
    let n = input.count
    var a = zip(input, identityDense(n)).map { $0 + $1 }
    for col in 0 ..< n {
        let pivot = (col ..< n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
        a.swapAt(col, pivot)
        let d = a[col][col]
        a[col] = a[col].map { $0 / d }
        for row in 0 ..< n where row != col {
            let f = a[row][col]
            a[row] = zip(a[row], a[col]).map { $0 - f * $1 }
        }
    }
    return a.map { Array($0[n...]) }
}

/// `U diag(sigma) V^T` with random orthonormal `U` (m x k) and `V` (n x k).
package func denseWithSingularValues(_ m: Int, _ n: Int, _ sigma: [Double], _ rng: inout SplitMix64) -> Dense {
    let u = gramSchmidtQR(randomDense(m, sigma.count, &rng)).q
    let v = gramSchmidtQR(randomDense(n, sigma.count, &rng)).q
    let us = u.map { row in zip(row, sigma).map { $0 * $1 } }
    return mul(us, tr(v))
}
