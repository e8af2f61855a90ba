@testable import Tasks
import Testing

@Suite struct TokenizerTests {
    let tokenizer = Tokenizer.standard

    @Test func splitsWordsPunctuationAndDigits() {
        #expect(Tokenizer.pieces("Ana has 42 cups, then #### 7.") == ["ana", "has", "4", "2", "cups", ",", "then", "####", "7", "."])
        #expect(Tokenizer.pieces("  the\tkettle\n") == ["the", "kettle"])
        #expect(Tokenizer.pieces("a#b") == ["a", "#", "b"])
    }

    @Test func specialTokensComeFirst() {
        #expect(tokenizer.tokens.prefix(3) == ["<pad>", "<bos>", "<eos>"])
        #expect(tokenizer.pad == 0 && tokenizer.bos == 1 && tokenizer.eos == 2)
        #expect(tokenizer.id(of: "<eos>") == tokenizer.eos)
    }

    @Test func encodesAndDecodesCanonicalText() throws {
        let text = "ana has 18 pears . 18 + 4 = 22 . #### 22"
        let ids = try tokenizer.encode(text)
        #expect(ids.count == 17)   // 18 and 22 are two tokens each
        #expect(tokenizer.decode(ids) == text)
        #expect(tokenizer.decode([tokenizer.bos] + ids + [tokenizer.eos, tokenizer.pad]) == text)
    }

    @Test func unknownWordIsAnError() {
        #expect(throws: TokenizerError.unknownWord("zebra", in: "the zebra")) { try tokenizer.encode("the zebra") }
        #expect(tokenizer.unknownWords("the zebra and the yak") == ["zebra", "yak"])
    }

    @Test func vocabularyIsSortedUniqueAndPinned() {
        let words = Array(tokenizer.tokens.dropFirst(3))
        #expect(words == words.sorted())
        #expect(Set(words).count == words.count)
        for digit in 0 ... 9 { #expect(tokenizer.id(of: String(digit)) != nil) }
        // Any change to the lexicon or to a template changes these; bump Tokenizer.version with them.
        #expect(tokenizer.vocabularySize == 917)
        #expect(tokenizer.digest == "a87386047b81c12b9cdf32b5c32618518e1b908f140d4351593ddea8d63019d6")
    }

    @Test func vocabularyDoesNotDependOnTheWorldSeed() {
        #expect(Tokenizer(words: VocabularySources.words()).tokens == tokenizer.tokens)
    }
}
