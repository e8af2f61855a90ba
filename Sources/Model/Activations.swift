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
    let output: UnsafeMutablePointer<Float>       // N x d (block output = next block's input)
}

/// Every buffer the forward and backward passes touch, allocated once in `Transformer.init`;
/// a pass over (B, T) uses the leading B * T rows. Nothing is allocated while training.
struct Activations {
    /// Rows of the language-model head per chunk: the chunk's logits (rows x V) stay in cache
    /// between the GEMM, the fused softmax/cross-entropy and the backward GEMMs.
    static let headChunkRows = 64

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
                fc: pool.floats(n * m), gelu: pool.floats(n * m), output: pool.floats(n * d))
        }
        lnf = pool.floats(n * d)
        lnfMean = pool.floats(n)
        lnfRstd = pool.floats(n)
        headRows = pool.int32s(n)
        headTargets = pool.int32s(n)
        headHidden = pool.floats(n * d)
        headLosses = pool.floats(n)
        logits = pool.floats(Self.headChunkRows * c.vocabularySize)
        argmax = pool.int32s(n)
        dHeadHidden = pool.floats(n * d)
        dResidual = pool.floats(n * d)
        dHidden = pool.floats(n * d)
        dQKV = pool.floats(n * 3 * d)
        dMLP = pool.floats(n * m)
        dScores = pool.floats(min(Attention.queryTile, T) * T)
    }
}

/// LoRA buffers, allocated by `attachLoRA`: the saved `u = x A^T` of every adapter and one
/// shared scratch for `dY B`.
struct LoRAActivations {
    let u: [UnsafeMutablePointer<Float>]           // per pair: N x r
    let scratch: UnsafeMutablePointer<Float>       // N x r
}
