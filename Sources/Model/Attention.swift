import LinearAlgebra

/// Causal multi-head self-attention of one sequence segment (see `PassLayout`): its queries come
/// from the fused `qkv` activation (rows of the segment, columns `[q | k | v]`, each `d` wide and
/// split into `heads` heads of `d / heads`), its keys and values either from the same rows or, in
/// a cached pass, from a `KeyValueCache` slot holding every position up to the segment's end.
///
/// Per head the score and value products are BLAS calls on strided views. Queries are processed
/// in tiles of `queryTile` rows from the first query: a tile of rows `[i0, i1)` only needs keys
/// `[0, past + i1)`, so the masked upper triangle is mostly never computed (62.5% of the full
/// square at T = 128 with tiles of 32). Entries of a probability row past its tile's key range are
/// never written nor read.
enum Attention {
    static let queryTile = 32

    /// The query tile that holds query `i` of the range starting at `first`.
    @inline(__always) static func tileStart(_ i: Int, first: Int) -> Int { first + ((i - first) / queryTile) * queryTile }

    /// out (one row of d per query, stride d) = attention of queries `queries` (own rows of the
    /// segment, at positions `past + i`) over keys `0 ..< past + i + 1`.
    /// q: the segment's row 0 in qkv (stride qStride); k, v: key position 0 (stride kvStride);
    /// probs: heads x T x T for the segment (row `i - queries.lowerBound` of each head holds the
    /// softmax weights of query i, zeros up to its tile's end; saved for backward).
    static func forward(
        out: UnsafeMutablePointer<Float>, probs: UnsafeMutablePointer<Float>,
        q: UnsafePointer<Float>, qStride: Int, k: UnsafePointer<Float>, v: UnsafePointer<Float>, kvStride: Int,
        past: Int, queries: Range<Int>, heads: Int, width d: Int, contextLength T: Int
    ) {
        let hd = d / heads
        let scale = 1 / Float(hd).squareRoot()
        let first = queries.lowerBound
        for h in 0 ..< heads {
            let qh = q + h * hd, kh = k + h * hd, vh = v + h * hd
            let p = probs + h * T * T
            let y = out + h * hd
            var i0 = first
            while i0 < queries.upperBound {
                let i1 = min(i0 + queryTile, queries.upperBound)
                let tileRows = i1 - i0, keys = past + i1
                let pTile = p + (i0 - first) * T
                // scores (tileRows x keys) = scale * Q[i0..<i1] K[0..<keys]^T
                gemm(mutableView(pTile, tileRows, keys, stride: T), view(qh + i0 * qStride, tileRows, hd, stride: qStride),
                     view(kh, keys, hd, stride: kvStride), transposeB: true, alpha: scale)
                phase("forward: attention, softmax part") {
                    for i in i0 ..< i1 { causalSoftmaxRow(pTile + (i - i0) * T, valid: past + i + 1, rowEnd: keys) }
                }
                // Y[i0..<i1] = P V[0..<keys]
                gemm(mutableView(y + (i0 - first) * d, tileRows, hd, stride: d), view(pTile, tileRows, keys, stride: T),
                     view(vh, keys, hd, stride: kvStride))
                i0 = i1
            }
        }
    }

    /// The gradient w.r.t. the segment's own `length` rows of qkv (stride 3d, overwritten; rows and
    /// columns that no query reaches are 0), from dout (one row of d per query of `queries`, stride
    /// d). Training passes only: keys and values are the segment's own rows (past = 0). scratch:
    /// queryTile x T; qkv and probs as in forward.
    static func backward(
        dqkv: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
        dout: UnsafePointer<Float>, qkv: UnsafePointer<Float>, probs: UnsafePointer<Float>,
        length n: Int, queries: Range<Int>, heads: Int, width d: Int, contextLength T: Int
    ) {
        let hd = d / heads
        let scale = 1 / Float(hd).squareRoot()
        let first = queries.lowerBound, end = queries.upperBound
        // Rows before the first query have no query gradient; keys after the last query none at all.
        for i in 0 ..< first { setZero(dqkv + i * 3 * d, d) }
        if end < n { setZero(dqkv + end * 3 * d, (n - end) * 3 * d) }
        for h in 0 ..< heads {
            let q = qkv + h * hd, k = q + d, v = q + 2 * d
            let dq = dqkv + h * hd, dk = dq + d, dv = dq + 2 * d
            let p = probs + h * T * T
            let dy = dout + h * hd
            // The last tile touches every key up to `end`, so it overwrites dK and dV; earlier tiles add.
            var i1 = end
            var firstTile = true
            while i1 > first {
                let i0 = tileStart(i1 - 1, first: first)
                let tileRows = i1 - i0
                let pTile = p + (i0 - first) * T
                let dyTile = view(dy + (i0 - first) * d, tileRows, hd, stride: d)
                // dP (tileRows x i1) = dY V^T
                gemm(mutableView(scratch, tileRows, i1, stride: T), dyTile, view(v, i1, hd, stride: 3 * d), transposeB: true)
                // dV[0..<i1] (+)= P^T dY
                gemm(mutableView(dv, i1, hd, stride: 3 * d), view(pTile, tileRows, i1, stride: T), transposeA: true,
                     dyTile, beta: firstTile ? 0 : 1)
                phase("backward: attention, softmax part") {
                    for i in i0 ..< i1 {
                        softmaxBackwardRow(scratch + (i - i0) * T, probs: pTile + (i - i0) * T, valid: i + 1, rowEnd: i1)
                    }
                }
                let dsTile = view(scratch, tileRows, i1, stride: T)
                // dQ[i0..<i1] = scale * dS K[0..<i1]
                gemm(mutableView(dq + i0 * 3 * d, tileRows, hd, stride: 3 * d), dsTile, view(k, i1, hd, stride: 3 * d),
                     alpha: scale)
                // dK[0..<i1] (+)= scale * dS^T Q[i0..<i1]
                gemm(mutableView(dk, i1, hd, stride: 3 * d), dsTile, transposeA: true,
                     view(q + i0 * 3 * d, tileRows, hd, stride: 3 * d), alpha: scale, beta: firstTile ? 0 : 1)
                firstTile = false
                i1 = i0
            }
        }
    }
    /// In place: `row[0..<valid]` = softmax of itself; `row[valid..<rowEnd]` = 0. When the
    /// vector holding the last `valid % 8` entries fits before `rowEnd` (always, when T is a
    /// multiple of 8), it is processed whole with its extra lanes masked, since those entries are
    /// to be zeroed anyway; otherwise the tail is scalar.
    @inline(__always)
    static func causalSoftmaxRow(_ row: UnsafeMutablePointer<Float>, valid: Int, rowEnd: Int) {
        let tail = valid % vecWidth, full = valid - tail
        let masked = tail > 0 && full + vecWidth <= rowEnd
        let keep = laneIndex .< SIMD8<Int32>(repeating: Int32(tail))
        let lowest = Vec(repeating: -.greatestFiniteMagnitude)
        var maxV = lowest
        var j = 0
        while j < full { maxV = lanewiseMax(maxV, load(row + j)); j += vecWidth }
        if masked { maxV = lanewiseMax(maxV, load(row + full).replacing(with: lowest, where: .!keep)) }
        var m = horizontalMax(maxV)
        if !masked { for k in full ..< valid { m = max(m, row[k]) } }
        let mv = Vec(repeating: m)
        var sumV = Vec(), tailSum: Float = 0
        j = 0
        while j < full {
            let e = vexpNonPositive(load(row + j) - mv)
            store(e, row + j)
            sumV += e
            j += vecWidth
        }
        if masked {
            let e = vexpNonPositive(load(row + full) - mv).replacing(with: 0, where: .!keep)
            store(e, row + full)
            sumV += e
        } else {
            for k in full ..< valid { let e = sexpNonPositive(row[k] - m); row[k] = e; tailSum += e }
        }
        let inverse = 1 / (horizontalSum(sumV) + tailSum)
        let end = masked ? full + vecWidth : full
        j = 0
        while j < end { store(load(row + j) * inverse, row + j); j += vecWidth }
        var k = end
        while k < valid { row[k] *= inverse; k += 1 }
        let written = max(valid, end)
        if rowEnd > written { (row + written).update(repeating: 0, count: rowEnd - written) }
    }

    /// In place: `dp[j] = p[j] (dp[j] - sum_k p[k] dp[k])` for j < valid (the softmax Jacobian
    /// applied to the incoming gradient), 0 for valid <= j < rowEnd.
    @inline(__always)
    static func softmaxBackwardRow(_ dp: UnsafeMutablePointer<Float>, probs p: UnsafePointer<Float>, valid: Int, rowEnd: Int) {
        var dotV = Vec(), tail: Float = 0
        var j = 0
        while j + vecWidth <= valid { dotV += load(p + j) * load(dp + j); j += vecWidth }
        while j < valid { tail += p[j] * dp[j]; j += 1 }
        let dot = horizontalSum(dotV) + tail
        j = 0
        while j + vecWidth <= valid { let pj = load(p + j); store(pj * (load(dp + j) - dot), dp + j); j += vecWidth }
        while j < valid { dp[j] = p[j] * (dp[j] - dot); j += 1 }
        if rowEnd > valid { (dp + valid).update(repeating: 0, count: rowEnd - valid) }
    }
}
