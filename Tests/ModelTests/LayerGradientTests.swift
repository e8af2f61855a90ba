import Foundation
import LinearAlgebra
@testable import Model
import Testing

// Each layer's hand-written backward against central differences of its own forward, in Float32
// with the scalar loss sum(R * out) accumulated in Double. Sizes are odd so SIMD tails run.
// Tolerance: relative error (norm-wise over every coordinate) below 1e-2; a wrong term in a
// backward formula gives errors of order 1.

@Suite struct LayerGradientTests {
    /// sum(a * b) in Double.
    func dot(_ a: Buffer, _ b: Buffer) -> Double { (0 ..< a.count).reduce(0) { $0 + Double(a[$1]) * Double(b[$1]) } }

    func check(_ name: String, analytic: Buffer, step: Float = 1e-2, values: Buffer, loss: () -> Double, tolerance: Double = 1e-2) {
        let numeric = centralDifferences(Array(0 ..< values.count), step: step, get: { values[$0] }, set: { values[$0] = $1 }, loss: loss)
        let error = relativeError(analytic.values.map(Double.init), numeric)
        #expect(error < tolerance, "\(name): relative error \(error)")
        #expect(numeric.contains { abs($0) > 1e-3 }, "\(name): the numerical gradient is about zero; the check would be vacuous")
    }

    @Test func layerNorm() {
        let rows = 3, cols = 13
        let inp = Buffer(randomFloats(rows * cols, scale: 2, seed: 1))
        let weight = Buffer(randomFloats(cols, scale: 0.5, seed: 2).map { 1 + $0 })
        let bias = Buffer(randomFloats(cols, seed: 3))
        let r = Buffer(randomFloats(rows * cols, seed: 4))
        let out = Buffer(zeros: rows * cols), mean = Buffer(zeros: rows), rstd = Buffer(zeros: rows)
        func forward() -> Double {
            LayerNorm.forward(out: out.p, mean: mean.p, rstd: rstd.p, inp: inp.p, weight: weight.p, bias: bias.p, rows: rows, cols: cols)
            return dot(out, r)
        }
        _ = forward()
        let dinp = Buffer(zeros: rows * cols), dweight = Buffer(zeros: cols), dbias = Buffer(zeros: cols)
        LayerNorm.backward(dinp: dinp.p, dweight: dweight.p, dbias: dbias.p, dout: r.p, inp: inp.p, weight: weight.p,
                           mean: mean.p, rstd: rstd.p, rows: rows, cols: cols)
        check("dinp", analytic: dinp, values: inp, loss: forward)
        check("dweight", analytic: dweight, values: weight, loss: forward)
        check("dbias", analytic: dbias, values: bias, loss: forward)
    }

    @Test func gelu() {
        let count = 29
        let inp = Buffer(randomFloats(count, scale: 5, seed: 5)), r = Buffer(randomFloats(count, seed: 6))
        let out = Buffer(zeros: count), gate = Buffer(zeros: count)
        func forward() -> Double {
            GELU.forward(out: out.p, gate: gate.p, inp: inp.p, count: count)
            return dot(out, r)
        }
        _ = forward()
        let dinp = Buffer(nans: count)
        GELU.backward(dinp: dinp.p, dout: r.p, inp: inp.p, gate: gate.p, count: count)
        check("dinp", analytic: dinp, step: 1e-3, values: inp, loss: forward)
    }

    @Test(arguments: [(4, 0), (4, 3), (4, 33), (3, 0)])
    func causalAttentionAcrossQueryTiles(headWidth: Int, firstQuery: Int) {
        // T = 37 spans two query tiles (32 + 5), so the tiled score and gradient paths both run;
        // queries from 3 (the last block's used rows) tile from there, from 33 there is one tile.
        let T = 37, heads = 2, d = heads * headWidth
        let queries = firstQuery ..< T, rows = T - firstQuery
        let qkv = Buffer(randomFloats(T * 3 * d, seed: 7)), r = Buffer(randomFloats(rows * d, seed: 8))
        let out = Buffer(zeros: rows * d), probs = Buffer(nans: heads * T * T)
        func forward() -> Double {
            Attention.forward(out: out.p, probs: probs.p, q: qkv.p, qStride: 3 * d, k: qkv.p + d, v: qkv.p + 2 * d, kvStride: 3 * d,
                              past: 0, queries: queries, heads: heads, width: d, contextLength: T)
            return dot(out, r)
        }
        _ = forward()
        // Against the definition in Double, query by query.
        for i in [firstQuery, (firstQuery + T) / 2, T - 1] {
            for h in 0 ..< heads {
                let c0 = h * headWidth
                let s = (0 ... i).map { j in (0 ..< headWidth).reduce(0.0) { $0 + Double(qkv[i * 3 * d + c0 + $1]) * Double(qkv[j * 3 * d + d + c0 + $1]) } / Double(headWidth).squareRoot() }
                let top = s.max()!, e = s.map { Foundation.exp($0 - top) }, total = e.reduce(0, +)
                for c in 0 ..< headWidth {
                    let y = (0 ... i).reduce(0.0) { $0 + e[$1] / total * Double(qkv[$1 * 3 * d + 2 * d + c0 + c]) }
                    #expect(abs(Double(out[(i - firstQuery) * d + c0 + c]) - y) <= 1e-5 * max(1, abs(y)), "query \(i) head \(h) column \(c)")
                }
            }
        }
        let dqkv = Buffer(nans: T * 3 * d), scratch = Buffer(nans: Attention.queryTile * T)
        Attention.backward(dqkv: dqkv.p, scratch: scratch.p, dout: r.p, qkv: qkv.p, probs: probs.p, length: T, queries: queries,
                           heads: heads, width: d, contextLength: T)
        check("dqkv", analytic: dqkv, values: qkv, loss: forward)
        // No query before firstQuery is used: their query gradient is exactly zero (not just small).
        for i in 0 ..< firstQuery { #expect((0 ..< d).allSatisfy { dqkv[i * 3 * d + $0] == 0 }, "row \(i)") }
        // Causality: the first query's output depends on nothing after it.
        let first = (0 ..< d).map { out[$0] }
        for i in (firstQuery + 1) * 3 * d ..< T * 3 * d { qkv[i] += 1 }
        _ = forward()
        #expect((0 ..< d).map { out[$0] } == first)
    }

    @Test func cachedKeysAndValuesGiveTheSameAttention() {
        // Queries 30 ..< 37 attending to keys and values kept in a [k | v] cache (past = 30, own
        // rows 0 ..< 7) against the same queries of the whole sequence.
        let T = 37, heads = 2, d = 8, past = 30
        let qkv = Buffer(randomFloats(T * 3 * d, seed: 17))
        let whole = Buffer(zeros: (T - past) * d), cached = Buffer(zeros: (T - past) * d)
        let probs = Buffer(nans: heads * T * T)
        Attention.forward(out: whole.p, probs: probs.p, q: qkv.p, qStride: 3 * d, k: qkv.p + d, v: qkv.p + 2 * d, kvStride: 3 * d,
                          past: 0, queries: past ..< T, heads: heads, width: d, contextLength: T)
        let cache = Buffer(zeros: T * 2 * d)
        for t in 0 ..< T { for c in 0 ..< 2 * d { cache[t * 2 * d + c] = qkv[t * 3 * d + d + c] } }
        Attention.forward(out: cached.p, probs: probs.p, q: qkv.p + past * 3 * d, qStride: 3 * d, k: cache.p, v: cache.p + d,
                          kvStride: 2 * d, past: past, queries: 0 ..< T - past, heads: heads, width: d, contextLength: T)
        let error = relativeError(cached.values.map(Double.init), whole.values.map(Double.init))
        #expect(error < 1e-6, "relative error \(error)")
    }

    @Test func mlpBlock() {
        let n = 5, d = 11, m = 19
        let inp = Buffer(randomFloats(n * d, seed: 9))
        let fcWeight = Buffer(randomFloats(m * d, scale: 0.5, seed: 10)), fcBias = Buffer(randomFloats(m, scale: 0.5, seed: 11))
        let projWeight = Buffer(randomFloats(d * m, scale: 0.5, seed: 12)), projBias = Buffer(randomFloats(d, seed: 13))
        let r = Buffer(randomFloats(n * d, seed: 14))
        let fc = Buffer(zeros: n * m), g = Buffer(zeros: n * m), gate = Buffer(zeros: n * m), out = Buffer(zeros: n * d)
        func forward() -> Double {
            Linear.forward(out: fc.mutableView(n, m), inp: inp.view(n, d), weight: fcWeight.view(m, d), bias: fcBias.p)
            GELU.forward(out: g.p, gate: gate.p, inp: fc.p, count: n * m)
            Linear.forward(out: out.mutableView(n, d), inp: g.view(n, m), weight: projWeight.view(d, m), bias: projBias.p)
            return dot(out, r)
        }
        _ = forward()
        let dg = Buffer(nans: n * m), dinp = Buffer(nans: n * d)
        let dFcWeight = Buffer(zeros: m * d), dFcBias = Buffer(zeros: m), dProjWeight = Buffer(zeros: d * m), dProjBias = Buffer(zeros: d)
        Linear.backward(dinp: dg.mutableView(n, m), accumulate: false, dweight: dProjWeight.mutableView(d, m), dbias: dProjBias.p,
                        dout: r.view(n, d), inp: g.view(n, m), weight: projWeight.view(d, m))
        GELU.backward(dinp: dg.p, dout: dg.p, inp: fc.p, gate: gate.p, count: n * m)
        Linear.backward(dinp: dinp.mutableView(n, d), accumulate: false, dweight: dFcWeight.mutableView(m, d), dbias: dFcBias.p,
                        dout: dg.view(n, m), inp: inp.view(n, d), weight: fcWeight.view(m, d))
        check("dinp", analytic: dinp, values: inp, loss: forward)
        check("dFcWeight", analytic: dFcWeight, values: fcWeight, loss: forward)
        check("dFcBias", analytic: dFcBias, values: fcBias, loss: forward)
        check("dProjWeight", analytic: dProjWeight, values: projWeight, loss: forward)
        check("dProjBias", analytic: dProjBias, values: projBias, loss: forward)
    }

    @Test func loraLinearGroupSharingAnInput() {
        // Two adapters on one fused layer of three output blocks (as q and v on the qkv weight):
        // y = x W_merged^T + bias with W_merged = W + s B_i A_i on blocks 0 and 2. The input
        // gradient comes from the merged weight, the factor gradients from LoRALinear.backward.
        let n = 6, inFeatures = 11, outFeatures = 9, rank = 3, total = 3 * outFeatures
        let columns = [0, 2 * outFeatures]
        let scale: Float = 16.0 / 3.0
        let inp = Buffer(randomFloats(n * inFeatures, seed: 15))
        let weight = Buffer(randomFloats(total * inFeatures, scale: 0.3, seed: 14)), bias = Buffer(randomFloats(total, seed: 13))
        let a = Buffer(randomFloats(2 * rank * inFeatures, scale: 0.3, seed: 16))
        let b = Buffer(randomFloats(2 * outFeatures * rank, scale: 0.3, seed: 17))
        let r = Buffer(randomFloats(n * total, seed: 19))
        let merged = Buffer(zeros: total * inFeatures), out = Buffer(zeros: n * total), u = Buffer(zeros: n * 2 * rank)
        func forward() -> Double {
            LoRALinear.merge(merged: merged.p, weight: weight.p, totalOut: total, inFeatures: inFeatures, columns: columns,
                             a: a.p, b: b.p, rank: rank, outFeatures: outFeatures, scale: scale)
            Linear.forward(out: out.mutableView(n, total), inp: inp.view(n, inFeatures), weight: merged.view(total, inFeatures), bias: bias.p)
            return dot(out, r)
        }
        _ = forward()
        // The merge touches only the members' blocks: the middle block is the base weight.
        for i in outFeatures * inFeatures ..< 2 * outFeatures * inFeatures { #expect(merged[i] == weight[i]) }
        LoRALinear.project(u: u.p, inp: inp.view(n, inFeatures), a: a.p, count: 2, rank: rank)
        let dinp = Buffer(nans: n * inFeatures), da = Buffer(nans: 2 * rank * inFeatures), db = Buffer(nans: 2 * outFeatures * rank)
        let w = Buffer(nans: n * 2 * rank)
        Linear.backward(dinp: dinp.mutableView(n, inFeatures), accumulate: false, dweight: nil, dbias: nil,
                        dout: r.view(n, total), inp: inp.view(n, inFeatures), weight: merged.view(total, inFeatures))
        LoRALinear.backward(da: da.p, db: db.p, w: w.p, dout: r.p, doutStride: total, columns: columns, inp: inp.view(n, inFeatures),
                            u: u.p, b: b.p, rank: rank, outFeatures: outFeatures, scale: scale)
        check("dinp", analytic: dinp, values: inp, loss: forward)
        check("dA", analytic: da, values: a, loss: forward)
        check("dB", analytic: db, values: b, loss: forward)
    }

    @Test func softmaxCrossEntropy() {
        let rows = 3, V = 19
        let logits = Buffer(randomFloats(rows * V, scale: 3, seed: 20))
        let targets: [Int32] = [4, 0, 18]
        let scale: Float = 1.0 / 3.0
        let losses = Buffer(zeros: rows), work = Buffer(zeros: rows * V)
        func forward() -> Double {
            work.assign(logits.values)
            SoftmaxCrossEntropy.forward(losses: losses.p, logits: work.p, targets: targets, rows: rows, vocabulary: V, rowScales: nil)
            return Double(scale) * losses.values.reduce(0) { $0 + Double($1) }
        }
        _ = forward()
        for n in 0 ..< rows {
            let row = (0 ..< V).map { Double(logits[n * V + $0]) }
            let expected = NaiveTransformer.crossEntropy(row, Int(targets[n]))
            #expect(abs(Double(losses[n]) - expected) < 1e-5 * max(1, expected), "row \(n): \(losses[n]) vs \(expected)")
        }
        // The gradient form: the row left as e = exp(logits - max) with rowScale = 1 / sum(e),
        // d loss_n / d logits_n = e rowScale - onehot.
        let exponentials = Buffer(logits.values), rowScales = Buffer(zeros: rows)
        SoftmaxCrossEntropy.forward(losses: losses.p, logits: exponentials.p, targets: targets, rows: rows, vocabulary: V, rowScales: rowScales.p)
        let gradient = Buffer(zeros: rows * V)
        for n in 0 ..< rows {
            for j in 0 ..< V { gradient[n * V + j] = scale * (exponentials[n * V + j] * rowScales[n] - (j == Int(targets[n]) ? 1 : 0)) }
        }
        check("dlogits", analytic: gradient, values: logits, loss: forward)
    }
}
