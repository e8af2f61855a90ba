// Turns task examples into training sequences for LoRA fine-tuning: `<bos> prompt target <eos>`,
// shifted for next-token prediction, with the loss only on the target and the end token.

/// One training sequence. `inputs[j]` is fed at position j and `targets[j]` is the token to predict
/// there, or `TrainingExampleEncoder.ignored` where no loss is taken (the prompt).
public struct EncodedExample: Sendable, Hashable {
    public let inputs: [Int32]
    public let targets: [Int32]
}

/// A padded batch in row-major order: `rows` sequences of `length` positions.
public struct EncodedBatch: Sendable, Hashable {
    public let inputs: [Int32]    // rows x length, padded with <pad>
    public let targets: [Int32]   // rows x length, padded with `ignored`
    public let rows: Int
    public let length: Int
}

public struct TrainingExampleEncoder: Sendable {
    /// The target value of positions that take no loss.
    public static let ignored: Int32 = -1

    public let tokenizer: Tokenizer
    public let contextLength: Int

    public init(tokenizer: Tokenizer = .standard, contextLength: Int = TaskCatalog.contextLength) {
        self.tokenizer = tokenizer
        self.contextLength = contextLength
    }

    /// `<bos> prompt target <eos>` has at most `contextLength` tokens; inputs drop the last token,
    /// targets drop the first, and targets over the prompt are `ignored`.
    public func encode(_ example: TaskExample) throws -> EncodedExample {
        let prompt = try tokenizer.encode(example.prompt)
        let target = try tokenizer.encode(example.target)
        let sequence = [tokenizer.bos] + prompt + target + [tokenizer.eos]
        guard sequence.count <= contextLength else {
            throw EvaluationError.tooLong(example: example.id, tokens: sequence.count, contextLength: contextLength)
        }
        let inputs = Array(sequence.dropLast())
        var targets = Array(sequence.dropFirst())
        for j in 0 ..< prompt.count { targets[j] = Self.ignored }
        return EncodedExample(inputs: inputs, targets: targets)
    }

    /// The examples padded to the longest of them (or to `length` when given).
    public func batch(_ examples: [TaskExample], length: Int? = nil) throws -> EncodedBatch {
        let encoded = try examples.map(encode)
        let width = length ?? encoded.map(\.inputs.count).max() ?? 0
        var inputs = [Int32](repeating: tokenizer.pad, count: examples.count * width)
        var targets = [Int32](repeating: Self.ignored, count: examples.count * width)
        for (row, example) in encoded.enumerated() {
            guard example.inputs.count <= width else {
                throw EvaluationError.tooLong(example: examples[row].id, tokens: example.inputs.count, contextLength: width)
            }
            for (j, token) in example.inputs.enumerated() { inputs[row * width + j] = token }
            for (j, token) in example.targets.enumerated() { targets[row * width + j] = token }
        }
        return EncodedBatch(inputs: inputs, targets: targets, rows: examples.count, length: width)
    }
}
