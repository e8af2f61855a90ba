import Foundation

/// Softmax over the vocabulary fused with the cross-entropy loss: a row is read once for its
/// maximum and once to exponentiate, while it is still in the L1 cache. Rows here are only
/// positions whose target is not ignored (the caller compacts them), so every row has a valid
/// target.
///
/// For the gradient, the row is left as `e = exp(logits - max)` with `rowScale = 1 / sum(e)`:
/// `d loss_n / d logits_n = e rowScale - onehot(target)`. The caller folds `rowScale` and the
/// one-hot term into the (rows x d) results of the products that follow, instead of a third pass
/// over the (rows x V) block.
enum SoftmaxCrossEntropy {
    /// losses[n] = -log softmax(logits[n])[targets[n]] for each of `rows` rows of `vocabulary`.
    /// When `rowScales` is given, logits[n] is overwritten by exp(logits[n] - max) and
    /// rowScales[n] = 1 / sum of that row.
    static func forward(
        losses: UnsafeMutablePointer<Float>, logits: UnsafeMutablePointer<Float>,
        targets: UnsafePointer<Int32>, rows: Int, vocabulary V: Int, rowScales: UnsafeMutablePointer<Float>?
    ) {
        for n in 0 ..< rows {
            let row = logits + n * V
            let targetLogit = row[Int(targets[n])]
            var maxV = Vec(repeating: -.greatestFiniteMagnitude)
            var tailMax = -Float.greatestFiniteMagnitude
            var j = 0
            while j + vecWidth <= V { maxV = lanewiseMax(maxV, load(row + j)); j += vecWidth }
            while j < V { tailMax = max(tailMax, row[j]); j += 1 }
            let m = max(horizontalMax(maxV), tailMax)
            var sumV = Vec(), tailSum: Float = 0
            j = 0
            if let rowScales {
                while j + vecWidth <= V {
                    let e = vexpNonPositive(load(row + j) - m)
                    store(e, row + j)
                    sumV += e
                    j += vecWidth
                }
                while j < V { let e = sexpNonPositive(row[j] - m); row[j] = e; tailSum += e; j += 1 }
                let sum = horizontalSum(sumV) + tailSum
                rowScales[n] = 1 / sum
                losses[n] = log(sum) - (targetLogit - m)
            } else {
                while j + vecWidth <= V { sumV += vexpNonPositive(load(row + j) - m); j += vecWidth }
                while j < V { tailSum += sexpNonPositive(row[j] - m); j += 1 }
                losses[n] = log(horizontalSum(sumV) + tailSum) - (targetLogit - m)
            }
        }
    }

    /// The maximum and the log of the sum of exponentials of one row, as `forward` computes them, so
    /// that `loss(row, target:)` is the cross-entropy `forward` gives for that target.
    struct LogNormalizer {
        let maximum: Float
        let logSum: Float

        func loss(_ row: UnsafePointer<Float>, target: Int) -> Float { logSum - (row[target] - maximum) }
    }

    static func logNormalizer(_ row: UnsafePointer<Float>, vocabulary V: Int) -> LogNormalizer {
        var maxV = Vec(repeating: -.greatestFiniteMagnitude)
        var tailMax = -Float.greatestFiniteMagnitude
        var j = 0
        while j + vecWidth <= V { maxV = lanewiseMax(maxV, load(row + j)); j += vecWidth }
        while j < V { tailMax = max(tailMax, row[j]); j += 1 }
        let m = max(horizontalMax(maxV), tailMax)
        var sumV = Vec(), tailSum: Float = 0
        j = 0
        while j + vecWidth <= V { sumV += vexpNonPositive(load(row + j) - m); j += vecWidth }
        while j < V { tailSum += sexpNonPositive(row[j] - m); j += 1 }
        return LogNormalizer(maximum: m, logSum: log(horizontalSum(sumV) + tailSum))
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
