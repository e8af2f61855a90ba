import LinearAlgebra

extension Transformer {
    /// The mean cross-entropy over positions whose target is >= 0 (targets < 0 are ignored);
    /// 0 when every target is ignored. tokens, targets: batch x length, row-major.
    public func forward(tokens: UnsafeBufferPointer<Int32>, targets: UnsafeBufferPointer<Int32>, batch: Int, length: Int) -> Float {
        checkInputs(tokens: tokens, targets: targets, batch: batch, length: length)
        stageLoRA()
        runBlocks(tokens: tokens, batch: batch, length: length, saveForBackward: false)
        let (sum, count) = runHead(targets: targets, rows: batch * length, mode: nil)
        return count == 0 ? 0 : Float(sum / Double(count))
    }

    /// `forward`, then the gradient of the returned mean loss: of the LoRA factors into
    /// `loraGradients` (`.lora`, which needs attached adapters) or of every base parameter into
    /// the flat gradient buffer (`.allWeights`). Gradients are overwritten, not accumulated.
    public func forwardBackward(
        tokens: UnsafeBufferPointer<Int32>, targets: UnsafeBufferPointer<Int32>, batch: Int, length: Int, mode: GradientMode
    ) -> Float {
        checkInputs(tokens: tokens, targets: targets, batch: batch, length: length)
        if case .lora = mode { precondition(lora != nil, "forwardBackward(.lora): no LoRA adapters are attached") }
        stageLoRA()
        runBlocks(tokens: tokens, batch: batch, length: length, saveForBackward: true)
        let (sum, count) = runHead(targets: targets, rows: batch * length, mode: mode)
        runBackward(tokens: tokens, batch: batch, length: length, headCount: count, mode: mode)
        unstageLoRAGradients()
        return count == 0 ? 0 : Float(sum / Double(count))
    }

    /// Copies the adapters' factors into the packed staging buffers of their groups and forms
    /// each group's merged weight `W + s sum_i B_i A_i`.
    func stageLoRA() {
        checkLoRAShapes()
        guard let loraActs, let lora else { return }
        let d = config.width, block = lora.rank * d
        for group in loraActs.groups {
            for (i, slot) in group.slots.enumerated() {
                loraPairs[slot].a.withUnsafeBufferPointer { (group.a + i * block).update(from: $0.baseAddress!, count: block) }
                loraPairs[slot].b.withUnsafeBufferPointer { (group.b + i * block).update(from: $0.baseAddress!, count: block) }
            }
        }
        func merge(_ group: LoRAGroup?, _ weight: Int) {
            guard let group else { return }
            phase("forward: lora") {
                LoRALinear.merge(merged: group.merged, weight: parameterBuffer + weight, totalOut: group.outputStride, inFeatures: d,
                                 columns: group.columns, a: group.a, b: group.b, rank: lora.rank, outFeatures: d,
                                 scale: Float(lora.scale))
            }
        }
        for l in 0 ..< config.layers {
            merge(loraActs.attentionInputs[l], layout.blocks[l].qkvWeight)
            merge(loraActs.attentionOutput[l], layout.blocks[l].projWeight)
        }
    }

    /// Copies the staged adapter gradients out to `loraGradients`.
    func unstageLoRAGradients() {
        guard let loraActs, let lora else { return }
        let block = lora.rank * config.width
        for group in loraActs.groups {
            for (i, slot) in group.slots.enumerated() {
                loraGradients[slot].a.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: group.da + i * block, count: block) }
                loraGradients[slot].b.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: group.db + i * block, count: block) }
            }
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

    /// Embeddings, every block and the final LayerNorm, into `acts.lnf` (N x d). Adapters act
    /// through their merged weights; `saveForBackward` also keeps their `u = x A^T`.
    func runBlocks(tokens: UnsafeBufferPointer<Int32>, batch B: Int, length T: Int, saveForBackward: Bool) {
        let d = config.width, m = config.mlpWidth, n = B * T
        let params = UnsafePointer(parameterBuffer)
        let wte = params + layout.tokenEmbedding, wpe = params + layout.positionEmbedding
        // embedded[b, t] = wte[token] + wpe[t]
        for row in 0 ..< n {
            let out = acts.embedded + row * d
            out.update(from: wte + Int(tokens[row]) * d, count: d)
            addInPlace(out, wpe + (row % T) * d, d)
        }
        for l in 0 ..< config.layers {
            let w = layout.blocks[l], a = acts.blocks[l]
            let input = UnsafePointer(l == 0 ? acts.embedded : acts.blocks[l - 1].output)
            phase("forward: layernorm") {
                LayerNorm.forward(out: a.ln1, mean: a.ln1Mean, rstd: a.ln1Rstd, inp: input,
                    weight: params + w.ln1Weight, bias: params + w.ln1Bias, rows: n, cols: d)
            }
            let qkvGroup = loraActs?.attentionInputs[l]
            phase("forward: linear") {
                Linear.forward(out: mutableView(a.qkv, n, 3 * d), inp: view(a.ln1, n, d),
                    weight: view(effectiveQKVWeight(l), 3 * d, d), bias: params + w.qkvBias)
            }
            if let group = qkvGroup, saveForBackward {
                phase("forward: lora") { loraProject(group, inp: view(a.ln1, n, d)) }
            }
            phase("forward: attention") {
                Attention.forward(out: a.attention, probs: a.probs, qkv: a.qkv, batch: B, length: T, heads: config.heads, width: d)
            }
            // residual = input + attention W_o^T + b_o (+ LoRA o)
            let oGroup = loraActs?.attentionOutput[l]
            phase("forward: linear") {
                Linear.forward(out: mutableView(a.residual, n, d), inp: view(a.attention, n, d),
                    weight: view(effectiveProjectionWeight(l), d, d), bias: params + w.projBias)
            }
            if let group = oGroup, saveForBackward {
                phase("forward: lora") { loraProject(group, inp: view(a.attention, n, d)) }
            }
            phase("forward: residual") { addInPlace(a.residual, input, n * d) }
            phase("forward: layernorm") {
                LayerNorm.forward(out: a.ln2, mean: a.ln2Mean, rstd: a.ln2Rstd, inp: a.residual,
                    weight: params + w.ln2Weight, bias: params + w.ln2Bias, rows: n, cols: d)
            }
            phase("forward: linear") {
                Linear.forward(out: mutableView(a.fc, n, m), inp: view(a.ln2, n, d),
                    weight: view(params + w.fcWeight, m, d), bias: params + w.fcBias)
            }
            phase("forward: gelu") { GELU.forward(out: a.gelu, gate: a.gate, inp: a.fc, count: n * m) }
            phase("forward: linear") {
                Linear.forward(out: mutableView(a.output, n, d), inp: view(a.gelu, n, m),
                    weight: view(params + w.mlpProjWeight, d, m), bias: params + w.mlpProjBias)
            }
            phase("forward: residual") { addInPlace(a.output, a.residual, n * d) }
        }
        phase("forward: layernorm") {
            LayerNorm.forward(out: acts.lnf, mean: acts.lnfMean, rstd: acts.lnfRstd, inp: acts.blocks[config.layers - 1].output,
                weight: params + layout.finalNormWeight, bias: params + layout.finalNormBias, rows: n, cols: d)
        }
    }

    /// Block l's fused q, k, v weight as the passes use it: merged with its adapters, if any.
    @inline(__always) func effectiveQKVWeight(_ l: Int) -> UnsafePointer<Float> {
        UnsafePointer(loraActs?.attentionInputs[l]?.merged ?? parameterBuffer + layout.blocks[l].qkvWeight)
    }

    /// Block l's attention output weight as the passes use it: merged with its adapter, if any.
    @inline(__always) func effectiveProjectionWeight(_ l: Int) -> UnsafePointer<Float> {
        UnsafePointer(loraActs?.attentionOutput[l]?.merged ?? parameterBuffer + layout.blocks[l].projWeight)
    }

    @inline(__always) func loraProject(_ group: LoRAGroup, inp: MatrixView<Float>) {
        LoRALinear.project(u: group.u, inp: inp, a: group.a, count: group.count, rank: lora!.rank)
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
    /// fused softmax/cross-entropy into `acts.headLosses`. With a gradient scale g (the loss is
    /// g sum_n loss_n), also dHeadHidden = dlogits wte and, when `accumulateEmbedding`,
    /// d wte += dlogits^T hidden, where dlogits_n = g (e_n s_n - onehot_n) is never formed:
    /// dHeadHidden_n = g s_n (e_n wte) - g wte[target_n], and
    /// d wte += e^T (g s_n hidden_n) - g sum_n onehot_n^T hidden_n.
    func headPass(hidden: UnsafePointer<Float>, count: Int, gradientScale: Float?, accumulateEmbedding: Bool) {
        let d = config.width, V = config.vocabularySize
        let wtePointer = UnsafePointer(parameterBuffer + layout.tokenEmbedding)
        let wte = view(wtePointer, V, d)
        let dwte = gradientBuffer + layout.tokenEmbedding
        var start = 0
        while start < count {
            let rows = min(Activations.headChunkRows, count - start)
            let h = hidden + start * d
            let targets = acts.headTargets + start
            phase("head: logits") { gemm(mutableView(acts.logits, rows, V), view(h, rows, d), wte, transposeB: true) }
            phase("head: softmax") {
                SoftmaxCrossEntropy.forward(losses: acts.headLosses + start, logits: acts.logits, targets: targets,
                    rows: rows, vocabulary: V, rowScales: gradientScale == nil ? nil : acts.headScales)
            }
            if let g = gradientScale {
                let dh = acts.dHeadHidden + start * d
                phase("head: backward products") { gemm(mutableView(dh, rows, d), view(acts.logits, rows, V), wte) }
                for n in 0 ..< rows {
                    scaleAndSubtract(dh + n * d, scale: g * acts.headScales[n], minus: wtePointer + Int(targets[n]) * d, times: g, d)
                }
                if accumulateEmbedding {
                    for n in 0 ..< rows { scaledCopy(acts.headScaled + n * d, h + n * d, scale: g * acts.headScales[n], d) }
                    gemm(mutableView(dwte, V, d), view(acts.logits, rows, V), transposeA: true, view(acts.headScaled, rows, d), beta: 1)
                    for n in 0 ..< rows {
                        scaleAndSubtract(dwte + Int(targets[n]) * d, scale: 1, minus: h + n * d, times: g, d)
                    }
                }
            }
            start += rows
        }
    }
}
