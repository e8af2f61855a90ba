import Foundation

/// Softmax over the vocabulary fused with the cross-entropy loss and its gradient: one row is
/// read once for the maximum, once to exponentiate (stored in place), and once to scale, while
/// it is still in the L1 cache. Rows here are only positions whose target is not ignored (the
/// caller compacts them), so every row has a valid target.
enum SoftmaxCrossEntropy {
    /// losses[n] = -log softmax(logits[n])[targets[n]] for each of `rows` rows of `vocabulary`.
    /// When `gradientScale` is given, logits are overwritten by
    /// `gradientScale * (softmax(logits[n]) - onehot(targets[n]))`, the gradient of
    /// `gradientScale * sum_n losses[n]`.
    static func forward(
        losses: UnsafeMutablePointer<Float>, logits: UnsafeMutablePointer<Float>,
        targets: UnsafePointer<Int32>, rows: Int, vocabulary V: Int, gradientScale: Float?
    ) {
        for n in 0 ..< rows {
            let row = logits + n * V
            let target = Int(targets[n])
            let targetLogit = row[target]
            var maxV = Vec(repeating: -.greatestFiniteMagnitude)
            var tailMax = -Float.greatestFiniteMagnitude
            var j = 0
            while j + vecWidth <= V { maxV = lanewiseMax(maxV, load(row + j)); j += vecWidth }
            while j < V { tailMax = max(tailMax, row[j]); j += 1 }
            let m = max(horizontalMax(maxV), tailMax)
            var sumV = Vec(), tailSum: Float = 0
            j = 0
            if let gradientScale {
                while j + vecWidth <= V {
                    let e = vexp(load(row + j) - m)
                    store(e, row + j)
                    sumV += e
                    j += vecWidth
                }
                while j < V { let e = sexp(row[j] - m); row[j] = e; tailSum += e; j += 1 }
                let sum = horizontalSum(sumV) + tailSum
                let factor = gradientScale / sum
                j = 0
                while j + vecWidth <= V { store(load(row + j) * factor, row + j); j += vecWidth }
                while j < V { row[j] *= factor; j += 1 }
                row[target] -= gradientScale
                losses[n] = log(sum) - (targetLogit - m)
            } else {
                while j + vecWidth <= V { sumV += vexp(load(row + j) - m); j += vecWidth }
                while j < V { tailSum += sexp(row[j] - m); j += 1 }
                losses[n] = log(horizontalSum(sumV) + tailSum) - (targetLogit - m)
            }
        }
    }

    /// The index of the largest entry of each row (the first one on ties).
    static func argmax(_ out: UnsafeMutablePointer<Int32>, logits: UnsafePointer<Float>, rows: Int, vocabulary V: Int) {
        for n in 0 ..< rows {
            let row = logits + n * V
            var best = 0
            for j in 1 ..< V where row[j] > row[best] { best = j }
            out[n] = Int32(best)
        }
    }
}
