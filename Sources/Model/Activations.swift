/// Owns raw buffers allocated once (zero-filled) and frees them with itself.
final class BufferPool {
    private var floats: [UnsafeMutablePointer<Float>] = []
    private var ints: [UnsafeMutablePointer<Int32>] = []
    private(set) var floatCount = 0

    func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
        let p = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        p.initialize(repeating: 0, count: max(count, 1))
        floats.append(p)
        floatCount += count
        return p
    }

    func int32s(_ count: Int) -> UnsafeMutablePointer<Int32> {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: max(count, 1))
        p.initialize(repeating: 0, count: max(count, 1))
        ints.append(p)
        return p
    }

    deinit {
        for p in floats { p.deallocate() }
        for p in ints { p.deallocate() }
    }
}

/// Saved activations of one block for (maxBatch, contextLength); N = maxBatch * contextLength.
struct BlockActivations {
    let ln1: UnsafeMutablePointer<Float>          // N x d
    let ln1Mean: UnsafeMutablePointer<Float>      // N
    let ln1Rstd: UnsafeMutablePointer<Float>      // N
    let qkv: UnsafeMutablePointer<Float>          // N x 3d
    let probs: UnsafeMutablePointer<Float>        // maxBatch x heads x T x T
    let attention: UnsafeMutablePointer<Float>    // N x d (heads concatenated, before the output projection)
    let residual: UnsafeMutablePointer<Float>     // N x d (block input + attention branch)
    let ln2: UnsafeMutablePointer<Float>          // N x d
    let ln2Mean: UnsafeMutablePointer<Float>      // N
    let ln2Rstd: UnsafeMutablePointer<Float>      // N
    let fc: UnsafeMutablePointer<Float>           // N x m (before GELU)
    let gelu: UnsafeMutablePointer<Float>         // N x m
    let gate: UnsafeMutablePointer<Float>         // N x m: sigmoid(2u) of GELU, saved for backward
    let output: UnsafeMutablePointer<Float>       // N x d (block output = next block's input)
}

/// Every buffer the forward and backward passes touch, allocated once in `Transformer.init`;
/// a pass over (B, T) uses the leading B * T rows. Nothing is allocated while training.
struct Activations {
    /// Rows of the language-model head per chunk: the chunk's logits (rows x V) stay in cache
    /// between the GEMM, the fused softmax/cross-entropy and the backward GEMMs.
    static let headChunkRows = 128

    let rows: Int                                  // N = maxBatch * contextLength
    let embedded: UnsafeMutablePointer<Float>      // N x d
    let blocks: [BlockActivations]
    let lnf: UnsafeMutablePointer<Float>           // N x d
    let lnfMean: UnsafeMutablePointer<Float>       // N
    let lnfRstd: UnsafeMutablePointer<Float>       // N
    // Language-model head over the positions whose target is not ignored (compacted).
    let headRows: UnsafeMutablePointer<Int32>      // N: position index of each compacted row
    let headTargets: UnsafeMutablePointer<Int32>   // N
    let headHidden: UnsafeMutablePointer<Float>    // N x d
    let headLosses: UnsafeMutablePointer<Float>    // N
    let logits: UnsafeMutablePointer<Float>        // headChunkRows x V
    let headScales: UnsafeMutablePointer<Float>    // headChunkRows: 1 / softmax denominator
    let headScaled: UnsafeMutablePointer<Float>    // headChunkRows x d: scaled hidden rows (pretraining)
    let argmax: UnsafeMutablePointer<Int32>        // N
    // Backward scratch, shared by all blocks.
    let dHeadHidden: UnsafeMutablePointer<Float>   // N x d
    let dResidual: UnsafeMutablePointer<Float>     // N x d
    let dHidden: UnsafeMutablePointer<Float>       // N x d
    let dQKV: UnsafeMutablePointer<Float>          // N x 3d
    let dMLP: UnsafeMutablePointer<Float>          // N x m
    let dScores: UnsafeMutablePointer<Float>       // queryTile x T

    init(config c: ModelConfig, maxBatch: Int, pool: BufferPool) {
        let n = maxBatch * c.contextLength, d = c.width, m = c.mlpWidth, T = c.contextLength
        rows = n
        embedded = pool.floats(n * d)
        blocks = (0 ..< c.layers).map { _ in
            BlockActivations(
                ln1: pool.floats(n * d), ln1Mean: pool.floats(n), ln1Rstd: pool.floats(n),
                qkv: pool.floats(n * 3 * d), probs: pool.floats(maxBatch * c.heads * T * T),
                attention: pool.floats(n * d), residual: pool.floats(n * d),
                ln2: pool.floats(n * d), ln2Mean: pool.floats(n), ln2Rstd: pool.floats(n),
                fc: pool.floats(n * m), gelu: pool.floats(n * m), gate: pool.floats(n * m), output: pool.floats(n * d))
        }
        lnf = pool.floats(n * d)
        lnfMean = pool.floats(n)
        lnfRstd = pool.floats(n)
        headRows = pool.int32s(n)
        headTargets = pool.int32s(n)
        headHidden = pool.floats(n * d)
        headLosses = pool.floats(n)
        logits = pool.floats(Self.headChunkRows * c.vocabularySize)
        headScales = pool.floats(Self.headChunkRows)
        headScaled = pool.floats(Self.headChunkRows * d)
        argmax = pool.int32s(n)
        dHeadHidden = pool.floats(n * d)
        dResidual = pool.floats(n * d)
        dHidden = pool.floats(n * d)
        dQKV = pool.floats(n * 3 * d)
        dMLP = pool.floats(n * m)
        dScores = pool.floats(min(Attention.queryTile, T) * T)
    }
}

/// The adapters of one block that read the same input (q, k, v; or o), staged for a pass in
/// model-owned buffers: every pass copies the factors in from `loraPairs` and merges them into
/// the layer's weight (and a backward pass copies the gradients out to `loraGradients`), so the
/// kernels work on stable packed memory.
struct LoRAGroup {
    let slots: [Int]                               // indices into loraPairs, in q, k, v, o order
    let columns: [Int]                             // each member's column block in the output activation
    let outputStride: Int                          // row stride of the output activation = rows of the fused weight (3d or d)
    let a: UnsafeMutablePointer<Float>             // (k r) x d: the members' A, stacked
    let b: UnsafeMutablePointer<Float>             // k blocks of d x r: the members' B
    let da: UnsafeMutablePointer<Float>            // as a
    let db: UnsafeMutablePointer<Float>            // as b
    let u: UnsafeMutablePointer<Float>             // N x (k r): input A^T, saved for backward
    let merged: UnsafeMutablePointer<Float>        // outputStride x d: W + s sum_i B_i A_i for this pass

    var count: Int { slots.count }
}

/// LoRA buffers, allocated by `attachLoRA`.
struct LoRAActivations {
    let attentionInputs: [LoRAGroup?]              // per block: the q, k, v adapters
    let attentionOutput: [LoRAGroup?]              // per block: the o adapter
    let scratch: UnsafeMutablePointer<Float>       // N x 3r: W = dY B of a group
    /// Every group, for staging.
    let groups: [LoRAGroup]

    init(attentionInputs: [LoRAGroup?], attentionOutput: [LoRAGroup?], scratch: UnsafeMutablePointer<Float>) {
        self.attentionInputs = attentionInputs
        self.attentionOutput = attentionOutput
        self.scratch = scratch
        groups = (attentionInputs + attentionOutput).compactMap { $0 }
    }
}
