import RiteCore

// A word-level tokenizer for the synthetic world's text. Text is lowercased and split on
// whitespace; inside a chunk, runs of letters are words, every digit is its own token (so that
// arithmetic is learnable digit by digit), the marker `####` is one token, and every other
// character is its own token. The vocabulary is fixed: built from the lexicon and the templates
// (never from data order), sorted, behind three special tokens. An unknown word is an error.

public enum TokenizerError: Error, CustomStringConvertible, Equatable {
    case unknownWord(String, in: String)

    public var description: String {
        switch self {
        case let .unknownWord(word, text):
            return "tokenizer: the word \"\(word)\" is not in the vocabulary (text: \"\(text.prefix(120))\")"
        }
    }
}

public struct Tokenizer: Sendable {
    /// Bump when the splitting rules or the vocabulary sources change.
    public static let version = 2
    public static let standard = Tokenizer(words: VocabularySources.words())

    public static let padToken = "<pad>"
    public static let bosToken = "<bos>"
    public static let eosToken = "<eos>"
    public static let specialTokens = [padToken, bosToken, eosToken]

    public let pad: Int32 = 0
    public let bos: Int32 = 1
    /// End of a document in the corpus, and end of an answer in the tasks.
    public let eos: Int32 = 2

    /// Every token, by id.
    public let tokens: [String]
    private let ids: [String: Int32]

    /// A tokenizer over `words` (deduplicated and sorted here, after the special tokens).
    public init(words: [String]) {
        let sorted = Array(Set(words).subtracting(Self.specialTokens)).sorted()
        tokens = Self.specialTokens + sorted
        var ids: [String: Int32] = [:]
        for (i, token) in tokens.enumerated() { ids[token] = Int32(i) }
        self.ids = ids
    }

    public var vocabularySize: Int { tokens.count }
    public var version: Int { Self.version }

    /// The id of a token, if it is in the vocabulary.
    public func id(of token: String) -> Int32? { ids[token] }

    /// The pieces `text` splits into, before lookup.
    public static func pieces(_ text: String) -> [String] {
        var out: [String] = []
        for chunk in text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            if chunk == "####" { out.append("####"); continue }
            var word = ""
            for ch in chunk {
                if ch.isLetter {
                    word.append(ch)
                } else {
                    if !word.isEmpty { out.append(word); word = "" }
                    out.append(String(ch))
                }
            }
            if !word.isEmpty { out.append(word) }
        }
        return out
    }

    /// The token ids of `text`; throws on a word outside the vocabulary.
    public func encode(_ text: String) throws -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(text.utf8.count / 4 + 4)
        for chunk in text.split(separator: " ") {
            // Fast path: canonical text is mostly whole words already in the vocabulary.
            if let id = ids[String(chunk)] { out.append(id); continue }
            for piece in Self.pieces(String(chunk)) {
                guard let id = ids[piece] else { throw TokenizerError.unknownWord(piece, in: text) }
                out.append(id)
            }
        }
        return out
    }

    /// The words of `text` that are not in the vocabulary (empty when `encode` would succeed).
    public func unknownWords(_ text: String) -> [String] { Self.pieces(text).filter { ids[$0] == nil } }

    /// Text of `tokens`: special tokens are dropped, words are joined by single spaces, and
    /// consecutive digits are joined into one number.
    public func decode(_ tokens: [Int32]) -> String {
        var out = ""
        var previousWasDigit = false
        for token in tokens {
            guard token > eos, Int(token) < self.tokens.count else { continue }
            let word = self.tokens[Int(token)]
            let isDigit = word.count == 1 && word.first!.isNumber
            if !out.isEmpty && !(isDigit && previousWasDigit) { out += " " }
            out += word
            previousWasDigit = isDigit
        }
        return out
    }

    /// SHA-256 of the vocabulary (tokens in id order, newline-separated), pinned by the tests.
    public var digest: String { SHA256.hex(tokens.joined(separator: "\n")) }
}
