/// Analytic floating-point operation counts of a training step: the multiply-adds of every matrix
/// product the implementation performs, at 2 FLOPs each. Element-wise work (LayerNorm, GELU,
/// softmax, exp, residual additions, embedding lookups, copies) is not counted; it is small beside
/// the products but not free, so the achieved rate understates the products' own rate.
///
/// A pass runs on segments (`PassLayout`): each sequence up to its last scored position, L_s
/// positions, of which the last block uses those from its first scored one on, U_s. With
/// N = sum L_s rows, R = sum U_s rows after the last block's attention, H scored positions (rows of
/// the language-model head), d the width, m the MLP width, V the vocabulary, L the blocks, r the
/// LoRA rank, a = a_qkv + a_o the adapters per block (a_qkv among q, k, v; a_o = 1 if o has one),
/// E the attention score entries of the first L - 1 blocks and E' of the last one, summed over
/// segments and counted per head (queries go in tiles of 32 from the first used query and a tile
/// needs keys only up to its last query: a full sequence of T = 128 has 0.625 T^2 entries):
///
/// forward          = (L - 1) (8 N d^2 + 4 N d m + 4 E d) + 6 N d^2 + 2 R d^2 + 4 R d m + 4 E' d
///                    + 2 L d^2 r a + [2 d r A] + 2 H d V
/// backward (LoRA)  = 2 H d V + (L - 1) (4 N d m + 2 N d^2 + 8 E d) + 4 R d m + 2 R d^2 + 8 E' d
///                    + (L - 1) 6 N d^2 + 6 d r A
/// backward (all)   = 4 H d V + (L - 1) (8 N d m + 16 N d^2 + 8 E d) + 8 R d m + 4 R d^2 + 12 N d^2
///                    + 8 E' d + 6 d r A
/// with A = L N a_qkv + ((L - 1) N + R) a_o, the rows the adapters see.
///
/// 2 d^2 r a merges the adapters into their weights (W + s B A, once per pass, and not again
/// while neither the adapters nor the base weights change, as in evaluation); the bracketed
/// 2 d r A (u = x A^T, kept for the B gradients) is only computed when a backward pass follows,
/// and 6 d r A forms the adapters' A and B gradients. In LoRA mode the first block's q, k, v input gradient is not needed (nothing below
/// it trains), so it is neither computed nor counted. When every position of B sequences of T
/// tokens is scored, N = R = H = B T and E = E' = B (0.625 T^2 at T = 128).
public enum FLOPCount {
    /// One sequence of a pass: `length` positions, the last block's output used from `firstUsed` on.
    public struct Segment: Sendable, Hashable {
        public var length: Int
        public var firstUsed: Int

        public init(length: Int, firstUsed: Int) {
            self.length = length
            self.firstUsed = firstUsed
        }
    }

    /// The segments a pass over a padded batch makes (rows x length targets, row-major): each
    /// sequence up to its last scored position, its last-block rows from the first one; a
    /// sequence with no scored position makes none.
    public static func segments(targets: [Int32], rows: Int, length: Int) -> [Segment] {
        (0 ..< rows).compactMap { b in
            let row = targets[b * length ..< (b + 1) * length]
            guard let first = row.firstIndex(where: { $0 >= 0 }), let last = row.lastIndex(where: { $0 >= 0 }) else { return nil }
            return Segment(length: last - row.startIndex + 1, firstUsed: first - row.startIndex)
        }
    }

    /// Score entries the tiled causal attention computes for one head of a segment of `length`
    /// positions whose queries start at `firstQuery`.
    public static func attentionEntries(length T: Int, firstQuery: Int = 0) -> Int {
        let queryTile = Attention.queryTile
        var entries = 0
        var i0 = firstQuery
        while i0 < T {
            let i1 = min(i0 + queryTile, T)
            entries += (i1 - i0) * i1
            i0 = i1
        }
        return entries
    }

    /// `training`: whether a backward pass follows (the adapters then keep u = x A^T).
    public static func forward(config c: ModelConfig, segments: [Segment], headRows H: Int, lora: LoRAConfig?, training: Bool) -> Int {
        let s = Sums(segments), d = c.width, m = c.mlpWidth, L = c.layers
        let (qkvAdapters, oAdapters, r) = adapterCounts(lora)
        var flops = (L - 1) * (8 * s.n * d * d + 4 * s.n * d * m + 4 * s.entries * d)
        flops += 6 * s.n * d * d + 2 * s.r * d * d + 4 * s.r * d * m + 4 * s.lastEntries * d
        flops += L * 2 * d * d * r * (qkvAdapters + oAdapters)
        if training {
            flops += 2 * d * r * (L * s.n * qkvAdapters + ((L - 1) * s.n + s.r) * oAdapters)
        }
        return flops + 2 * H * d * c.vocabularySize
    }

    public static func backward(config c: ModelConfig, segments: [Segment], headRows H: Int, lora: LoRAConfig?, mode: GradientMode) -> Int {
        let s = Sums(segments), d = c.width, m = c.mlpWidth, L = c.layers, V = c.vocabularySize
        let (qkvAdapters, oAdapters, r) = adapterCounts(lora)
        let adapters = 6 * d * r * (L * s.n * qkvAdapters + ((L - 1) * s.n + s.r) * oAdapters)
        switch mode {
        case .lora:
            return 2 * H * d * V + (L - 1) * (4 * s.n * d * m + 2 * s.n * d * d + 8 * s.entries * d)
                + 4 * s.r * d * m + 2 * s.r * d * d + 8 * s.lastEntries * d + (L - 1) * 6 * s.n * d * d + adapters
        case .allWeights:
            return 4 * H * d * V + (L - 1) * (8 * s.n * d * m + 16 * s.n * d * d + 8 * s.entries * d)
                + 8 * s.r * d * m + 4 * s.r * d * d + 12 * s.n * d * d + 8 * s.lastEntries * d + adapters
        }
    }

    /// Forward plus backward.
    public static func trainingStep(config c: ModelConfig, segments: [Segment], headRows: Int, lora: LoRAConfig?, mode: GradientMode) -> Int {
        forward(config: c, segments: segments, headRows: headRows, lora: lora, training: true)
            + backward(config: c, segments: segments, headRows: headRows, lora: lora, mode: mode)
    }

    /// A training step over `batch` sequences of `length` tokens, every position scored.
    public static func trainingStep(config c: ModelConfig, batch: Int, length: Int, lora: LoRAConfig?, mode: GradientMode) -> Int {
        trainingStep(config: c, segments: Array(repeating: Segment(length: length, firstUsed: 0), count: batch),
                     headRows: batch * length, lora: lora, mode: mode)
    }

    private struct Sums {
        var n = 0, r = 0, entries = 0, lastEntries = 0

        init(_ segments: [Segment]) {
            for segment in segments {
                n += segment.length
                r += segment.length - segment.firstUsed
                entries += attentionEntries(length: segment.length)
                lastEntries += attentionEntries(length: segment.length, firstQuery: segment.firstUsed)
            }
        }
    }

    /// Adapters per block on q, k, v and on o, and their rank.
    private static func adapterCounts(_ lora: LoRAConfig?) -> (qkv: Int, o: Int, rank: Int) {
        guard let lora else { return (0, 0, 0) }
        let o = lora.orderedTargets.contains(.o) ? 1 : 0
        return (lora.orderedTargets.count - o, o, lora.rank)
    }
}
