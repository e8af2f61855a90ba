import LinearAlgebra

extension Transformer {
    /// The mean cross-entropy over positions whose target is >= 0 (targets < 0 are ignored);
    /// 0 when every target is ignored. tokens, targets: batch x length, row-major.
    public func forward(tokens: UnsafeBufferPointer<Int32>, targets: UnsafeBufferPointer<Int32>, batch: Int, length: Int) -> Float {
        checkInputs(tokens: tokens, targets: targets, batch: batch, length: length)
        return withLoRABuffers { pairs, _ in
            runBlocks(tokens: tokens, batch: batch, length: length, pairs: pairs)
            let (sum, count) = runHead(targets: targets, rows: batch * length, mode: nil)
            return count == 0 ? 0 : Float(sum / Double(count))
        }
    }

    /// `forward`, then the gradient of the returned mean loss: of the LoRA factors into
    /// `loraGradients` (`.lora`, which needs attached adapters) or of every base parameter into
    /// the flat gradient buffer (`.allWeights`). Gradients are overwritten, not accumulated.
    public func forwardBackward(
        tokens: UnsafeBufferPointer<Int32>, targets: UnsafeBufferPointer<Int32>, batch: Int, length: Int, mode: GradientMode
    ) -> Float {
        checkInputs(tokens: tokens, targets: targets, batch: batch, length: length)
        if case .lora = mode { precondition(lora != nil, "forwardBackward(.lora): no LoRA adapters are attached") }
        return withLoRABuffers { pairs, grads in
            runBlocks(tokens: tokens, batch: batch, length: length, pairs: pairs)
            let (sum, count) = runHead(targets: targets, rows: batch * length, mode: mode)
            runBackward(tokens: tokens, batch: batch, length: length, headCount: count, mode: mode, pairs: pairs, grads: grads)
            return count == 0 ? 0 : Float(sum / Double(count))
        }
    }

    /// Scoped access to the adapters and their gradients for one pass.
    func withLoRABuffers<R>(
        _ body: (UnsafeBufferPointer<LoRAPair<Float>>, UnsafeMutableBufferPointer<LoRAPair<Float>>) -> R
    ) -> R {
        checkLoRAShapes()
        return loraPairs.withUnsafeBufferPointer { pairs in
            loraGradients.withUnsafeMutableBufferPointer { grads in body(pairs, grads) }
        }
    }

    func checkInputs(tokens: UnsafeBufferPointer<Int32>, targets: UnsafeBufferPointer<Int32>?, batch: Int, length: Int) {
        precondition(batch >= 1 && batch <= maxBatch, "Transformer: batch \(batch) outside 1 ... \(maxBatch) (maxBatch)")
        precondition(length >= 1 && length <= config.contextLength,
                     "Transformer: length \(length) outside 1 ... \(config.contextLength) (contextLength)")
        let n = batch * length
        precondition(tokens.count >= n, "Transformer: \(tokens.count) tokens for batch \(batch) x length \(length)")
        let vocabulary = Int32(config.vocabularySize)
        for i in 0 ..< n {
            precondition(tokens[i] >= 0 && tokens[i] < vocabulary, "Transformer: token \(tokens[i]) at \(i) outside 0 ..< \(vocabulary)")
        }
        if let targets {
            precondition(targets.count >= n, "Transformer: \(targets.count) targets for batch \(batch) x length \(length)")
            for i in 0 ..< n {
                precondition(targets[i] < vocabulary, "Transformer: target \(targets[i]) at \(i) is not below the vocabulary size \(vocabulary)")
            }
        }
    }

    /// Embeddings, every block and the final LayerNorm, into `acts.lnf` (N x d).
    func runBlocks(tokens: UnsafeBufferPointer<Int32>, batch B: Int, length T: Int, pairs: UnsafeBufferPointer<LoRAPair<Float>>) {
        let d = config.width, m = config.mlpWidth, n = B * T
        let params = UnsafePointer(parameterBuffer)
        let wte = params + layout.tokenEmbedding, wpe = params + layout.positionEmbedding
        // embedded[b, t] = wte[token] + wpe[t]
        for row in 0 ..< n {
            let out = acts.embedded + row * d
            out.update(from: wte + Int(tokens[row]) * d, count: d)
            addInPlace(out, wpe + (row % T) * d, d)
        }
        let scale = Float(lora?.scale ?? 0)
        for l in 0 ..< config.layers {
            let w = layout.blocks[l], a = acts.blocks[l]
            let input = UnsafePointer(l == 0 ? acts.embedded : acts.blocks[l - 1].output)
            LayerNorm.forward(out: a.ln1, mean: a.ln1Mean, rstd: a.ln1Rstd, inp: input,
                              weight: params + w.ln1Weight, bias: params + w.ln1Bias, rows: n, cols: d)
            Linear.forward(out: mutableView(a.qkv, n, 3 * d), inp: view(a.ln1, n, d),
                           weight: view(params + w.qkvWeight, 3 * d, d), bias: params + w.qkvBias)
            for projection in LoRAProjection.attentionInputs {
                guard let slot = loraSlot(l, projection) else { continue }
                pairs[slot].a.withView { la in
                    pairs[slot].b.withView { lb in
                        LoRALinear.forward(out: mutableView(a.qkv + projection.index * d, n, d, stride: 3 * d),
                                           u: mutableView(loraActs!.u[slot], n, lb.cols),
                                           inp: view(a.ln1, n, d), a: la, b: lb, scale: scale)
                    }
                }
            }
            Attention.forward(out: a.attention, probs: a.probs, qkv: a.qkv, batch: B, length: T, heads: config.heads, width: d)
            // residual = input + attention W_o^T + b_o (+ LoRA o)
            Linear.forward(out: mutableView(a.residual, n, d), inp: view(a.attention, n, d),
                           weight: view(params + w.projWeight, d, d), bias: params + w.projBias)
            if let slot = loraSlot(l, .o) {
                pairs[slot].a.withView { la in
                    pairs[slot].b.withView { lb in
                        LoRALinear.forward(out: mutableView(a.residual, n, d), u: mutableView(loraActs!.u[slot], n, lb.cols),
                                           inp: view(a.attention, n, d), a: la, b: lb, scale: scale)
                    }
                }
            }
            addInPlace(a.residual, input, n * d)
            LayerNorm.forward(out: a.ln2, mean: a.ln2Mean, rstd: a.ln2Rstd, inp: a.residual,
                              weight: params + w.ln2Weight, bias: params + w.ln2Bias, rows: n, cols: d)
            Linear.forward(out: mutableView(a.fc, n, m), inp: view(a.ln2, n, d),
                           weight: view(params + w.fcWeight, m, d), bias: params + w.fcBias)
            GELU.forward(out: a.gelu, inp: a.fc, count: n * m)
            Linear.forward(out: mutableView(a.output, n, d), inp: view(a.gelu, n, m),
                           weight: view(params + w.mlpProjWeight, d, m), bias: params + w.mlpProjBias)
            addInPlace(a.output, a.residual, n * d)
        }
        LayerNorm.forward(out: acts.lnf, mean: acts.lnfMean, rstd: acts.lnfRstd, inp: acts.blocks[config.layers - 1].output,
                          weight: params + layout.finalNormWeight, bias: params + layout.finalNormBias, rows: n, cols: d)
    }

    @inline(__always) func loraSlot(_ layer: Int, _ projection: LoRAProjection) -> Int? {
        lora == nil ? nil : loraSlot[layer][projection.index]
    }

    /// The language-model head over the positions with a target >= 0, compacted: per-row losses
    /// into `acts.headLosses` (row order of `acts.headRows`), and when `mode` is given the
    /// gradient of the mean loss w.r.t. those rows of `lnf` into `acts.dHeadHidden` (and, for
    /// `.allWeights`, the head's share of the token-embedding gradient, after zeroing every
    /// base gradient). Returns the summed loss and the number of rows.
    func runHead(targets: UnsafeBufferPointer<Int32>, rows n: Int, mode: GradientMode?) -> (sum: Double, count: Int) {
        let count = compactHeadRows(targets: targets, rows: n)
        if case .allWeights = mode { setZero(gradientBuffer, layout.count) }
        guard count > 0 else { return (0, 0) }
        let hidden = count == n ? UnsafePointer(acts.lnf) : UnsafePointer(acts.headHidden)
        let gradientScale: Float? = mode == nil ? nil : 1 / Float(count)
        headPass(hidden: hidden, count: count, gradientScale: gradientScale, accumulateEmbedding: { if case .allWeights = mode { true } else { false } }())
        var sum = 0.0
        for i in 0 ..< count { sum += Double(acts.headLosses[i]) }
        return (sum, count)
    }

    /// Fills `acts.headRows`/`headTargets` with the positions whose target is >= 0 and, unless
    /// that is every position, gathers their `lnf` rows into `acts.headHidden`.
    func compactHeadRows(targets: UnsafeBufferPointer<Int32>, rows n: Int) -> Int {
        let d = config.width
        var count = 0
        for row in 0 ..< n where targets[row] >= 0 {
            acts.headRows[count] = Int32(row)
            acts.headTargets[count] = targets[row]
            count += 1
        }
        if count != n {
            for i in 0 ..< count { (acts.headHidden + i * d).update(from: acts.lnf + Int(acts.headRows[i]) * d, count: d) }
        }
        return count
    }

    /// Chunked head over `count` compacted rows of `hidden` (count x d): logits = hidden wte^T,
    /// fused softmax/cross-entropy into `acts.headLosses`; with a gradient scale, also
    /// dHeadHidden = dlogits wte and (when `accumulateEmbedding`) d wte += dlogits^T hidden.
    func headPass(hidden: UnsafePointer<Float>, count: Int, gradientScale: Float?, accumulateEmbedding: Bool) {
        let d = config.width, V = config.vocabularySize
        let wte = view(UnsafePointer(parameterBuffer + layout.tokenEmbedding), V, d)
        var start = 0
        while start < count {
            let rows = min(Activations.headChunkRows, count - start)
            let h = view(hidden + start * d, rows, d)
            gemm(mutableView(acts.logits, rows, V), h, wte, transposeB: true)
            SoftmaxCrossEntropy.forward(losses: acts.headLosses + start, logits: acts.logits, targets: acts.headTargets + start,
                                        rows: rows, vocabulary: V, gradientScale: gradientScale)
            if gradientScale != nil {
                gemm(mutableView(acts.dHeadHidden + start * d, rows, d), view(acts.logits, rows, V), wte)
                if accumulateEmbedding {
                    gemm(mutableView(gradientBuffer + layout.tokenEmbedding, V, d), view(acts.logits, rows, V), transposeA: true,
                              h, beta: 1)
                }
            }
            start += rows
        }
    }
}
