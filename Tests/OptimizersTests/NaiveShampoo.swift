import Foundation
import NaiveReferences

// An independent, naive Double implementation of the reference Shampoo step (optimizer specification,
// Section 4): statistics per block, inverse roots every F steps, grafting over the whole tensor,
// momentum on both directions, Nesterov. No code shared with the Optimizers target.

final class NaiveShampoo {
    var beta1 = 0.9, beta2 = 0.999, matrixEps = 1e-6, diagonalEps = 1e-10, weightDecay = 0.0
    var blockSize = 512, computeSteps = 100, startStep = 5, graft = "sgd", nesterov = true, relative = true
    var merge = 0, skipDimension = 4096

    /// One statistic with its root; `rows`/`cols` are the block's ranges (for vectors: element range, nil).
    struct Block { var rows: Range<Int>; var cols: Range<Int>?; var stats: [Dense]; var roots: [Dense] }
    struct Tensor { var vector: Bool; var skipped: Bool; var blocks: [Block]; var ms: [Double]; var mg: [Double]; var acc: [Double] }
    var tensors: [Tensor] = []
    var count = 0

    private func ranges(_ n: Int) -> [Range<Int>] { stride(from: 0, to: n, by: blockSize).map { $0 ..< min($0 + blockSize, n) } }

    private func setUp(_ x: [Dense]) {
        tensors = x.map { f in
            let (rows, cols) = (f.count, f[0].count)
            let skipped = rows > skipDimension || cols > skipDimension
            let vector = merge > 0 && rows * cols <= merge
            var blocks: [Block] = []
            if !skipped && vector {
                blocks = ranges(rows * cols).map { Block(rows: $0, cols: nil, stats: [scaled(identityDense($0.count), matrixEps)],
                                                         roots: [identityDense($0.count)]) }
            } else if !skipped {
                for rr in ranges(rows) {
                    for cr in ranges(cols) {
                        blocks.append(Block(rows: rr, cols: cr,
                                            stats: [scaled(identityDense(rr.count), matrixEps), scaled(identityDense(cr.count), matrixEps)],
                                            roots: [identityDense(rr.count), identityDense(cr.count)]))
                    }
                }
            }
            let zeros = [Double](repeating: 0, count: rows * cols)
            return Tensor(vector: vector, skipped: skipped, blocks: blocks, ms: zeros, mg: zeros, acc: zeros)
        }
    }

    private func root(_ s: Dense, p: Double) -> Dense {
        let top = jacobiEigen(s).values.last!
        let ridge = matrixEps * max(relative ? top : 1, 1e-6)
        return spectralFunction(s) { pow(max($0, 0) + ridge, -1 / p) }
    }

    func step(_ p: inout [DensePair], _ g: [DensePair], lr: Double) {
        var xs = factors(p)
        let gs = factors(g)
        if tensors.isEmpty { setUp(xs) }
        let w2 = beta2 == 1 ? 1 : 1 - beta2
        for f in xs.indices {
            let (rows, cols) = (xs[f].count, xs[f][0].count)
            let flatG = Array(gs[f].joined())
            var t = tensors[f]
            func piece(_ b: Block) -> Dense {
                if let cr = b.cols { return b.rows.map { i in cr.map { j in gs[f][i][j] } } }
                return b.rows.map { [flatG[$0]] }
            }
            for index in t.blocks.indices {
                let gb = piece(t.blocks[index])
                t.blocks[index].stats[0] = add(scaled(t.blocks[index].stats[0], beta2), mul(gb, tr(gb)), w2)
                if t.blocks[index].cols != nil {
                    t.blocks[index].stats[1] = add(scaled(t.blocks[index].stats[1], beta2), mul(tr(gb), gb), w2)
                }
                if count % computeSteps == 0 {
                    let exponent = 2.0 * Double(t.blocks[index].stats.count)
                    t.blocks[index].roots = t.blocks[index].stats.map { root($0, p: exponent) }
                }
            }
            // Graft.
            var scaledG = flatG
            if graft.hasSuffix("_normalized") {
                let n = flatG.reduce(0) { $0 + $1 * $1 }.squareRoot() + 1e-16
                scaledG = flatG.map { $0 / n }
            }
            var graftStep: [Double]
            switch graft {
            case "sgd": graftStep = flatG
            case "sqrt_n": graftStep = flatG.map { $0 == 0 ? 0 : ($0 > 0 ? 1 : -1) }
            default:
                for j in t.acc.indices {
                    t.acc[j] = graft.hasPrefix("adagrad") ? t.acc[j] + scaledG[j] * scaledG[j] : beta2 * t.acc[j] + w2 * scaledG[j] * scaledG[j]
                }
                graftStep = scaledG.indices.map { scaledG[$0] / (t.acc[$0].squareRoot() + diagonalEps) }
            }
            // Preconditioned direction, grafted to the graft's norm.
            var direction = [Double](repeating: 0, count: rows * cols)
            if t.skipped { direction = graftStep }
            for b in t.blocks {
                let pre = b.cols == nil ? mul(b.roots[0], piece(b)) : mul(mul(b.roots[0], piece(b)), b.roots[1])
                if let cr = b.cols {
                    for (i, row) in b.rows.enumerated() { for (j, col) in cr.enumerated() { direction[row * cols + col] = pre[i][j] } }
                } else {
                    for (i, index) in b.rows.enumerated() { direction[index] = pre[i][0] }
                }
            }
            let graftNorm = graftStep.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let directionNorm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
            direction = direction.map { $0 * graftNorm / (directionNorm + 1e-16) }
            let flatX = Array(xs[f].joined())
            for j in direction.indices {
                direction[j] += weightDecay * flatX[j]
                graftStep[j] += weightDecay * flatX[j]
                t.ms[j] = beta1 * t.ms[j] + direction[j]
                t.mg[j] = beta1 * t.mg[j] + graftStep[j]
            }
            let shampoo = count >= startStep
            let updated = flatX.indices.map { j -> Double in
                let (u, m) = shampoo ? (direction[j], t.ms[j]) : (graftStep[j], t.mg[j])
                return flatX[j] - lr * (nesterov ? u + beta1 * m : m)
            }
            xs[f] = (0 ..< rows).map { i in Array(updated[i * cols ..< (i + 1) * cols]) }
            tensors[f] = t
        }
        count += 1
        p = pairs(xs)
    }
}
