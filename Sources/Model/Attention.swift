import LinearAlgebra

/// Causal multi-head self-attention on a fused `qkv` activation (rows `b * T + t`, columns
/// `[q | k | v]`, each `d` wide and split into `heads` heads of `d / heads`).
///
/// Per (sequence, head) the score and value products are BLAS calls on strided views of `qkv`.
/// Queries are processed in tiles of `queryTile` rows: a tile of rows `[i0, i1)` only needs keys
/// `[0, i1)`, so the masked upper triangle is mostly never computed (62.5% of the full square at
/// T = 128 with tiles of 32). Entries of a probability row past its tile's key range are never
/// written nor read.
enum Attention {
    static let queryTile = 32

    /// out: N x d (N = batch * length); probs: batch x heads x length x length (saved for
    /// backward; row i holds softmax weights for keys 0...i and zeros up to the tile end);
    /// qkv: N x 3d.
    static func forward(
        out: UnsafeMutablePointer<Float>, probs: UnsafeMutablePointer<Float>,
        qkv: UnsafePointer<Float>, batch: Int, length T: Int, heads: Int, width d: Int
    ) {
        let hd = d / heads
        let scale = 1 / Float(hd).squareRoot()
        for b in 0 ..< batch {
            let rowBase = qkv + b * T * 3 * d
            for h in 0 ..< heads {
                let q = rowBase + h * hd, k = q + d, v = q + 2 * d
                let p = probs + (b * heads + h) * T * T
                let y = out + b * T * d + h * hd
                var i0 = 0
                while i0 < T {
                    let i1 = min(i0 + queryTile, T)
                    let tileRows = i1 - i0
                    let pTile = p + i0 * T
                    // scores (tileRows x i1) = scale * Q[i0..<i1] K[0..<i1]^T
                    gemm(mutableView(pTile, tileRows, i1, stride: T), view(q + i0 * 3 * d, tileRows, hd, stride: 3 * d),
                         view(k, i1, hd, stride: 3 * d), transposeB: true, alpha: scale)
                    phase("forward: attention, softmax part") {
                        for i in i0 ..< i1 { causalSoftmaxRow(pTile + (i - i0) * T, valid: i + 1, rowEnd: i1) }
                    }
                    // Y[i0..<i1] = P[i0..<i1, 0..<i1] V[0..<i1]
                    gemm(mutableView(y + i0 * d, tileRows, hd, stride: d), view(pTile, tileRows, i1, stride: T),
                         view(v, i1, hd, stride: 3 * d))
                    i0 = i1
                }
            }
        }
    }

    /// dqkv (N x 3d) = d loss / d qkv (overwritten). dout: N x d; scratch: queryTile x length;
    /// qkv and probs as in forward.
    static func backward(
        dqkv: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
        dout: UnsafePointer<Float>, qkv: UnsafePointer<Float>, probs: UnsafePointer<Float>,
        batch: Int, length T: Int, heads: Int, width d: Int
    ) {
        let hd = d / heads
        let scale = 1 / Float(hd).squareRoot()
        for b in 0 ..< batch {
            let rowBase = qkv + b * T * 3 * d
            let dRowBase = dqkv + b * T * 3 * d
            for h in 0 ..< heads {
                let q = rowBase + h * hd, k = q + d, v = q + 2 * d
                let dq = dRowBase + h * hd, dk = dq + d, dv = dq + 2 * d
                let p = probs + (b * heads + h) * T * T
                let dy = dout + b * T * d + h * hd
                // The last tile touches every key, so it overwrites dK and dV; earlier tiles add.
                var i1 = T
                var first = true
                while i1 > 0 {
                    let i0 = ((i1 - 1) / queryTile) * queryTile
                    let tileRows = i1 - i0
                    let pTile = p + i0 * T
                    let dyTile = view(dy + i0 * d, tileRows, hd, stride: d)
                    // dP (tileRows x i1) = dY V^T
                    gemm(mutableView(scratch, tileRows, i1, stride: T), dyTile, view(v, i1, hd, stride: 3 * d), transposeB: true)
                    // dV[0..<i1] (+)= P^T dY
                    gemm(mutableView(dv, i1, hd, stride: 3 * d), view(pTile, tileRows, i1, stride: T), transposeA: true,
                         dyTile, beta: first ? 0 : 1)
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
                         view(q + i0 * 3 * d, tileRows, hd, stride: 3 * d), alpha: scale, beta: first ? 0 : 1)
                    first = false
                    i1 = i0
                }
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
