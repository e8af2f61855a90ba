@testable import Tasks
import RiteCore
import Testing

@Suite struct CorpusTests {
    let corpus = PretrainingCorpus.standard
    let tokenizer = Tokenizer.standard
    static let sample = (0 ..< 20000).map { PretrainingCorpus.standard.document($0) }

    @Test func documentsAreDeterministic() {
        #expect(corpus.document(123) == PretrainingCorpus().document(123))
        #expect(corpus.document(123) != corpus.document(124))
    }

    @Test func streamIsBosDocumentEos() throws {
        let tokens = try corpus.tokens(count: 5000)
        #expect(tokens.count == 5000)
        #expect(tokens[0] == tokenizer.bos)
        let first = try tokenizer.encode(corpus.document(0))
        #expect(Array(tokens[1 ... first.count]) == first)
        #expect(tokens[first.count + 1] == tokenizer.eos && tokens[first.count + 2] == tokenizer.bos)
    }

    /// The corpus never uses a task format: no question or answer markers, colons, record bars,
    /// answer marks, instructions or choice lists. Instruction words occur only where the corpus
    /// mentions every vocabulary word, one at a time ("ana says task ."), never in a sentence.
    @Test func corpusNeverShowsATaskFormat() throws {
        let formatIDs = Set(try PromptFormat.formatOnlyTokens.map { try #require(tokenizer.id(of: $0)) })
        let tokens = try corpus.tokens(count: 300_000)
        #expect(!tokens.contains { formatIDs.contains($0) })
        let instructionWords = ["definition", "write", "task", "given", "decide", "whether", "choices", "options"]
        let says = try #require(tokenizer.id(of: "says")), period = try #require(tokenizer.id(of: "."))
        for word in instructionWords {
            guard let id = tokenizer.id(of: word) else { continue }
            for i in tokens.indices where tokens[i] == id && i > 0 && i + 1 < tokens.count {
                #expect(tokens[i - 1] == says && tokens[i + 1] == period, "the corpus uses \"\(word)\" in a sentence")
            }
        }
    }

    /// "ana says cause .": a mention of one vocabulary word, which states no fact.
    static func isMention(_ sentence: String) -> Bool {
        let words = sentence.split(separator: " ")
        return words.count == 4 && words[1] == "says" && words[3] == "."
    }

    /// The sentences of the sample documents, each ending with " .".
    static let sentences: Set<String> = Set(sample.flatMap { document in
        document.split(separator: ".").map { $0.trimmingSpaces() + " ." }
    })

    /// Every fact the corpus states about an object's material, an animal's class or a person's
    /// profession is the world's; every entity is mentioned.
    @Test func statesTheWorldsFactsAndOnlyThose() {
        let world = World.standard
        for thing in world.things {
            #expect(Self.sentences.contains("the \(thing.name) is made of \(thing.material) ."), "\(thing.name)")
            for material in Lexicon.materialRules.map(\.material) where material != thing.material {
                #expect(!Self.sentences.contains("the \(thing.name) is made of \(material) ."), "\(thing.name) \(material)")
            }
        }
        for animal in world.animals {
            #expect(Self.sentences.contains("the \(animal.name) is \(Text.indefinite(world.animalClass(of: animal).name)) ."), "\(animal.name)")
        }
        // A person document names the person first, then uses the pronoun.
        var professions: [String: Set<String>] = [:]
        for document in Self.sample {
            let sentences = document.split(separator: ".").map { $0.trimmingSpaces() }
            guard let first = sentences.first?.split(separator: " ").first.map(String.init), world.person(named: first) != nil else { continue }
            for sentence in sentences {
                let words = sentence.split(separator: " ")
                if words.count == 4, words[1] == "is", ["a", "an"].contains(words[2]) {
                    professions[first, default: []].insert(String(words[3]))
                }
            }
        }
        for person in world.people {
            #expect(professions[person.name] == [person.profession.name], "\(person.name): \(professions[person.name] ?? [])")
        }
    }

    /// Derived facts are left for the tasks: the corpus states rules and base facts, never their
    /// consequence for one object or person (the singular form of a rule, "a thing made of metal
    /// conducts heat", names no one).
    @Test func doesNotStateDerivedFacts() {
        var singularRules = 0
        for sentence in Self.sentences where !Self.isMention(sentence) {
            for rule in Lexicon.materialRules where sentence.hasSuffix(" \(rule.property3) .") {
                #expect(sentence.hasSuffix("a thing made of \(rule.material) \(rule.property3) ."), "\(sentence)")
                singularRules += 1
            }
            for profession in Lexicon.professions where sentence.hasSuffix(" \(profession.verb) \(profession.product) .") {
                #expect(sentence.hasSuffix("\(Text.indefinite(profession.name)) \(profession.verb) \(profession.product) ."), "\(sentence)")
            }
        }
        #expect(singularRules > 0)
        var derived = PretrainingCorpus.Configuration()
        derived.statesDerivedFacts = true
        #expect(PretrainingCorpus(configuration: derived).version != corpus.version)
    }

    /// Every vocabulary word but the special tokens and the format markers occurs at least 20 times
    /// in the stream a base model is pretrained on, so none is left with an untrained (decayed,
    /// near-zero) embedding that the tied head could never score as an answer.
    @Test func usesEveryVocabularyWordOftenEnough() throws {
        let counts = corpus.tokenCounts(of: try corpus.tokens())
        let tokens = corpus.tokenizer.tokens
        let formatOnly = Set(Tokenizer.specialTokens + PromptFormat.formatOnlyTokens)
        let rare = tokens.indices.filter { !formatOnly.contains(tokens[$0]) && counts[$0] < 20 }.map { "\(tokens[$0]) \(counts[$0])" }
        #expect(rare.isEmpty, "rarely used: \(rare.prefix(20))")
        #expect(corpus.mentionedWords.count == tokens.count - formatOnly.count)
    }

    @Test func narratesEveryActivityInOrder() {
        for activity in Lexicon.activities {
            let narrations = Self.sample.filter { $0.contains(" is \(activity.name) . ") }
            #expect(!narrations.isEmpty, "\(activity.name)")
            for narration in narrations.prefix(3) {
                let sentences = narration.split(separator: ".").map { $0.trimmingSpaces() }.dropFirst()
                #expect(sentences.map { $0.split(separator: " ").dropFirst(1).joined(separator: " ") } == activity.steps, "\(narration)")
            }
        }
    }

    @Test func firstTokensArePinned() throws {
        var hasher = SHA256()
        let tokens = try corpus.tokens(count: 10000)
        tokens.withUnsafeBufferPointer { hasher.update(contentsOf: $0) }
        #expect(SHA256.hexString(hasher.finalize()) == "5c858e9104cfbd9320542738183b89f63b04e0f5f8f4cecb592d3450fa87a926")
        #expect(corpus.version == "g2.w1.t2")
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
