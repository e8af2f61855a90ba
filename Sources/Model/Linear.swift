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

/// The low-rank branch of a LoRA linear layer: `y += s (x A^T) B^T` with `A` (r x in),
/// `B` (out x r), `s = alpha / r` (PEFT layout).
enum LoRALinear {
    /// out (rows x O) += s u B^T, where u (rows x r) = inp A^T is saved for backward.
    /// inp: rows x I; a: r x I; b: O x r.
    static func forward(
        out: MutableMatrixView<Float>, u: MutableMatrixView<Float>,
        inp: MatrixView<Float>, a: MatrixView<Float>, b: MatrixView<Float>, scale: Float
    ) {
        gemm(u, inp, a, transposeB: true)
        gemm(out, u.readOnly, b, transposeB: true, alpha: scale, beta: 1)
    }

    /// da (r x I) = s (dout B)^T inp and db (O x r) = s dout^T u (both overwritten);
    /// dinp (rows x I) += s (dout B) A when given. w (rows x r) is scratch.
    /// dout: rows x O; inp: rows x I; u: rows x r (from forward); a: r x I; b: O x r.
    static func backward(
        dinp: MutableMatrixView<Float>?, da: MutableMatrixView<Float>, db: MutableMatrixView<Float>,
        w: MutableMatrixView<Float>,
        dout: MatrixView<Float>, inp: MatrixView<Float>, u: MatrixView<Float>,
        a: MatrixView<Float>, b: MatrixView<Float>, scale: Float
    ) {
        gemm(db, dout, transposeA: true, u, alpha: scale)
        gemm(w, dout, b)
        gemm(da, w.readOnly, transposeA: true, inp, alpha: scale)
        if let dinp { gemm(dinp, w.readOnly, a, alpha: scale, beta: 1) }
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
