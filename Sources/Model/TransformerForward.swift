import Foundation
import LinearAlgebra

extension Transformer {
    /// The mean cross-entropy over positions whose target is >= 0 (targets < 0 are ignored);
    /// 0 when every target is ignored. tokens, targets: batch x length, row-major.
    public func forward(tokens: UnsafeBufferPointer<Int32>, targets: UnsafeBufferPointer<Int32>, batch: Int, length: Int) -> Float {
        checkInputs(tokens: tokens, targets: targets, batch: batch, length: length)
        stageLoRA()
        planScoredPass(targets: targets, batch: batch, length: length)
        runBlocks(tokens: tokens, saveForBackward: false, cache: nil)
        let (sum, count) = runHead(targets: targets, mode: nil)
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
        planScoredPass(targets: targets, batch: batch, length: length)
        runBlocks(tokens: tokens, saveForBackward: true, cache: nil)
        let (sum, count) = runHead(targets: targets, mode: mode)
        runBackward(headCount: count, mode: mode)
        unstageLoRAGradients()
        return count == 0 ? 0 : Float(sum / Double(count))
    }

    /// Lays out a pass over a padded batch by its targets: sequence b keeps its positions up to its
    /// last scored one (later positions cannot change the loss), and the last block computes its
    /// output from its first scored position on. A sequence with no scored position is left out.
    func planScoredPass(targets: UnsafeBufferPointer<Int32>, batch: Int, length: Int) {
        let plan = acts.pass
        plan.reset()
        for b in 0 ..< batch {
            let row = b * length
            var firstScored = -1, lastScored = -1
            for t in 0 ..< length where targets[row + t] >= 0 {
                if firstScored < 0 { firstScored = t }
                lastScored = t
            }
            if lastScored < 0 { continue }
            plan.append(source: row, length: lastScored + 1, past: 0, queryStart: firstScored, slot: 0, origin: row)
        }
    }

    /// Copies the adapters' factors into the packed staging buffers of their groups and forms
    /// each group's merged weight `W + s sum_i B_i A_i`. When neither the factors nor the base
    /// weights changed since the last merge (consecutive inference passes), the merge is kept.
    func stageLoRA() {
        checkLoRAShapes()
        guard let loraActs, let lora else { return }
        let d = config.width, block = lora.rank * d
        var unchanged = mergedWeightsAreCurrent
        for group in loraActs.groups {
            for (i, slot) in group.slots.enumerated() {
                loraPairs[slot].a.withUnsafeBufferPointer { unchanged = stage($0, into: group.a + i * block, count: block) && unchanged }
                loraPairs[slot].b.withUnsafeBufferPointer { unchanged = stage($0, into: group.b + i * block, count: block) && unchanged }
            }
        }
        mergedWeightsAreCurrent = true
        if unchanged { return }
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

    /// Copies `count` floats into a staging buffer; true when they were already there, bit for bit.
    private func stage(_ source: UnsafeBufferPointer<Float>, into staged: UnsafeMutablePointer<Float>, count: Int) -> Bool {
        let src = source.baseAddress!
        if memcmp(src, staged, count * MemoryLayout<Float>.stride) == 0 { return true }
        staged.update(from: src, count: count)
        return false
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

    /// Embeddings, every block and the final LayerNorm of the planned pass (`acts.pass`), into
    /// `acts.lnf` (R x d: the last block's output rows). Adapters act through their merged
    /// weights; `saveForBackward` also keeps their `u = x A^T`. With a cache, each block first
    /// stores the keys and values of the pass's rows in their segments' slots and then attends over
    /// the slot, earlier positions included.
    func runBlocks(tokens: UnsafeBufferPointer<Int32>, saveForBackward: Bool, cache: KeyValueCache?) {
        let d = config.width, m = config.mlpWidth, T = config.contextLength, heads = config.heads
        let plan = acts.pass
        plan.gatherTokens(tokens)
        let n = plan.rows, r = plan.lastRows
        let params = UnsafePointer(parameterBuffer)
        let wte = params + layout.tokenEmbedding, wpe = params + layout.positionEmbedding
        // embedded[row] = wte[token] + wpe[position]
        for row in 0 ..< n {
            addInto(acts.embedded + row * d, wte + Int(plan.tokens[row]) * d, wpe + Int(plan.positions[row]) * d, d)
        }
        for l in 0 ..< config.layers {
            let w = layout.blocks[l], a = acts.blocks[l]
            let last = l == config.layers - 1
            // Rows after the attention: all of the pass's rows, or in the last block the used ones.
            let rowsOut = last ? r : n
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
            if let cache { storeKeysAndValues(cache, layer: l, qkv: a.qkv) }
            phase("forward: attention") {
                for s in 0 ..< plan.count {
                    let start = plan.rowStart[s], length = plan.length[s]
                    let q = UnsafePointer(a.qkv + start * 3 * d)
                    let queries = last ? plan.queryStart[s] ..< length : 0 ..< length
                    let out = a.attention + (last ? plan.lastStart[s] : start) * d
                    if let cache {
                        let kv = UnsafePointer(cache.base(layer: l, slot: plan.slot[s]))
                        Attention.forward(out: out, probs: a.probs + s * heads * T * T, q: q, qStride: 3 * d, k: kv, v: kv + d,
                                          kvStride: 2 * d, past: plan.past[s], queries: queries, heads: heads, width: d, contextLength: T)
                    } else {
                        precondition(plan.past[s] == 0, "runBlocks: a segment with earlier positions needs a cache")
                        Attention.forward(out: out, probs: a.probs + s * heads * T * T, q: q, qStride: 3 * d, k: q + d, v: q + 2 * d,
                                          kvStride: 3 * d, past: 0, queries: queries, heads: heads, width: d, contextLength: T)
                    }
                }
            }
            // residual = input + attention W_o^T + b_o (+ LoRA o), on rowsOut rows
            let oGroup = loraActs?.attentionOutput[l]
            phase("forward: linear") {
                Linear.forward(out: mutableView(a.residual, rowsOut, d), inp: view(a.attention, rowsOut, d),
                    weight: view(effectiveProjectionWeight(l), d, d), bias: params + w.projBias)
            }
            if let group = oGroup, saveForBackward {
                phase("forward: lora") { loraProject(group, inp: view(a.attention, rowsOut, d)) }
            }
            phase("forward: residual") {
                if last {
                    for s in 0 ..< plan.count {
                        let used = plan.length[s] - plan.queryStart[s]
                        addInPlace(a.residual + plan.lastStart[s] * d, input + (plan.rowStart[s] + plan.queryStart[s]) * d, used * d)
                    }
                } else {
                    addInPlace(a.residual, input, n * d)
                }
            }
            phase("forward: layernorm") {
                LayerNorm.forward(out: a.ln2, mean: a.ln2Mean, rstd: a.ln2Rstd, inp: a.residual,
                    weight: params + w.ln2Weight, bias: params + w.ln2Bias, rows: rowsOut, cols: d)
            }
            phase("forward: linear") {
                Linear.forward(out: mutableView(a.fc, rowsOut, m), inp: view(a.ln2, rowsOut, d),
                    weight: view(params + w.fcWeight, m, d), bias: params + w.fcBias)
            }
            phase("forward: gelu") { GELU.forward(out: a.gelu, gate: a.gate, inp: a.fc, count: rowsOut * m) }
            phase("forward: linear") {
                Linear.forward(out: mutableView(a.output, rowsOut, d), inp: view(a.gelu, rowsOut, m),
                    weight: view(params + w.mlpProjWeight, d, m), bias: params + w.mlpProjBias)
            }
            phase("forward: residual") { addInPlace(a.output, a.residual, rowsOut * d) }
        }
        phase("forward: layernorm") {
            LayerNorm.forward(out: acts.lnf, mean: acts.lnfMean, rstd: acts.lnfRstd, inp: acts.blocks[config.layers - 1].output,
                weight: params + layout.finalNormWeight, bias: params + layout.finalNormBias, rows: r, cols: d)
        }
    }

    /// Stores the keys and values of the pass's rows (columns d ..< 3d of qkv) in their segments'
    /// cache slots, at their positions.
    private func storeKeysAndValues(_ cache: KeyValueCache, layer l: Int, qkv: UnsafePointer<Float>) {
        let d = config.width, plan = acts.pass
        for s in 0 ..< plan.count {
            precondition(plan.past[s] + plan.length[s] <= cache.rowsPerSlot, "runBlocks: segment \(s) overflows its cache slot")
            let slot = cache.base(layer: l, slot: plan.slot[s]) + plan.past[s] * 2 * d
            for i in 0 ..< plan.length[s] {
                (slot + i * 2 * d).update(from: qkv + (plan.rowStart[s] + i) * 3 * d + d, count: 2 * d)
            }
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

    /// The language-model head over the last block's rows whose target is >= 0, compacted: per-row
    /// losses into `acts.headLosses` (row order of `acts.headRows`), and when `mode` is given the
    /// gradient of the mean loss w.r.t. those rows of `lnf` into `acts.dHeadHidden` (and, for
    /// `.allWeights`, the head's share of the token-embedding gradient, after zeroing every
    /// base gradient). Returns the summed loss and the number of rows.
    func runHead(targets: UnsafeBufferPointer<Int32>, mode: GradientMode?) -> (sum: Double, count: Int) {
        let rows = acts.pass.lastRows
        let count = compactHeadRows(targets: targets, rows: rows)
        if case .allWeights = mode { setZero(gradientBuffer, layout.count) }
        guard count > 0 else { return (0, 0) }
        let hidden = count == rows ? UnsafePointer(acts.lnf) : UnsafePointer(acts.headHidden)
        let gradientScale: Float? = mode == nil ? nil : 1 / Float(count)
        headPass(hidden: hidden, count: count, gradientScale: gradientScale, accumulateEmbedding: { if case .allWeights = mode { true } else { false } }())
        var sum = 0.0
        for i in 0 ..< count { sum += Double(acts.headLosses[i]) }
        return (sum, count)
    }

    /// Fills `acts.headRows`/`headSource`/`headTargets` with the last block's rows whose target is
    /// >= 0 and, unless that is every row, gathers their `lnf` rows into `acts.headHidden`.
    func compactHeadRows(targets: UnsafeBufferPointer<Int32>, rows: Int) -> Int {
        let d = config.width, plan = acts.pass
        var count = 0
        for row in 0 ..< rows {
            let origin = Int(plan.lastOrigin[row])
            guard targets[origin] >= 0 else { continue }
            acts.headRows[count] = Int32(origin)
            acts.headSource[count] = Int32(row)
            acts.headTargets[count] = targets[origin]
            count += 1
        }
        if count != rows {
            for i in 0 ..< count { (acts.headHidden + i * d).update(from: acts.lnf + Int(acts.headSource[i]) * d, count: d) }
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
