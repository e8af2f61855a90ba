/// LayerNorm over the last dimension: `y = (x - mean) / sqrt(var + eps) * w + b`, `eps = 1e-5`,
/// with the biased variance (as GPT-2). Rows are contiguous with stride `cols`.
enum LayerNorm {
    static let epsilon: Float = 1e-5

    /// out: rows x cols; mean, rstd: rows (saved for backward); inp: rows x cols; weight, bias: cols.
    static func forward(
        out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>,
        inp: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        rows: Int, cols: Int
    ) {
        let inverseCols = 1 / Float(cols)
        for n in 0 ..< rows {
            let x = inp + n * cols
            let y = out + n * cols
            var sum = Vec(), tailSum: Float = 0
            var i = 0
            while i + vecWidth <= cols { sum += load(x + i); i += vecWidth }
            while i < cols { tailSum += x[i]; i += 1 }
            let m = (horizontalSum(sum) + tailSum) * inverseCols
            var squares = Vec(), tailSquares: Float = 0
            i = 0
            while i + vecWidth <= cols { let c = load(x + i) - m; squares += c * c; i += vecWidth }
            while i < cols { let c = x[i] - m; tailSquares += c * c; i += 1 }
            let variance = (horizontalSum(squares) + tailSquares) * inverseCols
            let s = 1 / (variance + epsilon).squareRoot()
            i = 0
            while i + vecWidth <= cols {
                store((load(x + i) - m) * s * load(weight + i) + load(bias + i), y + i)
                i += vecWidth
            }
            while i < cols { y[i] = (x[i] - m) * s * weight[i] + bias[i]; i += 1 }
            mean[n] = m
            rstd[n] = s
        }
    }

    /// dinp += d loss / d inp (rows x cols). dweight, dbias (cols) are accumulated when given
    /// (pretraining); nil when the LayerNorm is frozen. dout: rows x cols; inp as in forward.
    static func backward(
        dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>?, dbias: UnsafeMutablePointer<Float>?,
        dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>, rows: Int, cols: Int
    ) {
        let inverseCols = 1 / Float(cols)
        for n in 0 ..< rows {
            let x = inp + n * cols, dy = dout + n * cols, dx = dinp + n * cols
            let m = mean[n], s = rstd[n]
            // dnorm = dy * w; dx = s * (dnorm - mean(dnorm) - norm * mean(dnorm * norm)).
            var sumD = Vec(), sumDN = Vec(), tailD: Float = 0, tailDN: Float = 0
            var i = 0
            while i + vecWidth <= cols {
                let norm = (load(x + i) - m) * s
                let dnorm = load(dy + i) * load(weight + i)
                sumD += dnorm
                sumDN += dnorm * norm
                i += vecWidth
            }
            while i < cols {
                let norm = (x[i] - m) * s, dnorm = dy[i] * weight[i]
                tailD += dnorm; tailDN += dnorm * norm
                i += 1
            }
            let meanD = (horizontalSum(sumD) + tailD) * inverseCols
            let meanDN = (horizontalSum(sumDN) + tailDN) * inverseCols
            i = 0
            while i + vecWidth <= cols {
                let norm = (load(x + i) - m) * s
                let g = load(dy + i)
                let dnorm = g * load(weight + i)
                store(load(dx + i) + s * (dnorm - meanD - norm * meanDN), dx + i)
                if let dweight { store(load(dweight + i) + g * norm, dweight + i) }
                if let dbias { store(load(dbias + i) + g, dbias + i) }
                i += vecWidth
            }
            while i < cols {
                let norm = (x[i] - m) * s, g = dy[i], dnorm = g * weight[i]
                dx[i] += s * (dnorm - meanD - norm * meanDN)
                if let dweight { dweight[i] += g * norm }
                if let dbias { dbias[i] += g }
                i += 1
            }
        }
    }
}
