import LinearAlgebra

extension Transformer {
    /// The summed log-likelihood `sum_i log p(continuation_i | context, continuation_<i)` of each
    /// request, for multiple-choice scoring. Requests are batched (up to `maxBatch` per pass,
    /// longest first, so padding is small); when context + continuation exceed
    /// `contextLength + 1` tokens the context is truncated on the left.
    /// Preconditions: the context is not empty and the continuation has 1 ... contextLength tokens.
    public func logLikelihoods(_ requests: [(context: [Int32], continuation: [Int32])]) -> [Double] {
        let T = config.contextLength
        // Input tokens (sequence minus its last token) and the number of scored positions at the end.
        var inputs: [[Int32]] = []
        var scored: [Int] = []
        var nextTokens: [[Int32]] = []
        for (i, request) in requests.enumerated() {
            precondition(!request.context.isEmpty, "logLikelihoods: request \(i) has an empty context")
            precondition(!request.continuation.isEmpty && request.continuation.count <= T,
                         "logLikelihoods: request \(i) has a continuation of \(request.continuation.count) tokens; expected 1 ... \(T)")
            let sequence = Array((request.context + request.continuation).suffix(T + 1))
            inputs.append(Array(sequence.dropLast()))
            nextTokens.append(Array(sequence.dropFirst()))
            scored.append(request.continuation.count)
        }
        let order = inputs.indices.sorted { inputs[$0].count != inputs[$1].count ? inputs[$0].count > inputs[$1].count : $0 < $1 }
        var result = [Double](repeating: 0, count: requests.count)
        var start = 0
        while start < order.count {
            let chunk = Array(order[start ..< min(start + maxBatch, order.count)])
            let length = chunk.map { inputs[$0].count }.max()!
            var tokens = [Int32](repeating: 0, count: chunk.count * length)
            var targets = [Int32](repeating: -1, count: chunk.count * length)
            for (b, index) in chunk.enumerated() {
                let input = inputs[index]
                for t in input.indices {
                    tokens[b * length + t] = input[t]
                    if t >= input.count - scored[index] { targets[b * length + t] = nextTokens[index][t] }
                }
            }
            tokens.withUnsafeBufferPointer { tokenBuffer in
                targets.withUnsafeBufferPointer { targetBuffer in
                    checkInputs(tokens: tokenBuffer, targets: targetBuffer, batch: chunk.count, length: length)
                    stageLoRA()
                    runBlocks(tokens: tokenBuffer, batch: chunk.count, length: length, saveForBackward: false)
                    let (_, count) = runHead(targets: targetBuffer, rows: chunk.count * length, mode: nil)
                    for i in 0 ..< count {
                        result[chunk[Int(acts.headRows[i]) / length]] -= Double(acts.headLosses[i])
                    }
                }
            }
            start += chunk.count
        }
        return result
    }

    /// Greedy decoding: for each prompt, appends the most likely token until `stop` or
    /// `maxNewTokens` tokens; returns the generated tokens without the stop token. Prompts are
    /// batched by `maxBatch`; a sequence longer than `contextLength` is seen through its last
    /// `contextLength` tokens. Precondition: every prompt is non-empty.
    public func generate(prompts: [[Int32]], maxNewTokens: Int, stop: Int32) -> [[Int32]] {
        var outputs = [[Int32]](repeating: [], count: prompts.count)
        var start = 0
        while start < prompts.count {
            let chunk = Array(start ..< min(start + maxBatch, prompts.count))
            var sequences = chunk.map { prompts[$0] }
            for (i, prompt) in sequences.enumerated() { precondition(!prompt.isEmpty, "generate: prompt \(chunk[i]) is empty") }
            var active = Array(sequences.indices)
            for _ in 0 ..< maxNewTokens where !active.isEmpty {
                let next = nextTokens(active.map { Array(sequences[$0].suffix(config.contextLength)) })
                var stillActive: [Int] = []
                for (i, s) in active.enumerated() {
                    if next[i] == stop { continue }
                    sequences[s].append(next[i])
                    outputs[chunk[s]].append(next[i])
                    stillActive.append(s)
                }
                active = stillActive
            }
            start += chunk.count
        }
        return outputs
    }

    /// The logits of the next token after each sequence (at most `maxBatch` sequences of
    /// 1 ... contextLength tokens), `sequences.count x vocabularySize` row-major.
    public func nextTokenLogits(_ sequences: [[Int32]]) -> [Float] {
        let V = config.vocabularySize
        var out = [Float](repeating: 0, count: sequences.count * V)
        lastPositionPass(sequences) { first, rows in
            out.withUnsafeMutableBufferPointer { (($0.baseAddress! + first * V)).update(from: acts.logits, count: rows * V) }
        }
        return out
    }

    /// The argmax of the next-token logits after each sequence (first index on ties).
    func nextTokens(_ sequences: [[Int32]]) -> [Int32] {
        var out = [Int32](repeating: 0, count: sequences.count)
        lastPositionPass(sequences) { first, rows in
            SoftmaxCrossEntropy.argmax(acts.argmax, logits: acts.logits, rows: rows, vocabulary: config.vocabularySize)
            for i in 0 ..< rows { out[first + i] = acts.argmax[i] }
        }
        return out
    }

    /// Runs the blocks on right-padded sequences and computes the logits of each sequence's last
    /// position into `acts.logits`, in chunks of `headChunkRows` rows; `body(first, rows)` sees
    /// each chunk (sequences `first ..< first + rows`).
    private func lastPositionPass(_ sequences: [[Int32]], _ body: (Int, Int) -> Void) {
        let length = sequences.map(\.count).max()!
        var tokens = [Int32](repeating: 0, count: sequences.count * length)
        for (b, sequence) in sequences.enumerated() {
            for (t, token) in sequence.enumerated() { tokens[b * length + t] = token }
        }
        let d = config.width, V = config.vocabularySize
        tokens.withUnsafeBufferPointer { tokenBuffer in
            checkInputs(tokens: tokenBuffer, targets: nil, batch: sequences.count, length: length)
            stageLoRA()
            runBlocks(tokens: tokenBuffer, batch: sequences.count, length: length, saveForBackward: false)
        }
        for (b, sequence) in sequences.enumerated() {
            (acts.headHidden + b * d).update(from: acts.lnf + (b * length + sequence.count - 1) * d, count: d)
        }
        let wte = view(UnsafePointer(parameterBuffer + layout.tokenEmbedding), V, d)
        var first = 0
        while first < sequences.count {
            let rows = min(Activations.headChunkRows, sequences.count - first)
            gemm(mutableView(acts.logits, rows, V), view(acts.headHidden + first * d, rows, d), wte, transposeB: true)
            body(first, rows)
            first += rows
        }
    }
}
