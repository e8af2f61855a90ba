// The Porter stemmer (Porter, 1980) with the extensions of the implementation that the ROUGE scorer
// of Super-Natural-Instructions uses by default ("NLTK extensions" mode): a small pool of
// irregular forms, words of at most two letters left alone, "ies"/"ied" on four-letter words kept
// as "ie", y -> i only after a consonant, "bli" -> "ble" in place of "abli" -> "able", the extra
// step-2 rules "alli" (applied first), "fulli" and "logi", and a two-letter vowel-consonant stem
// counting as *o. Written from the algorithm's description; the tests compare it with the
// reference stemmer's output on every word of the vocabulary and on a list of English words.

enum PorterStemmer {
    private typealias Word = [UInt8]
    private typealias Rule = (suffix: String, replacement: String, condition: ((Word) -> Bool)?)

    private static let irregular: [String: String] = [
        "sky": "sky", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "news": "news",
        "innings": "inning", "inning": "inning", "outings": "outing", "outing": "outing",
        "cannings": "canning", "canning": "canning", "howe": "howe", "proceed": "proceed",
        "exceed": "exceed", "succeed": "succeed",
    ]

    static func stem(_ word: String) -> String {
        let lower = word.lowercased()
        if let form = irregular[lower] { return form }
        guard lower.utf8.count > 2 else { return lower }
        var w = Array(lower.utf8)
        w = step1a(w)
        w = step1b(w)
        w = step1c(w)
        w = step2(w)
        w = step3(w)
        w = step4(w)
        w = step5a(w)
        w = step5b(w)
        return String(decoding: w, as: UTF8.self)
    }

    // MARK: consonants, measure, conditions

    private static func isVowelLetter(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "a") || c == UInt8(ascii: "e") || c == UInt8(ascii: "i") || c == UInt8(ascii: "o") || c == UInt8(ascii: "u")
    }

    /// Consonant flags: a letter other than a, e, i, o, u, and other than a y after a consonant.
    private static func consonants(_ w: Word) -> [Bool] {
        var flags: [Bool] = []
        flags.reserveCapacity(w.count)
        for (i, c) in w.enumerated() {
            if isVowelLetter(c) { flags.append(false) }
            else if c == UInt8(ascii: "y") { flags.append(i == 0 ? true : !flags[i - 1]) }
            else { flags.append(true) }
        }
        return flags
    }

    /// m in [C](VC)^m[V].
    private static func measure(_ w: Word) -> Int {
        let flags = consonants(w)
        var m = 0
        for i in 1 ..< max(flags.count, 1) where !flags[i - 1] && flags[i] { m += 1 }
        return m
    }

    private static func positiveMeasure(_ w: Word) -> Bool { measure(w) > 0 }
    private static func containsVowel(_ w: Word) -> Bool { consonants(w).contains(false) }

    private static func endsDoubleConsonant(_ w: Word) -> Bool {
        w.count >= 2 && w[w.count - 1] == w[w.count - 2] && consonants(w)[w.count - 1]
    }

    /// *o: ends consonant-vowel-consonant, the last not w, x or y; or is a vowel then a consonant.
    private static func endsCVC(_ w: Word) -> Bool {
        let f = consonants(w), n = w.count
        if n >= 3, f[n - 3], !f[n - 2], f[n - 1], ![UInt8(ascii: "w"), UInt8(ascii: "x"), UInt8(ascii: "y")].contains(w[n - 1]) {
            return true
        }
        return n == 2 && !f[0] && f[1]
    }

    private static func ends(_ w: Word, _ suffix: String) -> Bool {
        let s = Array(suffix.utf8)
        return w.count >= s.count && Array(w[(w.count - s.count)...]) == s
    }

    private static func dropping(_ w: Word, _ suffix: String) -> Word { Array(w[0 ..< (w.count - suffix.utf8.count)]) }

    /// The first rule whose suffix matches decides: it applies if its condition holds on the stem,
    /// otherwise the word is left unchanged.
    private static func applyFirst(_ w: Word, _ rules: [Rule]) -> Word {
        for rule in rules where ends(w, rule.suffix) {
            let stem = dropping(w, rule.suffix)
            return (rule.condition?(stem) ?? true) ? stem + Array(rule.replacement.utf8) : w
        }
        return w
    }

    // MARK: steps

    private static func step1a(_ w: Word) -> Word {
        if ends(w, "ies") && w.count == 4 { return dropping(w, "ies") + Array("ie".utf8) }
        return applyFirst(w, [("sses", "ss", nil), ("ies", "i", nil), ("ss", "ss", nil), ("s", "", nil)])
    }

    private static func step1b(_ w: Word) -> Word {
        if ends(w, "ied") { return dropping(w, "ied") + Array((w.count == 4 ? "ie" : "i").utf8) }
        if ends(w, "eed") {
            let stem = dropping(w, "eed")
            return measure(stem) > 0 ? stem + Array("ee".utf8) : w
        }
        var stem: Word? = nil
        for suffix in ["ed", "ing"] where ends(w, suffix) {
            let candidate = dropping(w, suffix)
            if containsVowel(candidate) { stem = candidate; break }
        }
        guard let s = stem else { return w }
        if ends(s, "at") || ends(s, "bl") || ends(s, "iz") { return s + [UInt8(ascii: "e")] }
        if endsDoubleConsonant(s) {
            let last = s[s.count - 1]
            return [UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "z")].contains(last) ? s : Array(s.dropLast())
        }
        return measure(s) == 1 && endsCVC(s) ? s + [UInt8(ascii: "e")] : s
    }

    private static func step1c(_ w: Word) -> Word {
        guard ends(w, "y") else { return w }
        let stem = dropping(w, "y")
        return stem.count > 1 && consonants(stem)[stem.count - 1] ? stem + [UInt8(ascii: "i")] : w
    }

    private static func step2(_ w: Word) -> Word {
        if ends(w, "alli") && positiveMeasure(dropping(w, "alli")) { return step2(dropping(w, "alli") + Array("al".utf8)) }
        let m: (Word) -> Bool = positiveMeasure
        return applyFirst(w, [
            ("ational", "ate", m), ("tional", "tion", m), ("enci", "ence", m), ("anci", "ance", m), ("izer", "ize", m),
            ("bli", "ble", m), ("alli", "al", m), ("entli", "ent", m), ("eli", "e", m), ("ousli", "ous", m),
            ("ization", "ize", m), ("ation", "ate", m), ("ator", "ate", m), ("alism", "al", m), ("iveness", "ive", m),
            ("fulness", "ful", m), ("ousness", "ous", m), ("aliti", "al", m), ("iviti", "ive", m), ("biliti", "ble", m),
            ("fulli", "ful", m), ("logi", "log", { stem in positiveMeasure(stem + [UInt8(ascii: "l")]) }),
        ])
    }

    private static func step3(_ w: Word) -> Word {
        let m: (Word) -> Bool = positiveMeasure
        return applyFirst(w, [
            ("icate", "ic", m), ("ative", "", m), ("alize", "al", m), ("iciti", "ic", m), ("ical", "ic", m), ("ful", "", m), ("ness", "", m),
        ])
    }

    private static func step4(_ w: Word) -> Word {
        let m: (Word) -> Bool = { measure($0) > 1 }
        let ion: (Word) -> Bool = { stem in measure(stem) > 1 && (stem.last == UInt8(ascii: "s") || stem.last == UInt8(ascii: "t")) }
        return applyFirst(w, [
            ("al", "", m), ("ance", "", m), ("ence", "", m), ("er", "", m), ("ic", "", m), ("able", "", m), ("ible", "", m),
            ("ant", "", m), ("ement", "", m), ("ment", "", m), ("ent", "", m), ("ion", "", ion), ("ou", "", m), ("ism", "", m),
            ("ate", "", m), ("iti", "", m), ("ous", "", m), ("ive", "", m), ("ize", "", m),
        ])
    }

    private static func step5a(_ w: Word) -> Word {
        guard ends(w, "e") else { return w }
        let stem = dropping(w, "e")
        let m = measure(stem)
        return m > 1 || (m == 1 && !endsCVC(stem)) ? stem : w
    }

    private static func step5b(_ w: Word) -> Word {
        ends(w, "ll") && measure(Array(w.dropLast())) > 1 ? Array(w.dropLast()) : w
    }
}
