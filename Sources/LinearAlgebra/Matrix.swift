/// A dense matrix stored row-major in one contiguous array: element `(i, j)` is
/// `storage[i * cols + j]`. A value type with copy-on-write storage, so an optimizer can update a
/// factor in place through `inout` without copying it.
///
/// Shapes are checked: combining matrices of incompatible shapes is a programming error and
/// traps with both shapes in the message, like an out-of-range array index.
public struct Matrix<Scalar: LinearAlgebraScalar>: Equatable, Sendable, CustomStringConvertible {
    public let rows: Int
    public let cols: Int
    /// Row-major elements; always `rows * cols` of them.
    public internal(set) var storage: [Scalar]

    /// A matrix with every element equal to `value`.
    public init(rows: Int, cols: Int, repeating value: Scalar = 0) {
        precondition(rows >= 0 && cols >= 0, "Matrix: negative shape \(rows) x \(cols)")
        self.rows = rows
        self.cols = cols
        self.storage = [Scalar](repeating: value, count: rows * cols)
    }

    /// A matrix over row-major `storage`, which must hold `rows * cols` elements.
    public init(rows: Int, cols: Int, storage: [Scalar]) {
        precondition(rows >= 0 && cols >= 0 && storage.count == rows * cols,
                     "Matrix: \(storage.count) elements do not fill \(rows) x \(cols)")
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// A matrix from nested rows, which must all have the same length.
    public init(_ nestedRows: [[Scalar]]) {
        let cols = nestedRows.first?.count ?? 0
        precondition(nestedRows.allSatisfy { $0.count == cols }, "Matrix: rows of unequal length")
        self.init(rows: nestedRows.count, cols: cols, storage: nestedRows.flatMap { $0 })
    }

    /// A matrix whose element `(i, j)` is `element(i, j)`.
    public init(rows: Int, cols: Int, element: (Int, Int) -> Scalar) {
        var storage: [Scalar] = []
        storage.reserveCapacity(rows * cols)
        for i in 0 ..< rows { for j in 0 ..< cols { storage.append(element(i, j)) } }
        self.init(rows: rows, cols: cols, storage: storage)
    }

    /// The `n x n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0 ..< n { m.storage[i * n + i] = 1 }
        return m
    }

    /// A matrix of zeros with the shape of `other`.
    public static func zeros(like other: Matrix) -> Matrix { Matrix(rows: other.rows, cols: other.cols) }

    /// The same numbers converted to another precision.
    public init<Other: LinearAlgebraScalar>(converting other: Matrix<Other>) {
        self.init(rows: other.rows, cols: other.cols, storage: other.storage.map { Scalar($0) })
    }

    public var count: Int { storage.count }
    public var shape: (rows: Int, cols: Int) { (rows, cols) }
    public var shapeDescription: String { "\(rows) x \(cols)" }
    public var isSquare: Bool { rows == cols }

    public subscript(row: Int, col: Int) -> Scalar {
        get {
            precondition(row >= 0 && row < rows && col >= 0 && col < cols, "Matrix: (\(row), \(col)) outside \(shapeDescription)")
            return storage[row * cols + col]
        }
        set {
            precondition(row >= 0 && row < rows && col >= 0 && col < cols, "Matrix: (\(row), \(col)) outside \(shapeDescription)")
            storage[row * cols + col] = newValue
        }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Scalar] { Array(storage[i * cols ..< (i + 1) * cols]) }

    /// Rows as nested arrays (for JSON output and tests).
    public var nestedRows: [[Scalar]] { (0 ..< rows).map(row) }

    /// The transpose, as a new matrix.
    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        storage.withUnsafeBufferPointer { src in
            t.storage.withUnsafeMutableBufferPointer { dst in
                for i in 0 ..< rows { for j in 0 ..< cols { dst[j * rows + i] = src[i * cols + j] } }
            }
        }
        return t
    }

    /// `(X + X^T) / 2` of a square matrix.
    public var symmetrized: Matrix {
        precondition(isSquare, "symmetrized: expected a square matrix, got \(shapeDescription)")
        var s = self
        for i in 0 ..< rows {
            for j in (i + 1) ..< max(i + 1, cols) {
                let mean = (storage[i * cols + j] + storage[j * cols + i]) / 2
                s.storage[i * cols + j] = mean
                s.storage[j * cols + i] = mean
            }
        }
        return s
    }

    /// Whether every element is finite.
    public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }

    /// Read access to the row-major elements.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Write access to the row-major elements (the count cannot change).
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer { buffer in try body(buffer) }
    }

    /// A strided read-only view of the whole matrix, for the BLAS wrappers.
    public func withView<R>(_ body: (MatrixView<Scalar>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { buffer in
            try body(MatrixView(buffer.baseAddress!, rows: rows, cols: cols, rowStride: max(cols, 1)))
        }
    }

    /// A strided writable view of the whole matrix, for the BLAS wrappers.
    public mutating func withMutableView<R>(_ body: (MutableMatrixView<Scalar>) throws -> R) rethrows -> R {
        let (rows, cols) = (self.rows, self.cols)
        return try storage.withUnsafeMutableBufferPointer { buffer in
            try body(MutableMatrixView(buffer.baseAddress!, rows: rows, cols: cols, rowStride: max(cols, 1)))
        }
    }

    public var description: String {
        "Matrix \(shapeDescription) " + nestedRows.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: ", ")
    }
}
