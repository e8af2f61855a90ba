/// Products, element-wise arithmetic and norms on `Matrix`.
extension Matrix {
    /// `op(A) * op(B)` as a new matrix.
    public static func product(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false) -> Matrix {
        let m = transposeA ? a.cols : a.rows
        let n = transposeB ? b.rows : b.cols
        var c = Matrix(rows: m, cols: n)
        gemm(into: &c, a, transposeA: transposeA, b, transposeB: transposeB)
        return c
    }

    /// `C = alpha * op(A) * op(B) + beta * C`, in place.
    public static func gemm(into c: inout Matrix, _ a: Matrix, transposeA: Bool = false, _ b: Matrix,
                            transposeB: Bool = false, alpha: Scalar = 1, beta: Scalar = 0) {
        a.withView { av in
            b.withView { bv in
                c.withMutableView { cv in
                    BLAS.gemm(cv, av, transposeA: transposeA, bv, transposeB: transposeB, alpha: alpha, beta: beta)
                }
            }
        }
    }

    /// `op(A) x` as a new vector.
    public func applied(to x: [Scalar], transpose: Bool = false) -> [Scalar] {
        var y = [Scalar](repeating: 0, count: transpose ? cols : rows)
        withView { av in
            x.withUnsafeBufferPointer { xb in
                y.withUnsafeMutableBufferPointer { yb in BLAS.gemv(yb, av, transpose: transpose, xb) }
            }
        }
        return y
    }

    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { product(lhs, rhs) }

    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        var out = lhs
        out += rhs
        return out
    }

    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        var out = lhs
        out -= rhs
        return out
    }

    public static func += (lhs: inout Matrix, rhs: Matrix) { lhs.add(rhs, scaledBy: 1) }
    public static func -= (lhs: inout Matrix, rhs: Matrix) { lhs.add(rhs, scaledBy: -1) }

    public static func * (scale: Scalar, matrix: Matrix) -> Matrix {
        var out = matrix
        out.scale(by: scale)
        return out
    }

    public static func *= (lhs: inout Matrix, scale: Scalar) { lhs.scale(by: scale) }

    /// `self += alpha * other` (axpy).
    public mutating func add(_ other: Matrix, scaledBy alpha: Scalar) {
        precondition(rows == other.rows && cols == other.cols,
                     "add: \(shapeDescription) and \(other.shapeDescription)")
        withUnsafeMutableBufferPointer { dst in
            other.withUnsafeBufferPointer { src in
                for i in 0 ..< dst.count { dst[i] += alpha * src[i] }
            }
        }
    }

    /// `self *= alpha`.
    public mutating func scale(by alpha: Scalar) {
        withUnsafeMutableBufferPointer { dst in for i in 0 ..< dst.count { dst[i] *= alpha } }
    }

    /// Sets every element to zero.
    public mutating func setZero() {
        withUnsafeMutableBufferPointer { dst in dst.update(repeating: 0) }
    }

    /// A new matrix with `transform` applied to every element.
    public func map(_ transform: (Scalar) -> Scalar) -> Matrix {
        Matrix(rows: rows, cols: cols, storage: storage.map(transform))
    }

    /// The element-wise (Hadamard) product.
    public func hadamard(_ other: Matrix) -> Matrix {
        precondition(rows == other.rows && cols == other.cols,
                     "hadamard: \(shapeDescription) and \(other.shapeDescription)")
        return Matrix(rows: rows, cols: cols, storage: zip(storage, other.storage).map { $0 * $1 })
    }

    /// The sum of squares, accumulated in Double so Float matrices keep their precision.
    public var squaredFrobeniusNorm: Double {
        withUnsafeBufferPointer { buffer in
            var sum = 0.0
            for x in buffer {
                let d = Double(x)
                sum += d * d
            }
            return sum
        }
    }

    /// `||X||_F`.
    public var frobeniusNorm: Double { squaredFrobeniusNorm.squareRoot() }

    /// `sqrt(mean(X^2))`; zero for an empty matrix.
    public var rms: Double { count == 0 ? 0 : (squaredFrobeniusNorm / Double(count)).squareRoot() }

    /// The largest absolute element.
    public var maxAbs: Double { storage.reduce(0.0) { Swift.max($0, Double($1.magnitude)) } }

    /// The sum of the diagonal of a square matrix.
    public var trace: Double {
        precondition(isSquare, "trace: expected a square matrix, got \(shapeDescription)")
        return (0 ..< rows).reduce(0.0) { $0 + Double(storage[$1 * cols + $1]) }
    }
}
