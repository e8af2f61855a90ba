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

/// k LoRA adapters on one fused linear layer whose members read the same input (q, k and v on
/// the fused qkv weight; o on the output projection): member i adds `s B_i A_i` to the block of
/// output rows starting at `columns[i]` of the `O_total x I` weight, `s = alpha / r` (PEFT layout).
///
/// The forward pass multiplies by the merged weight `W + s sum_i B_i A_i` (formed once per pass,
/// 2 O I r FLOPs per adapter), which is the same function as `W x + s B (A x)` and makes the
/// low-rank branch cost nothing per token; the input gradient then comes from the merged weight
/// too. Only `u = x [A_1; ...; A_k]^T` is kept per token, for the B gradients. The members' A
/// factors are packed as one `(k r) x I` matrix, so u and the A gradients are one product each.
enum LoRALinear {
    /// merged (O_total x I) = weight + s B_i A_i on each member's block of rows.
    /// a: (k r) x I; b: k blocks of O x r.
    static func merge(
        merged: UnsafeMutablePointer<Float>, weight: UnsafePointer<Float>, totalOut: Int, inFeatures I: Int,
        columns: [Int], a: UnsafePointer<Float>, b: UnsafePointer<Float>, rank r: Int, outFeatures O: Int, scale: Float
    ) {
        merged.update(from: weight, count: totalOut * I)
        for (i, column) in columns.enumerated() {
            gemm(mutableView(merged + column * I, O, I), view(b + i * O * r, O, r), view(a + i * r * I, r, I), alpha: scale, beta: 1)
        }
    }

    /// u (rows x k r) = inp A^T, saved for backward. inp: rows x I; a: (k r) x I.
    static func project(u: UnsafeMutablePointer<Float>, inp: MatrixView<Float>, a: UnsafePointer<Float>, count k: Int, rank r: Int) {
        gemm(mutableView(u, inp.rows, k * r), inp, view(a, k * r, inp.cols), transposeB: true)
    }

    /// da ((k r) x I) = s W^T inp and db (k blocks of O x r, block i = s dout_i^T u_i), both
    /// overwritten, with W = [dout_1 B_1, ..., dout_k B_k] (rows x k r, scratch).
    /// dout: rows x (row stride doutStride), member i's block at columns[i]; inp, u, b as above.
    static func backward(
        da: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>, w: UnsafeMutablePointer<Float>,
        dout: UnsafePointer<Float>, doutStride: Int, columns: [Int], inp: MatrixView<Float>, u: UnsafePointer<Float>,
        b: UnsafePointer<Float>, rank r: Int, outFeatures O: Int, scale: Float
    ) {
        let n = inp.rows, k = columns.count
        for (i, column) in columns.enumerated() {
            let g = view(dout + column, n, O, stride: doutStride)
            gemm(mutableView(db + i * O * r, O, r), g, transposeA: true, view(u + i * r, n, r, stride: k * r), alpha: scale)
            gemm(mutableView(w + i * r, n, r, stride: k * r), g, view(b + i * O * r, O, r))
        }
        gemm(mutableView(da, k * r, inp.cols), view(w, n, k * r), transposeA: true, inp, alpha: scale)
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
