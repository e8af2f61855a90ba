import LinearAlgebra

extension Transformer {
    /// Backward through the final LayerNorm, every block and (for `.allWeights`) the embeddings,
    /// from `acts.dHeadHidden` left by `runHead`, over the pass's packed layout (`acts.pass`).
    ///
    /// `.lora` computes only what the adapter gradients need: activation gradients down to the
    /// first block's q, k, v outputs, and the adapters' A and B gradients; no base-weight or
    /// embedding gradient, and nothing below the first block's attention.
    /// `.allWeights` accumulates into the base gradient buffer that `runHead` zeroed.
    /// In the last block everything after the attention runs on the R used rows only, as forward.
    func runBackward(headCount: Int, mode: GradientMode) {
        let d = config.width, m = config.mlpWidth, T = config.contextLength, heads = config.heads
        let plan = acts.pass
        let n = plan.rows, r = plan.lastRows
        let params = UnsafePointer(parameterBuffer)
        let full: Bool = if case .allWeights = mode { true } else { false }
        let g = gradientBuffer
        // Gradient slots of the base weights: present only when pretraining.
        func gw(_ offset: Int, _ rows: Int, _ cols: Int) -> MutableMatrixView<Float>? { full ? mutableView(g + offset, rows, cols) : nil }
        func gv(_ offset: Int) -> UnsafeMutablePointer<Float>? { full ? g + offset : nil }

        if headCount == 0 {
            if let lora, let loraActs {
                let block = lora.rank * d
                for group in loraActs.groups {
                    setZero(group.da, group.count * block)
                    setZero(group.db, group.count * block)
                }
            }
            return
        }
        // d lnf (R x d): the head's rows, scattered back when some last-block rows are not scored.
        let dlnf: UnsafePointer<Float>
        if headCount == r {
            dlnf = UnsafePointer(acts.dHeadHidden)
        } else {
            setZero(acts.dHidden, r * d)
            for i in 0 ..< headCount {
                (acts.dHidden + Int(acts.headSource[i]) * d).update(from: acts.dHeadHidden + i * d, count: d)
            }
            dlnf = UnsafePointer(acts.dHidden)
        }
        // dTop (R x d): gradient w.r.t. the last block's output rows, then its residual rows.
        let dTop = acts.dLast, dres = acts.dResidual, dh = acts.dHidden
        setZero(dTop, r * d)
        let lastBlock = acts.blocks[config.layers - 1]
        phase("backward: layernorm") {
            LayerNorm.backward(dinp: dTop, dweight: gv(layout.finalNormWeight), dbias: gv(layout.finalNormBias), dout: dlnf,
                inp: lastBlock.output, weight: params + layout.finalNormWeight, mean: acts.lnfMean, rstd: acts.lnfRstd,
                rows: r, cols: d)
        }
        for l in stride(from: config.layers - 1, through: 0, by: -1) {
            let w = layout.blocks[l], a = acts.blocks[l]
            let last = l == config.layers - 1
            let rowsOut = last ? r : n
            // Gradient w.r.t. this block's output rows (rowsOut x d); it becomes the residual's.
            let dOut = last ? dTop : dres
            let input = UnsafePointer(l == 0 ? acts.embedded : acts.blocks[l - 1].output)
            // MLP branch: output = residual + gelu(ln2 W_fc^T + b_fc) W_p^T + b_p.
            phase("backward: linear") {
                Linear.backward(dinp: mutableView(acts.dMLP, rowsOut, m), accumulate: false,
                    dweight: gw(w.mlpProjWeight, d, m), dbias: gv(w.mlpProjBias),
                    dout: view(dOut, rowsOut, d), inp: view(a.gelu, rowsOut, m), weight: view(params + w.mlpProjWeight, d, m))
            }
            phase("backward: gelu") { GELU.backward(dinp: acts.dMLP, dout: acts.dMLP, inp: a.fc, gate: a.gate, count: rowsOut * m) }
            phase("backward: linear") {
                Linear.backward(dinp: mutableView(dh, rowsOut, d), accumulate: false,
                    dweight: gw(w.fcWeight, m, d), dbias: gv(w.fcBias),
                    dout: view(acts.dMLP, rowsOut, m), inp: view(a.ln2, rowsOut, d), weight: view(params + w.fcWeight, m, d))
            }
            phase("backward: layernorm") {
                LayerNorm.backward(dinp: dOut, dweight: gv(w.ln2Weight), dbias: gv(w.ln2Bias), dout: dh, inp: a.residual,
                    weight: params + w.ln2Weight, mean: a.ln2Mean, rstd: a.ln2Rstd, rows: rowsOut, cols: d)
            }
            // Attention branch: residual = input + attention W_o^T + b_o (+ s u_o B_o^T).
            phase("backward: linear") {
                Linear.backward(dinp: mutableView(dh, rowsOut, d), accumulate: false,
                    dweight: gw(w.projWeight, d, d), dbias: gv(w.projBias),
                    dout: view(dOut, rowsOut, d), inp: view(a.attention, rowsOut, d),
                    weight: view(effectiveProjectionWeight(l), d, d))
            }
            if let group = loraActs?.attentionOutput[l] {
                phase("backward: lora") {
                    loraBackward(group, dout: dOut, inp: view(a.attention, rowsOut, d))
                }
            }
            phase("backward: attention") {
                for s in 0 ..< plan.count {
                    let start = plan.rowStart[s], length = plan.length[s]
                    let queries = last ? plan.queryStart[s] ..< length : 0 ..< length
                    let dy = dh + (last ? plan.lastStart[s] : start) * d
                    Attention.backward(dqkv: acts.dQKV + start * 3 * d, scratch: acts.dScores, dout: dy,
                        qkv: a.qkv + start * 3 * d, probs: a.probs + s * heads * T * T,
                        length: length, queries: queries, heads: heads, width: d, contextLength: T)
                }
            }
            // qkv = ln1 W_qkv^T + b_qkv (+ s u_p B_p^T on each of the q, k, v column blocks).
            let needInputGradient = full || l > 0
            if needInputGradient {
                phase("backward: linear") {
                    Linear.backward(dinp: mutableView(dh, n, d), accumulate: false,
                        dweight: gw(w.qkvWeight, 3 * d, d), dbias: gv(w.qkvBias),
                        dout: view(acts.dQKV, n, 3 * d), inp: view(a.ln1, n, d),
                        weight: view(effectiveQKVWeight(l), 3 * d, d))
                }
            }
            if let group = loraActs?.attentionInputs[l] {
                phase("backward: lora") {
                    loraBackward(group, dout: acts.dQKV, inp: view(a.ln1, n, d))
                }
            }
            if needInputGradient {
                if last {
                    // The residual's gradient reaches the input only on the used rows.
                    setZero(dres, n * d)
                    for s in 0 ..< plan.count {
                        let used = plan.length[s] - plan.queryStart[s]
                        (dres + (plan.rowStart[s] + plan.queryStart[s]) * d).update(from: dTop + plan.lastStart[s] * d, count: used * d)
                    }
                }
                phase("backward: layernorm") {
                    LayerNorm.backward(dinp: dres, dweight: gv(w.ln1Weight), dbias: gv(w.ln1Bias), dout: dh, inp: input,
                        weight: params + w.ln1Weight, mean: a.ln1Mean, rstd: a.ln1Rstd, rows: n, cols: d)
                }
            }
        }
        if full {
            // embedded[row] = wte[token] + wpe[position]
            let dwte = g + layout.tokenEmbedding, dwpe = g + layout.positionEmbedding
            for row in 0 ..< n {
                let dx = UnsafePointer(dres + row * d)
                addInPlace(dwte + Int(plan.tokens[row]) * d, dx, d)
                addInPlace(dwpe + Int(plan.positions[row]) * d, dx, d)
            }
        }
    }

    /// One group's backward: its A and B gradients (overwritten, in the staging buffers). Its
    /// share of the input gradient came with the merged weight.
    private func loraBackward(_ group: LoRAGroup, dout: UnsafePointer<Float>, inp: MatrixView<Float>) {
        LoRALinear.backward(da: group.da, db: group.db, w: loraActs!.scratch, dout: dout, doutStride: group.outputStride,
                            columns: group.columns, inp: inp, u: group.u, b: group.b, rank: lora!.rank,
                            outFeatures: config.width, scale: Float(lora!.scale))
    }
}
