// The task formats, as the model sees them. The markers used here never occur in the pretraining
// corpus (a test checks it), so the base model has never seen a task format.

public enum PromptFormat {
    /// Question answering (the ARC-, GSM8K- and OpenBookQA-style tasks), as lm-evaluation-harness
    /// writes "Question: ...\nAnswer:".
    static func question(_ question: String) -> String { "question : \(question) answer :" }

    /// A question preceded by the facts of an "open book".
    static func openBook(facts: [String], question: String) -> String {
        "fact : \(facts.joined(separator: " ")) question : \(question) answer :"
    }

    /// The Super-Natural-Instructions encoding: definition, then the instance's input, then "Output:".
    static func instruction(_ definition: String, input: String) -> String {
        "definition : \(definition) input : \(input) output :"
    }

    /// Tokens that only the task formats use; the pretraining corpus never contains them.
    public static let formatOnlyTokens = ["question", "answer", "fact", "definition", "input", "output", ":", "|", "####"]

    static let vocabularyTexts = formatOnlyTokens
}
