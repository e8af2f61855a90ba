/// A read-only strided view of row-major memory: element `(i, j)` is at `base[i * rowStride + j]`.
/// Views let the model's hot loop run BLAS on blocks of a preallocated arena without copies.
/// The memory must outlive the view; views never allocate.
public struct MatrixView<Scalar: LinearAlgebraScalar> {
    public let base: UnsafePointer<Scalar>
    public let rows: Int
    public let cols: Int
    public let rowStride: Int

    public init(_ base: UnsafePointer<Scalar>, rows: Int, cols: Int, rowStride: Int? = nil) {
        let stride = rowStride ?? cols
        precondition(rows >= 0 && cols >= 0 && stride >= max(cols, 1), "MatrixView: bad shape \(rows) x \(cols), stride \(stride)")
        self.base = base
        self.rows = rows
        self.cols = cols
        self.rowStride = stride
    }

    public subscript(row: Int, col: Int) -> Scalar { base[row * rowStride + col] }
}

/// A writable strided view of row-major memory; see `MatrixView`.
public struct MutableMatrixView<Scalar: LinearAlgebraScalar> {
    public let base: UnsafeMutablePointer<Scalar>
    public let rows: Int
    public let cols: Int
    public let rowStride: Int

    public init(_ base: UnsafeMutablePointer<Scalar>, rows: Int, cols: Int, rowStride: Int? = nil) {
        let stride = rowStride ?? cols
        precondition(rows >= 0 && cols >= 0 && stride >= max(cols, 1), "MutableMatrixView: bad shape \(rows) x \(cols), stride \(stride)")
        self.base = base
        self.rows = rows
        self.cols = cols
        self.rowStride = stride
    }

    public var readOnly: MatrixView<Scalar> { MatrixView(UnsafePointer(base), rows: rows, cols: cols, rowStride: rowStride) }

    public subscript(row: Int, col: Int) -> Scalar {
        get { base[row * rowStride + col] }
        nonmutating set { base[row * rowStride + col] = newValue }
    }
}
