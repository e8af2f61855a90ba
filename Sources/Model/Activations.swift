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

    private var words: [UnsafeMutablePointer<Int>] = []

    func ints(_ count: Int) -> UnsafeMutablePointer<Int> {
        let p = UnsafeMutablePointer<Int>.allocate(capacity: max(count, 1))
        p.initialize(repeating: 0, count: max(count, 1))
        words.append(p)
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
        for p in words { p.deallocate() }
    }
}

/// Saved activations of one block for (maxBatch, contextLength); N = maxBatch * contextLength is
/// the capacity, a pass uses the leading rows of its packed layout (`PassLayout`): N' rows up to
/// the attention, and in the last block R rows after it (the rows whose output is used).
struct BlockActivations {
    let ln1: UnsafeMutablePointer<Float>          // N x d
    let ln1Mean: UnsafeMutablePointer<Float>      // N
    let ln1Rstd: UnsafeMutablePointer<Float>      // N
    let qkv: UnsafeMutablePointer<Float>          // N x 3d
    let probs: UnsafeMutablePointer<Float>        // maxBatch x heads x T x T: per segment and head, one row per query
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

/// How one pass lays its sequences out in the activation rows. Segment s is `length[s]`
/// consecutive rows from `rowStart[s]`: the tokens at positions `past[s] ..< past[s] + length[s]`
/// of its sequence (past > 0 only when the earlier positions' keys and values sit in a
/// `KeyValueCache` slot). Nothing after a sequence's last scored position is computed (it cannot
/// change the loss: attention is causal), and the last block computes its output only for the rows
/// `queryStart[s] ..< length[s]` (from the first scored position, or the last position when
/// decoding), packed from row `lastStart[s]`; the other rows' keys and values are still computed.
/// Rebuilt by every pass in these preallocated buffers.
final class PassLayout {
    let capacity: Int                              // segments: maxBatch
    let rowStart: UnsafeMutablePointer<Int>        // capacity + 1 (prefix sums of length)
    let length: UnsafeMutablePointer<Int>          // capacity
    let past: UnsafeMutablePointer<Int>            // capacity
    let queryStart: UnsafeMutablePointer<Int>      // capacity
    let lastStart: UnsafeMutablePointer<Int>       // capacity + 1 (prefix sums of length - queryStart)
    let slot: UnsafeMutablePointer<Int>            // capacity: cache slot of the segment (cached passes)
    let source: UnsafeMutablePointer<Int>          // capacity: index of the segment's first token in the caller's tokens
    let lastOrigin: UnsafeMutablePointer<Int32>    // N: for each last-block row, its index in the caller's targets
    let tokens: UnsafeMutablePointer<Int32>        // N: token of each packed row
    let positions: UnsafeMutablePointer<Int32>     // N: position of each packed row in its sequence
    private(set) var count = 0
    /// Packed rows up to the last block's attention (N') and after it (R).
    var rows: Int { rowStart[count] }
    var lastRows: Int { lastStart[count] }

    init(capacity: Int, rows n: Int, pool: BufferPool) {
        self.capacity = capacity
        rowStart = pool.ints(capacity + 1)
        length = pool.ints(capacity)
        past = pool.ints(capacity)
        queryStart = pool.ints(capacity)
        lastStart = pool.ints(capacity + 1)
        slot = pool.ints(capacity)
        source = pool.ints(capacity)
        lastOrigin = pool.int32s(n)
        tokens = pool.int32s(n)
        positions = pool.int32s(n)
    }

    func reset() { count = 0 }

    /// Appends a segment of `length` rows (`length >= 1`, `queryStart < length`) whose tokens are
    /// `tokens[source ..< source + length]` of the caller's buffer, at positions from `past`, its
    /// keys and values cached in `slot` (cached passes; otherwise unused); `origin`: the index of
    /// its first row in the caller's targets.
    func append(source: Int, length: Int, past: Int, queryStart: Int, slot: Int, origin: Int) {
        precondition(count < capacity && length >= 1 && queryStart >= 0 && queryStart < length,
                     "PassLayout: segment \(count) of \(capacity), length \(length), queryStart \(queryStart)")
        let s = count
        if s == 0 { rowStart[0] = 0; lastStart[0] = 0 }
        self.length[s] = length
        self.past[s] = past
        self.queryStart[s] = queryStart
        self.slot[s] = slot
        self.source[s] = source
        rowStart[s + 1] = rowStart[s] + length
        lastStart[s + 1] = lastStart[s] + length - queryStart
        for i in queryStart ..< length { lastOrigin[lastStart[s] + i - queryStart] = Int32(origin + i) }
        count += 1
    }

    /// Fills `tokens` and `positions` of the packed rows from the caller's token buffer.
    func gatherTokens(_ callerTokens: UnsafeBufferPointer<Int32>) {
        for s in 0 ..< count {
            let start = rowStart[s]
            for i in 0 ..< length[s] {
                tokens[start + i] = callerTokens[source[s] + i]
                positions[start + i] = Int32(past[s] + i)
            }
        }
        if count == 0 { rowStart[0] = 0; lastStart[0] = 0 }
    }
}

/// Keys and values of earlier positions for incremental inference (greedy decoding, the choices
/// of a multiple-choice question after their shared context): per block and slot, `T` rows of
/// `[k | v]` (2d floats). Allocated once per model, on its first cached pass.
final class KeyValueCache {
    let slots: Int
    let rowsPerSlot: Int                           // T
    let width: Int                                 // d
    let storage: UnsafeMutablePointer<Float>       // layers x slots x T x 2d
    private let pool = BufferPool()

    init(layers: Int, slots: Int, contextLength T: Int, width d: Int) {
        self.slots = slots
        rowsPerSlot = T
        width = d
        storage = pool.floats(layers * slots * T * 2 * d)
    }

    /// Row 0 of slot `slot` in block `layer`: keys at columns 0 ..< d, values at d ..< 2d.
    @inline(__always) func base(layer: Int, slot: Int) -> UnsafeMutablePointer<Float> {
        storage + ((layer * slots + slot) * rowsPerSlot) * 2 * width
    }

    /// Copies the first `rows` cached positions of slot `from` into slot `to`, in every block.
    func copy(rows: Int, from: Int, to: Int, layers: Int) {
        for l in 0 ..< layers { base(layer: l, slot: to).update(from: base(layer: l, slot: from), count: rows * 2 * width) }
    }
}

/// Every buffer the forward and backward passes touch, allocated once in `Transformer.init`;
/// a pass uses the leading rows of its packed layout (at most maxBatch * T). Nothing is allocated
/// while training.
struct Activations {
    /// Rows of the language-model head per chunk: the chunk's logits (rows x V) stay in cache
    /// between the GEMM, the fused softmax/cross-entropy and the backward GEMMs.
    static let headChunkRows = 128

    let rows: Int                                  // N = maxBatch * contextLength
    let pass: PassLayout                           // the current pass's segments
    let embedded: UnsafeMutablePointer<Float>      // N x d
    let blocks: [BlockActivations]
    let lnf: UnsafeMutablePointer<Float>           // R x d (the last block's output rows, see PassLayout)
    let lnfMean: UnsafeMutablePointer<Float>       // N
    let lnfRstd: UnsafeMutablePointer<Float>       // N
    // Language-model head over the positions whose target is not ignored (compacted).
    let headRows: UnsafeMutablePointer<Int32>      // N: index in the caller's targets of each compacted row
    let headSource: UnsafeMutablePointer<Int32>    // N: last-block row of each compacted row
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
    let dLast: UnsafeMutablePointer<Float>         // R x d: gradient of the last block's output rows
    let dHidden: UnsafeMutablePointer<Float>       // N x d
    let dQKV: UnsafeMutablePointer<Float>          // N x 3d
    let dMLP: UnsafeMutablePointer<Float>          // N x m
    let dScores: UnsafeMutablePointer<Float>       // queryTile x T

    init(config c: ModelConfig, maxBatch: Int, pool: BufferPool) {
        let n = maxBatch * c.contextLength, d = c.width, m = c.mlpWidth, T = c.contextLength
        rows = n
        pass = PassLayout(capacity: maxBatch, rows: n, pool: pool)
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
        headSource = pool.int32s(n)
        headHidden = pool.floats(n * d)
        headLosses = pool.floats(n)
        logits = pool.floats(Self.headChunkRows * c.vocabularySize)
        headScales = pool.floats(Self.headChunkRows)
        headScaled = pool.floats(Self.headChunkRows * d)
        argmax = pool.int32s(n)
        dHeadHidden = pool.floats(n * d)
        dResidual = pool.floats(n * d)
        dLast = pool.floats(n * d)
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
