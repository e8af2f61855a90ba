import LinearAlgebra
import Testing

// Independent, deliberately naive Double implementations that the BLAS/LAPACK-backed code is
// checked against. Nothing here calls the library under test.

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

typealias Dense = [[Double]]

func randomDense(_ rows: Int, _ cols: Int, _ rng: inout SplitMix64) -> Dense {
    (0 ..< rows).map { _ in (0 ..< cols).map { _ in rng.symmetric() } }
}

func naiveProduct(_ a: Dense, _ b: Dense) -> Dense {
    let (m, k, n) = (a.count, b.count, b.first?.count ?? 0)
    precondition(a.allSatisfy { $0.count == k })
    return (0 ..< m).map { i in (0 ..< n).map { j in (0 ..< k).reduce(0.0) { $0 + a[i][$1] * b[$1][j] } } }
}

func naiveTranspose(_ a: Dense) -> Dense {
    guard let cols = a.first?.count else { return [] }
    return (0 ..< cols).map { j in a.map { $0[j] } }
}

func identityDense(_ n: Int) -> Dense { (0 ..< n).map { i in (0 ..< n).map { $0 == i ? 1 : 0 } } }

func maxAbsDifference(_ a: Dense, _ b: Dense) -> Double {
    zip(a, b).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? 0
}

func frobenius(_ a: Dense) -> Double { a.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// Orthonormal columns by modified Gram-Schmidt (applied twice for accuracy).
func gramSchmidtColumns(_ a: Dense) -> Dense {
    var columns = naiveTranspose(a)
    for j in columns.indices {
        for _ in 0 ..< 2 {
            for i in 0 ..< j {
                let dot = zip(columns[i], columns[j]).reduce(0) { $0 + $1.0 * $1.1 }
                columns[j] = zip(columns[j], columns[i]).map { $0 - dot * $1 }
            }
        }
        let norm = columns[j].reduce(0) { $0 + $1 * $1 }.squareRoot()
        columns[j] = columns[j].map { $0 / norm }
    }
    return naiveTranspose(columns)
}

/// `U diag(sigma) V^T` with random orthonormal `U` (m x k) and `V` (n x k).
func denseWithSingularValues(_ m: Int, _ n: Int, _ sigma: [Double], _ rng: inout SplitMix64) -> Dense {
    let u = gramSchmidtColumns(randomDense(m, sigma.count, &rng))
    let v = gramSchmidtColumns(randomDense(n, sigma.count, &rng))
    let us = u.map { row in zip(row, sigma).map { $0 * $1 } }
    return naiveProduct(us, naiveTranspose(v))
}

/// Eigenvalues of a symmetric matrix by the cyclic Jacobi method, ascending.
func jacobiEigenvalues(_ input: Dense) -> [Double] {
    var a = input
    let n = a.count
    for _ in 0 ..< 100 {
        var off = 0.0
        for i in 0 ..< n { for j in 0 ..< n where i != j { off += a[i][j] * a[i][j] } }
        if off < 1e-30 { break }
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
            }
        }
    }
    return (0 ..< n).map { a[$0][$0] }.sorted()
}

/// The inverse of a square matrix by Gauss-Jordan elimination with partial pivoting.
func gaussJordanInverse(_ input: Dense) -> Dense {
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

extension Matrix {
    init(dense: Dense) { self.init(dense.map { $0.map { Scalar($0) } }) }
    var dense: Dense { nestedRows.map { $0.map { Double($0) } } }
}

/// The two precisions every test runs in, with the tolerance that makes sense for each.
enum Precision: String, CaseIterable, CustomTestStringConvertible {
    case float, double
    var testDescription: String { rawValue }
    /// A tolerance for backward-stable results, relative to the data's scale.
    var tolerance: Double { self == .float ? 2e-5 : 1e-12 }
}
