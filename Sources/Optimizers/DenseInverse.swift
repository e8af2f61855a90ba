import LinearAlgebra

/// The inverse of a small square matrix by Gauss-Jordan elimination with partial pivoting, or nil
/// when a pivot is exactly zero (the matrix is singular, as LAPACK's LU factorisation would report)
/// or the result is not finite. Used for ScaledAdam's r x r damped Gram matrices, where r <= 64 makes
/// the O(r^3) loop cheaper than a LAPACK round trip and keeps the "singular" test explicit.
func gaussJordanInverse(_ matrix: Matrix<Double>) -> Matrix<Double>? {
    precondition(matrix.isSquare, "gaussJordanInverse: expected a square matrix, got \(matrix.shapeDescription)")
    let n = matrix.rows
    var a = matrix.storage                              // n x n row-major, reduced to I
    var inverse = Matrix<Double>.identity(n).storage    // n x n row-major, becomes the inverse
    let singular = a.withUnsafeMutableBufferPointer { a in
        inverse.withUnsafeMutableBufferPointer { inv in
            for column in 0 ..< n {
                var pivotRow = column
                for row in (column + 1) ..< max(column + 1, n) where abs(a[row * n + column]) > abs(a[pivotRow * n + column]) {
                    pivotRow = row
                }
                let pivot = a[pivotRow * n + column]
                guard pivot != 0, pivot.isFinite else { return true }
                if pivotRow != column {
                    for j in 0 ..< n {
                        a.swapAt(pivotRow * n + j, column * n + j)
                        inv.swapAt(pivotRow * n + j, column * n + j)
                    }
                }
                for j in 0 ..< n {
                    a[column * n + j] /= pivot
                    inv[column * n + j] /= pivot
                }
                for row in 0 ..< n where row != column {
                    let factor = a[row * n + column]
                    if factor == 0 { continue }
                    for j in 0 ..< n {
                        a[row * n + j] -= factor * a[column * n + j]
                        inv[row * n + j] -= factor * inv[column * n + j]
                    }
                }
            }
            return false
        }
    }
    guard !singular else { return nil }
    let result = Matrix(rows: n, cols: n, storage: inverse)
    return result.isFinite ? result : nil
}
