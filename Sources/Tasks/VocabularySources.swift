// Where the vocabulary comes from: the lexicon's words and every template of every generator and of
// the corpus, split into words with `{slot}` placeholders dropped, plus the digits. It does not
// depend on the world seed or on any generated data, so it never depends on data order.

enum VocabularySources {
    static func texts() -> [String] {
        var texts: [String] = []
        texts += Lexicon.femaleNames + Lexicon.maleNames + Lexicon.towns + Lexicon.colors + Lexicon.rooms + Lexicon.sizes
        for p in Lexicon.professions { texts += [p.name, p.plural, p.verb, p.verbBase, p.gerund, p.product] }
        for r in Lexicon.materialRules { texts += [r.material, r.property, r.property3] }
        for c in Lexicon.animalClasses { texts += [c.name, c.plural, c.trait] }
        texts += ["she he her him his it"]
        texts += Lexicon.habitats + Lexicon.diets + Lexicon.objectKinds + Lexicon.petAnimals
        texts += Lexicon.countables.flatMap { [$0.0, $0.1] }
        texts += Lexicon.objects.map(\.name) + Lexicon.animals.map(\.name)
        for a in Lexicon.activities { texts += [a.name, a.family] + a.steps }
        for pair in Lexicon.causalPairs { texts += [pair.cause, pair.effect] }
        texts += PromptFormat.vocabularyTexts
        texts += HellaSwagStyleTask.vocabularyTexts + ARCStyleTask.vocabularyTexts + GSM8KStyleTask.vocabularyTexts
        texts += OpenBookQAStyleTask.vocabularyTexts
        for type in SNITaskType.all { texts += [type.instruction] + type.vocabulary }
        texts += PretrainingCorpus.vocabularyTexts
        return texts
    }

    static func words() -> [String] {
        var words = Set((0 ... 9).map(String.init))
        words.insert("####")
        for text in texts() {
            for word in Text.literalWords(text) { words.formUnion(Tokenizer.pieces(String(word))) }
        }
        return Array(words)
    }
}
