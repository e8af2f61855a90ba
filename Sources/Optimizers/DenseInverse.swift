import LinearAlgebra

/// The inverse of a small square matrix by Gauss-Jordan elimination with partial pivoting, or nil
/// when a pivot is exactly zero (the matrix is singular, as LAPACK's LU factorisation would report)
/// or the result is not finite. Used for ScaledAdam's r x r damped Gram matrices, where r <= 64 makes
/// the O(r^3) loop cheaper than a LAPACK round trip and keeps the "singular" test explicit.
func gaussJordanInverse(_ matrix: Matrix<Double>) -> Matrix<Double>? {
    precondition(matrix.isSquare, "gaussJordanInverse: expected a square matrix, got \(matrix.shapeDescription)")
    let n = matrix.rows
    var a = matrix.nestedRows                                   // n x n, reduced to I
    var inverse = Matrix<Double>.identity(n).nestedRows         // n x n, becomes the inverse
    for column in 0 ..< n {
        var pivotRow = column
        for row in (column + 1) ..< max(column + 1, n) where abs(a[row][column]) > abs(a[pivotRow][column]) {
            pivotRow = row
        }
        let pivot = a[pivotRow][column]
        guard pivot != 0, pivot.isFinite else { return nil }
        if pivotRow != column {
            a.swapAt(pivotRow, column)
            inverse.swapAt(pivotRow, column)
        }
        for j in 0 ..< n {
            a[column][j] /= pivot
            inverse[column][j] /= pivot
        }
        for row in 0 ..< n where row != column {
            let factor = a[row][column]
            if factor == 0 { continue }
            for j in 0 ..< n {
                a[row][j] -= factor * a[column][j]
                inverse[row][j] -= factor * inverse[column][j]
            }
        }
    }
    let result = Matrix<Double>(inverse)
    return result.isFinite ? result : nil
}
