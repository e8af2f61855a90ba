import Foundation

// Deliberately naive Double linear algebra on nested arrays, independent of the LinearAlgebra target:
// the optimizers are checked against re-implementations built only from these.

typealias Dense = [[Double]]

/// SplitMix64: a small deterministic generator so every test sees the same numbers.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [-1, 1).
    mutating func symmetric() -> Double { Double(next() >> 11) / Double(1 << 53) * 2 - 1 }
}

func randomDense(_ rows: Int, _ cols: Int, _ rng: inout SplitMix64, scale: Double = 1) -> Dense {
    (0 ..< rows).map { _ in (0 ..< cols).map { _ in scale * rng.symmetric() } }
}

func zerosDense(_ rows: Int, _ cols: Int) -> Dense { Dense(repeating: [Double](repeating: 0, count: cols), count: rows) }

func identityDense(_ n: Int) -> Dense { (0 ..< n).map { i in (0 ..< n).map { $0 == i ? 1 : 0 } } }

func mul(_ a: Dense, _ b: Dense) -> Dense {
    let (m, k, n) = (a.count, b.count, b.first?.count ?? 0)
    precondition(a.allSatisfy { $0.count == k }, "mul: inner dimensions differ")
    var c = zerosDense(m, n)
    for i in 0 ..< m { for p in 0 ..< k { let x = a[i][p]; for j in 0 ..< n { c[i][j] += x * b[p][j] } } }
    return c
}

func tr(_ a: Dense) -> Dense {
    guard let cols = a.first?.count else { return [] }
    return (0 ..< cols).map { j in a.map { $0[j] } }
}

func add(_ a: Dense, _ b: Dense, _ s: Double = 1) -> Dense { zip(a, b).map { zip($0, $1).map { $0 + s * $1 } } }
func scaled(_ a: Dense, _ s: Double) -> Dense { a.map { $0.map { s * $0 } } }
func elementwise(_ a: Dense, _ f: (Double) -> Double) -> Dense { a.map { $0.map(f) } }
func sumSquares(_ a: Dense) -> Double { a.joined().reduce(0) { $0 + $1 * $1 } }
func fro(_ a: Dense) -> Double { sumSquares(a).squareRoot() }
func rmsDense(_ a: Dense) -> Double { (sumSquares(a) / Double(a.count * (a.first?.count ?? 0))).squareRoot() }
func symDense(_ a: Dense) -> Dense { scaled(add(a, tr(a)), 0.5) }
func traceDense(_ a: Dense) -> Double { a.indices.reduce(0) { $0 + a[$1][$1] } }
func isZeroDense(_ a: Dense) -> Bool { a.joined().allSatisfy { $0 == 0 } }

/// `||a - b||_F / ||b||_F` (absolute when `b` is zero).
func relativeDifference(_ a: Dense, _ b: Dense) -> Double {
    let d = fro(add(a, b, -1))
    let n = fro(b)
    return n == 0 ? d : d / n
}

/// Thin QR by modified Gram-Schmidt (twice): `q` has orthonormal columns, `r` is upper triangular with a
/// positive diagonal. Of a zero matrix: `q = I[:, :n]`, `r = 0` (any orthonormal basis would do; LoRA-RITE
/// only multiplies it by zeros). Assumes full column rank otherwise.
func gramSchmidtQR(_ a: Dense) -> (q: Dense, r: Dense) {
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
func triangularPseudoInverse(_ r: Dense) -> Dense {
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
func jacobiEigen(_ input: Dense) -> (values: [Double], vectors: Dense) {
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
func spectralFunction(_ a: Dense, _ f: (Double) -> Double) -> Dense {
    let (values, q) = jacobiEigen(a)
    let scaledColumns = q.map { row in zip(row, values).map { $0 * f($1) } }
    return mul(scaledColumns, tr(q))
}

/// The inverse of a symmetric positive definite matrix by Cholesky factorisation, or nil if it is not
/// positive definite.
func choleskyInverse(_ a: Dense) -> Dense? {
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
