// Deliberately naive Double linear algebra on nested arrays, shared by the test targets and
// independent of every target under test: the BLAS/LAPACK-backed code and the optimizers are
// checked against references built only from these.

/// A matrix as an array of rows.
package typealias Dense = [[Double]]

/// Entries uniform in [-scale, scale).
package func randomDense(_ rows: Int, _ cols: Int, _ rng: inout SplitMix64, scale: Double = 1) -> Dense {
    (0 ..< rows).map { _ in (0 ..< cols).map { _ in scale * rng.symmetric() } }
}

package func zerosDense(_ rows: Int, _ cols: Int) -> Dense { Dense(repeating: [Double](repeating: 0, count: cols), count: rows) }

package func identityDense(_ n: Int) -> Dense { (0 ..< n).map { i in (0 ..< n).map { $0 == i ? 1 : 0 } } }

/// The product `a b`, each entry summed in order of the inner index.
package func mul(_ a: Dense, _ b: Dense) -> Dense {
    let (m, k, n) = (a.count, b.count, b.first?.count ?? 0)
    precondition(a.allSatisfy { $0.count == k }, "mul: inner dimensions differ")
    var c = zerosDense(m, n)
    for i in 0 ..< m { for p in 0 ..< k { let x = a[i][p]; for j in 0 ..< n { c[i][j] += x * b[p][j] } } }
    return c
}

/// The transpose.
package func tr(_ a: Dense) -> Dense {
    guard let cols = a.first?.count else { return [] }
    return (0 ..< cols).map { j in a.map { $0[j] } }
}

/// `a + s b`.
package func add(_ a: Dense, _ b: Dense, _ s: Double = 1) -> Dense { zip(a, b).map { zip($0, $1).map { $0 + s * $1 } } }
package func scaled(_ a: Dense, _ s: Double) -> Dense { a.map { $0.map { s * $0 } } }
package func elementwise(_ a: Dense, _ f: (Double) -> Double) -> Dense { a.map { $0.map(f) } }
package func sumSquares(_ a: Dense) -> Double { a.joined().reduce(0) { $0 + $1 * $1 } }
/// The Frobenius norm.
package func fro(_ a: Dense) -> Double { sumSquares(a).squareRoot() }
package func rmsDense(_ a: Dense) -> Double { (sumSquares(a) / Double(a.count * (a.first?.count ?? 0))).squareRoot() }
/// The symmetric part `(a + a^T) / 2`.
package func symDense(_ a: Dense) -> Dense { scaled(add(a, tr(a)), 0.5) }
package func traceDense(_ a: Dense) -> Double { a.indices.reduce(0) { $0 + a[$1][$1] } }
package func isZeroDense(_ a: Dense) -> Bool { a.joined().allSatisfy { $0 == 0 } }

/// The largest entry of `|a - b|`.
package func maxAbsDifference(_ a: Dense, _ b: Dense) -> Double {
    zip(a, b).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? 0
}

/// `||a - b||_F / ||b||_F` (absolute when `b` is zero).
package func relativeDifference(_ a: Dense, _ b: Dense) -> Double {
    let d = fro(add(a, b, -1))
    let n = fro(b)
    return n == 0 ? d : d / n
}
