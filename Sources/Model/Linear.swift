import LinearAlgebra

/// Read-only view of `rows x cols` floats at `p` with row stride `stride` (default `cols`).
@inline(__always) func view(_ p: UnsafePointer<Float>, _ rows: Int, _ cols: Int, stride: Int? = nil) -> MatrixView<Float> {
    MatrixView(p, rows: rows, cols: cols, rowStride: stride ?? cols)
}

@inline(__always) func view(_ p: UnsafeMutablePointer<Float>, _ rows: Int, _ cols: Int, stride: Int? = nil) -> MatrixView<Float> {
    MatrixView(UnsafePointer(p), rows: rows, cols: cols, rowStride: stride ?? cols)
}

/// Writable view of `rows x cols` floats at `p` with row stride `stride` (default `cols`).
@inline(__always) func mutableView(_ p: UnsafeMutablePointer<Float>, _ rows: Int, _ cols: Int, stride: Int? = nil) -> MutableMatrixView<Float> {
    MutableMatrixView(p, rows: rows, cols: cols, rowStride: stride ?? cols)
}

/// A dense layer `y = x W^T + b` with `W` stored `out x in`.
enum Linear {
    /// out (rows x O) = inp (rows x I) W^T (W: O x I) + bias (O, optional).
    static func forward(out: MutableMatrixView<Float>, inp: MatrixView<Float>, weight: MatrixView<Float>, bias: UnsafePointer<Float>?) {
        if let bias {
            for n in 0 ..< out.rows { (out.base + n * out.rowStride).update(from: bias, count: out.cols) }
        }
        gemm(out, inp, weight, transposeB: true, beta: bias == nil ? 0 : 1)
    }

    /// dinp (rows x I) = dout W (or += when `accumulate`); dweight (O x I) += dout^T inp and
    /// dbias (O) += column sums of dout when given. dout: rows x O; inp: rows x I; W: O x I.
    static func backward(
        dinp: MutableMatrixView<Float>?, accumulate: Bool,
        dweight: MutableMatrixView<Float>?, dbias: UnsafeMutablePointer<Float>?,
        dout: MatrixView<Float>, inp: MatrixView<Float>, weight: MatrixView<Float>
    ) {
        if let dinp { gemm(dinp, dout, weight, beta: accumulate ? 1 : 0) }
        if let dweight { gemm(dweight, dout, transposeA: true, inp, beta: 1) }
        if let dbias { addColumnSums(dbias, dout.base, rows: dout.rows, cols: dout.cols, rowStride: dout.rowStride) }
    }
}

/// The low-rank branches of k LoRA adapters that read the same input (q, k and v read the
/// first LayerNorm's output; o reads the attention output): member i adds
/// `s (x A_i^T) B_i^T` to its own column block of the output, `s = alpha / r` (PEFT layout).
///
/// The members' A factors are packed as one `(k r) x I` matrix, so `u = x [A_1; ...; A_k]^T`, the
/// A gradients and the input gradient are one product each instead of k thin ones.
enum LoRALinear {
    /// out[:, columns[i] ..< columns[i] + O] += s u_i B_i^T for each member, where
    /// u (rows x k r) = inp A^T is saved for backward.
    /// out: rows x (row stride outStride); inp: rows x I; a: (k r) x I; b: k blocks of O x r.
    static func forward(
        out: UnsafeMutablePointer<Float>, outStride: Int, columns: [Int], u: UnsafeMutablePointer<Float>,
        inp: MatrixView<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        rank r: Int, outFeatures O: Int, scale: Float
    ) {
        let n = inp.rows, k = columns.count
        gemm(mutableView(u, n, k * r), inp, view(a, k * r, inp.cols), transposeB: true)
        for (i, column) in columns.enumerated() {
            gemm(mutableView(out + column, n, O, stride: outStride), view(u + i * r, n, r, stride: k * r),
                 view(b + i * O * r, O, r), transposeB: true, alpha: scale, beta: 1)
        }
    }

    /// da ((k r) x I) = s W^T inp and db (k blocks of O x r, block i = s dout_i^T u_i), both
    /// overwritten, with W = [dout_1 B_1, ..., dout_k B_k] (rows x k r, scratch); dinp
    /// (rows x I) += s W A when given. dout: rows x (row stride doutStride), member i's block at
    /// columns[i]; inp, u, a, b as in forward.
    static func backward(
        dinp: MutableMatrixView<Float>?, da: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>,
        w: UnsafeMutablePointer<Float>,
        dout: UnsafePointer<Float>, doutStride: Int, columns: [Int], inp: MatrixView<Float>, u: UnsafePointer<Float>,
        a: UnsafePointer<Float>, b: UnsafePointer<Float>, rank r: Int, outFeatures O: Int, scale: Float
    ) {
        let n = inp.rows, k = columns.count
        for (i, column) in columns.enumerated() {
            let g = view(dout + column, n, O, stride: doutStride)
            gemm(mutableView(db + i * O * r, O, r), g, transposeA: true, view(u + i * r, n, r, stride: k * r), alpha: scale)
            gemm(mutableView(w + i * r, n, r, stride: k * r), g, view(b + i * O * r, O, r))
        }
        gemm(mutableView(da, k * r, inp.cols), view(w, n, k * r), transposeA: true, inp, alpha: scale)
        if let dinp { gemm(dinp, view(w, n, k * r), view(a, k * r, inp.cols), alpha: scale, beta: 1) }
    }
}

/// Every matrix product of the model goes through here: `BLAS.gemm`, plus a count of its
/// FLOPs (2 m n k) when a test has installed a tally, which checks `FLOPCount` exactly.
@inline(__always)
func gemm(
    _ c: MutableMatrixView<Float>, _ a: MatrixView<Float>, transposeA: Bool = false,
    _ b: MatrixView<Float>, transposeB: Bool = false, alpha: Float = 1, beta: Float = 0
) {
    BLAS.gemm(c, a, transposeA: transposeA, b, transposeB: transposeB, alpha: alpha, beta: beta)
    if let tally = FLOPTally.current {
        tally.add(2 * c.rows * c.cols * (transposeA ? a.rows : a.cols))
    }
}

/// A FLOP counter for the products of one task (tests only; nil, and free, otherwise).
public final class FLOPTally: @unchecked Sendable {
    @TaskLocal public static var current: FLOPTally?
    public private(set) var flops = 0
    public init() {}
    func add(_ count: Int) { flops += count }
}
