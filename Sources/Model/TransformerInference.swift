import Foundation
import LinearAlgebra

extension Transformer {
    /// The summed log-likelihood `sum_i log p(continuation_i | context, continuation_<i)` of each
    /// request, for multiple-choice scoring. When context + continuation exceed `contextLength + 1`
    /// tokens the context is cut on the left. Consecutive requests with the same (cut) context share
    /// one pass over it: its keys and values are cached, its last position's logits score every
    /// continuation's first token, and only the continuations' other tokens run again, attending
    /// to the cached context. Contexts go up to `maxBatch` per pass, and so do continuations.
    /// Preconditions: the context is not empty and the continuation has 1 ... contextLength tokens.
    /// `shareContexts: false` runs every request as a whole sequence of its own instead (the same
    /// numbers up to rounding; for measuring what the sharing saves).
    public func logLikelihoods(_ requests: [(context: [Int32], continuation: [Int32])]) -> [Double] {
        logLikelihoods(requests, shareContexts: true)
    }

    public func logLikelihoods(_ requests: [(context: [Int32], continuation: [Int32])], shareContexts: Bool) -> [Double] {
        if !shareContexts { return logLikelihoodsOneByOne(requests) }
        let T = config.contextLength
        var contexts: [[Int32]] = []
        var members: [[Int]] = []           // per context: the requests scored after it
        for (i, request) in requests.enumerated() {
            precondition(!request.context.isEmpty, "logLikelihoods: request \(i) has an empty context")
            precondition(!request.continuation.isEmpty && request.continuation.count <= T,
                         "logLikelihoods: request \(i) has a continuation of \(request.continuation.count) tokens; expected 1 ... \(T)")
            let sequence = (request.context + request.continuation).suffix(T + 1)
            let context = Array(sequence.prefix(sequence.count - request.continuation.count))
            if let previous = contexts.last, previous == context {
                members[members.count - 1].append(i)
            } else {
                contexts.append(context)
                members.append([i])
            }
        }
        for (i, request) in requests.enumerated() {
            checkTokens(request.context.suffix(T), "logLikelihoods: request \(i)")
            checkTokens(request.continuation[...], "logLikelihoods: request \(i)")
        }
        let cache = keyValueCache()
        let V = config.vocabularySize
        var result = [Double](repeating: 0, count: requests.count)
        var first = 0
        while first < contexts.count {
            let chunk = first ..< min(first + maxBatch, contexts.count)
            // The contexts, each in its own slot; only their last position's output is needed.
            let contextTokens = chunk.flatMap { contexts[$0] }
            let plan = acts.pass
            plan.reset()
            var offset = 0
            for (slot, c) in chunk.enumerated() {
                let count = contexts[c].count
                plan.append(source: offset, length: count, past: 0, queryStart: count - 1, slot: slot, origin: offset)
                offset += count
            }
            contextTokens.withUnsafeBufferPointer { tokens in
                stageLoRA()
                runBlocks(tokens: tokens, saveForBackward: false, cache: cache)
            }
            headLogits(rows: chunk.count) { firstRow, rows in
                for row in firstRow ..< firstRow + rows {
                    let logits = UnsafePointer(acts.logits + (row - firstRow) * V)
                    let normalizer = SoftmaxCrossEntropy.logNormalizer(logits, vocabulary: V)
                    for i in members[chunk.lowerBound + row] {
                        result[i] -= Double(normalizer.loss(logits, target: Int(requests[i].continuation[0])))
                    }
                }
            }
            // The continuations' later tokens, attending to a copy of their context's slot.
            let longer = chunk.enumerated().flatMap { slot, c in
                members[c].filter { requests[$0].continuation.count > 1 }.map { (request: $0, slot: slot, past: contexts[c].count) }
            }
            var start = 0
            while start < longer.count {
                let batch = longer[start ..< min(start + maxBatch, longer.count)]
                var tokens: [Int32] = [], targets: [Int32] = [], owner: [Int] = []
                plan.reset()
                for (j, item) in batch.enumerated() {
                    let continuation = requests[item.request].continuation
                    let slot = maxBatch + j
                    cache.copy(rows: item.past, from: item.slot, to: slot, layers: config.layers)
                    plan.append(source: tokens.count, length: continuation.count - 1, past: item.past, queryStart: 0, slot: slot,
                                origin: tokens.count)
                    tokens += continuation.dropLast()
                    targets += continuation.dropFirst()
                    owner += Array(repeating: item.request, count: continuation.count - 1)
                }
                tokens.withUnsafeBufferPointer { tokenBuffer in
                    targets.withUnsafeBufferPointer { targetBuffer in
                        runBlocks(tokens: tokenBuffer, saveForBackward: false, cache: cache)
                        let (_, count) = runHead(targets: targetBuffer, mode: nil)
                        for i in 0 ..< count { result[owner[Int(acts.headRows[i])]] -= Double(acts.headLosses[i]) }
                    }
                }
                start += batch.count
            }
            first = chunk.upperBound
        }
        return result
    }

    /// Greedy decoding: for each prompt, appends the most likely token until `stop` or
    /// `maxNewTokens` tokens; returns the generated tokens without the stop token. Prompts are
    /// batched by `maxBatch`. Each step feeds only the newest token of each sequence and attends to
    /// the cached keys and values of the earlier ones; a sequence longer than `contextLength` is
    /// seen through its last `contextLength` tokens, recomputed at every step.
    /// Precondition: every prompt is non-empty. `cached: false` recomputes every sequence in full
    /// for every token instead (for measuring what the cache saves).
    public func generate(prompts: [[Int32]], maxNewTokens: Int, stop: Int32) -> [[Int32]] {
        generate(prompts: prompts, maxNewTokens: maxNewTokens, stop: stop, cached: true)
    }

    public func generate(prompts: [[Int32]], maxNewTokens: Int, stop: Int32, cached: Bool) -> [[Int32]] {
        let T = config.contextLength
        for (i, prompt) in prompts.enumerated() {
            precondition(!prompt.isEmpty, "generate: prompt \(i) is empty")
            checkTokens(prompt.suffix(T), "generate: prompt \(i)")
        }
        let cache = keyValueCache()
        var outputs = [[Int32]](repeating: [], count: prompts.count)
        var start = 0
        while start < prompts.count {
            let chunk = Array(start ..< min(start + maxBatch, prompts.count))
            var sequences = chunk.map { prompts[$0] }
            // Positions of each sequence held in its slot (slot = index in the chunk).
            var cachedLength = [Int](repeating: 0, count: chunk.count)
            var active = Array(sequences.indices)
            for _ in 0 ..< maxNewTokens where !active.isEmpty {
                let fits = cached ? active.filter { sequences[$0].count <= T } : []
                let windowed = cached ? active.filter { sequences[$0].count > T } : active
                var next = [Int32](repeating: 0, count: sequences.count)
                if !fits.isEmpty {
                    // Feed what the slot does not hold yet: the prompt at first, then the newest token.
                    let fed = fits.map { Array(sequences[$0][cachedLength[$0]...]) }
                    let tokens = fed.flatMap { $0 }
                    let plan = acts.pass
                    plan.reset()
                    var offset = 0
                    for (i, s) in fits.enumerated() {
                        plan.append(source: offset, length: fed[i].count, past: cachedLength[s], queryStart: fed[i].count - 1,
                                    slot: s, origin: offset)
                        offset += fed[i].count
                    }
                    tokens.withUnsafeBufferPointer { tokenBuffer in
                        stageLoRA()
                        runBlocks(tokens: tokenBuffer, saveForBackward: false, cache: cache)
                    }
                    argmaxOfHead(rows: fits.count) { row, token in next[fits[row]] = token }
                    for s in fits { cachedLength[s] = sequences[s].count }
                }
                if !windowed.isEmpty {
                    let tokens = nextTokens(windowed.map { Array(sequences[$0].suffix(T)) })
                    for (i, s) in windowed.enumerated() { next[s] = tokens[i] }
                }
                var stillActive: [Int] = []
                for s in active {
                    if next[s] == stop { continue }
                    sequences[s].append(next[s])
                    outputs[chunk[s]].append(next[s])
                    stillActive.append(s)
                }
                active = stillActive
            }
            start += chunk.count
        }
        return outputs
    }

    /// Every request as one sequence (its context cut on the left to fit), `maxBatch` per pass,
    /// longest first; scored from the context's last position on.
    private func logLikelihoodsOneByOne(_ requests: [(context: [Int32], continuation: [Int32])]) -> [Double] {
        let T = config.contextLength
        var inputs: [[Int32]] = [], targets: [[Int32]] = []
        for (i, request) in requests.enumerated() {
            precondition(!request.context.isEmpty, "logLikelihoods: request \(i) has an empty context")
            precondition(!request.continuation.isEmpty && request.continuation.count <= T,
                         "logLikelihoods: request \(i) has a continuation of \(request.continuation.count) tokens; expected 1 ... \(T)")
            let sequence = Array((request.context + request.continuation).suffix(T + 1))
            checkTokens(sequence[...], "logLikelihoods: request \(i)")
            let input = Array(sequence.dropLast())
            let scoredFrom = input.count - request.continuation.count
            inputs.append(input)
            targets.append(sequence.dropFirst().enumerated().map { $0.offset >= scoredFrom ? $0.element : -1 })
        }
        let order = inputs.indices.sorted { inputs[$0].count != inputs[$1].count ? inputs[$0].count > inputs[$1].count : $0 < $1 }
        var result = [Double](repeating: 0, count: requests.count)
        var start = 0
        while start < order.count {
            let chunk = Array(order[start ..< min(start + maxBatch, order.count)])
            let tokens = chunk.flatMap { inputs[$0] }, chunkTargets = chunk.flatMap { targets[$0] }
            var owner: [Int] = []
            let plan = acts.pass
            plan.reset()
            for index in chunk {
                let count = inputs[index].count
                let scoredFrom = count - requests[index].continuation.count
                plan.append(source: owner.count, length: count, past: 0, queryStart: scoredFrom, slot: 0, origin: owner.count)
                owner += Array(repeating: index, count: count)
            }
            tokens.withUnsafeBufferPointer { tokenBuffer in
                chunkTargets.withUnsafeBufferPointer { targetBuffer in
                    stageLoRA()
                    runBlocks(tokens: tokenBuffer, saveForBackward: false, cache: nil)
                    let (_, count) = runHead(targets: targetBuffer, mode: nil)
                    for i in 0 ..< count { result[owner[Int(acts.headRows[i])]] -= Double(acts.headLosses[i]) }
                }
            }
            start += chunk.count
        }
        return result
    }

    /// The logits of the next token after each sequence (at most `maxBatch` sequences of
    /// 1 ... contextLength tokens), `sequences.count x vocabularySize` row-major. No cache.
    public func nextTokenLogits(_ sequences: [[Int32]]) -> [Float] {
        let V = config.vocabularySize
        var out = [Float](repeating: 0, count: sequences.count * V)
        lastPositionPass(sequences)
        headLogits(rows: sequences.count) { first, rows in
            out.withUnsafeMutableBufferPointer { ($0.baseAddress! + first * V).update(from: acts.logits, count: rows * V) }
        }
        return out
    }

    /// The argmax of the next-token logits after each sequence (first index on ties). No cache.
    func nextTokens(_ sequences: [[Int32]]) -> [Int32] {
        var out = [Int32](repeating: 0, count: sequences.count)
        lastPositionPass(sequences)
        argmaxOfHead(rows: sequences.count) { row, token in out[row] = token }
        return out
    }

    /// Runs the blocks on the sequences (each its own segment, the last block on its last
    /// position only), uncached.
    private func lastPositionPass(_ sequences: [[Int32]]) {
        precondition(sequences.count <= maxBatch, "Transformer: \(sequences.count) sequences; at most maxBatch = \(maxBatch)")
        let plan = acts.pass
        plan.reset()
        var offset = 0
        for (i, sequence) in sequences.enumerated() {
            precondition(!sequence.isEmpty && sequence.count <= config.contextLength,
                         "Transformer: sequence \(i) has \(sequence.count) tokens; expected 1 ... \(config.contextLength)")
            checkTokens(sequence[...], "Transformer: sequence \(i)")
            plan.append(source: offset, length: sequence.count, past: 0, queryStart: sequence.count - 1, slot: 0, origin: offset)
            offset += sequence.count
        }
        let tokens = sequences.flatMap { $0 }
        tokens.withUnsafeBufferPointer { tokenBuffer in
            stageLoRA()
            runBlocks(tokens: tokenBuffer, saveForBackward: false, cache: nil)
        }
    }

    /// The logits of the first `rows` rows of `acts.lnf` into `acts.logits`, in chunks of
    /// `headChunkRows`; `body(first, rows)` sees each chunk.
    private func headLogits(rows: Int, _ body: (Int, Int) -> Void) {
        let d = config.width, V = config.vocabularySize
        let wte = view(UnsafePointer(parameterBuffer + layout.tokenEmbedding), V, d)
        var first = 0
        while first < rows {
            let count = min(Activations.headChunkRows, rows - first)
            gemm(mutableView(acts.logits, count, V), view(acts.lnf + first * d, count, d), wte, transposeB: true)
            body(first, count)
            first += count
        }
    }

    /// `body(row, token)` with the argmax of the logits of each of the first `rows` rows of `lnf`.
    private func argmaxOfHead(rows: Int, _ body: (Int, Int32) -> Void) {
        headLogits(rows: rows) { first, count in
            SoftmaxCrossEntropy.argmax(acts.argmax, logits: acts.logits, rows: count, vocabulary: config.vocabularySize)
            for i in 0 ..< count { body(first + i, acts.argmax[i]) }
        }
    }

    /// The model's key-value cache: two slots per sequence of a batch (a context and a copy of it
    /// for a continuation).
    private func keyValueCache() -> KeyValueCache {
        if let inferenceCache { return inferenceCache }
        let cache = KeyValueCache(layers: config.layers, slots: 2 * maxBatch, contextLength: config.contextLength, width: config.width)
        inferenceCache = cache
        return cache
    }

    private func checkTokens(_ tokens: ArraySlice<Int32>, _ what: String) {
        let vocabulary = Int32(config.vocabularySize)
        for token in tokens { precondition(token >= 0 && token < vocabulary, "\(what): token \(token) outside 0 ..< \(vocabulary)") }
    }
}
