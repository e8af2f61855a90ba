@testable import Tasks
import Testing

@Suite struct ScoringTests {
    // MARK: exact match

    @Test func normalisationFollowsSuperNaturalInstructions() {
        #expect(Scoring.normalizeAnswer("  The Cat,  sat! ") == "the cat sat")
        #expect(Scoring.normalizeAnswer("don't-stop") == "dontstop")   // punctuation is deleted, not replaced
        #expect(Scoring.normalizeAnswer("a cat and the dog", removingArticles: true) == "cat and dog")
        #expect(Scoring.exactMatch(prediction: "Cause.", reference: "cause") == 1)
        #expect(Scoring.exactMatch(prediction: "the cause", reference: "cause") == 0)   // articles count, as in their scorer
        #expect(Scoring.exactMatch(prediction: "the cause", reference: "cause", removingArticles: true) == 1)
        #expect(Scoring.exactMatch(prediction: "", reference: "") == 1)
    }

    // MARK: GSM8K final number

    @Test func finalNumberPrefersTheMarker() {
        #expect(Scoring.finalNumber(in: "18 + 4 = 22 . 22 / 2 = 11 . #### 11") == "11")
        #expect(Scoring.finalNumber(in: "#### 1,234. and then 5") == "1234")
        #expect(Scoring.finalNumber(in: "she has 7 , then 9 left") == "9")        // no marker: last number
        #expect(Scoring.finalNumber(in: "#### nothing here 3") == "3")
        #expect(Scoring.finalNumber(in: "no numbers") == nil)
        #expect(Scoring.finalNumber(in: "it is -5 now") == "-5")
        #expect(Scoring.finalNumberMatch(prediction: "3 + 4 = 7 . #### 7", reference: "3 + 4 = 7 . #### 7") == 1)
        #expect(Scoring.finalNumberMatch(prediction: "3 + 4 = 8 . #### 8", reference: "3 + 4 = 7 . #### 7") == 0)
        #expect(Scoring.finalNumberMatch(prediction: "the answer is 7", reference: "#### 7") == 1)
        #expect(Scoring.finalNumberMatch(prediction: "", reference: "#### 7") == 0)
    }

    // MARK: LCS and ROUGE-L

    @Test func longestCommonSubsequenceByHand() {
        #expect(Scoring.longestCommonSubsequence(Array("abcbdab"), Array("bdcaba")) == 4)   // CLRS example
        #expect(Scoring.longestCommonSubsequence(["a"], [String]()) == 0)
        #expect(Scoring.longestCommonSubsequence(Array("abcdef"), Array("fedcba")) == 1)
        #expect(Scoring.longestCommonSubsequence(Array("same"), Array("same")) == 4)
    }

    @Test func rougeTokenizerMatchesTheScorer() {
        // Lowercase; non-alphanumeric runs split; words longer than three letters stemmed.
        #expect(Scoring.rougeTokens("The Kettles, boiling!  #### 12") == ["the", "kettl", "boil", "12"])
        #expect(Scoring.rougeTokens(". , !") == [])
        #expect(Scoring.rougeTokens("cats") == ["cat"])
        #expect(Scoring.rougeTokens("was has its") == ["was", "has", "its"])     // three letters: not stemmed
    }

    // Hand-computed F = 2PR / (P + R) with P = LCS / |prediction|, R = LCS / |reference|; the same
    // values come out of the reference scorer (default tokenizer with stemming).
    @Test(arguments: [
        ("the cat sat on the mat", "the cat sat on the mat", 1.0),
        ("the cat sat", "the cat sat on the mat", 2.0 / 3.0),                  // LCS 3, P 1, R 1/2
        ("cat the", "the cat", 0.5),                                            // LCS 1, P = R = 1/2
        ("ana is making tea", "making tea with ana", 0.5),                      // LCS "make tea"
        ("the kettle is red and is made of metal .", "the kettle is red . it is made of metal .", 8.0 / 9.0),
        ("she fills the kettles with water .", "she filled the kettle with water .", 1.0),   // stems agree
        ("Running, jumped; swimming!", "run jump swim", 1.0),
        ("", "anything", 0.0),
        (". , !", "the cup", 0.0),
        ("12 apples", "#### 12", 2.0 / 3.0),                                    // LCS 1, P 1/2, R 1
        ("a b c d e f", "f e d c b a", 1.0 / 6.0),
    ])
    func rougeLByHand(prediction: String, reference: String, expected: Double) {
        #expect(abs(Scoring.rougeL(prediction: prediction, reference: reference) - expected) < 1e-12)
    }

    // MARK: Porter stemmer

    /// Porter's own examples (1980) and the extensions' special cases, with the reference stemmer's output.
    @Test func porterExamples() {
        let cases = """
        caresses:caress ponies:poni ties:tie caress:caress cats:cat feed:feed agreed:agre plastered:plaster bled:bled
        motoring:motor sing:sing conflated:conflat troubled:troubl sized:size hopping:hop tanned:tan falling:fall
        hissing:hiss fizzed:fizz failing:fail filing:file happy:happi sky:sky skies:sky dying:die lying:lie
        relational:relat conditional:condit rational:ration valenci:valenc hesitanci:hesit digitizer:digit
        conformabli:conform radicalli:radic differentli:differ vileli:vile analogousli:analog vietnamization:vietnam
        predication:predic operator:oper feudalism:feudal decisiveness:decis hopefulness:hope callousness:callous
        formaliti:formal sensitiviti:sensit sensibiliti:sensibl triplicate:triplic formative:form formalize:formal
        electriciti:electr electrical:electr hopeful:hope goodness:good revival:reviv allowance:allow inference:infer
        airliner:airlin gyroscopic:gyroscop adjustable:adjust defensible:defens irritant:irrit replacement:replac
        adjustment:adjust dependent:depend adoption:adopt homologou:homolog communism:commun activate:activ
        angulariti:angular homologous:homolog effective:effect bowdlerize:bowdler probate:probat rate:rate cease:ceas
        controll:control roll:roll generously:gener enjoy:enjoy cry:cri by:by spied:spi flies:fli innings:inning
        proceed:proceed succeed:succeed analogi:analog archaeology:archaeolog fulli:fulli beautifully:beauti
        """
        for pair in cases.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = pair.split(separator: ":").map(String.init)
            #expect(PorterStemmer.stem(parts[0]) == parts[1], "stem of \(parts[0])")
        }
    }

    @Test func porterAgreesWithTheReferenceOnTheVocabulary() {
        var checked = 0
        for line in PorterReference.vocabularyStems {
            for pair in line.split(separator: " ") {
                let parts = pair.split(separator: ":").map(String.init)
                #expect(PorterStemmer.stem(parts[0]) == parts[1], "stem of \(parts[0])")
                checked += 1
            }
        }
        #expect(checked > 700)
    }
}
