// Small pieces of claim text: signed numbers, lists, the runs a claim rests on and the shared method
// sentences. Every number goes through `NumberFormat`, so the report is byte-stable.

enum ClaimText {
    /// "+2.00", "-0.50", "0.00" (no sign when the value rounds to zero).
    static func signed(_ value: Double, decimals: Int) -> String {
        let text = NumberFormat.fixed(value, decimals: decimals)
        return value > 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "+" + text : text
    }

    /// "+2.00 [+1.10, +2.90]".
    static func signedInterval(_ interval: ConfidenceInterval, decimals: Int) -> String {
        signed(interval.estimate, decimals: decimals) + " [" + signed(interval.lower, decimals: decimals) + ", "
            + signed(interval.upper, decimals: decimals) + "]"
    }

    /// A value of a claim's discrepancy or tiny ratio in the paper's short scientific style ("3.1e-13").
    static func scientific(_ value: Double) -> String { NumberFormat.scientific(value, significantDigits: 2) }

    static func plural(_ count: Int, _ noun: String, _ nouns: String? = nil) -> String {
        "\(count) \(count == 1 ? noun : (nouns ?? noun + "s"))"
    }

    /// "Runs: experiments `a`, `b`; 72 runs in scope (done 70, diverged 2). Input digest: ..." (the tables' caption form).
    static func runBasis(_ used: [RunResult], curves: [StepSeries] = []) -> [String] {
        var caption = TableCaption()
        caption.addRuns(used: used, unused: 0)
        // The tables' line starts "Ours:", which in a claim reads as its statement.
        caption.lines[0] = "Runs: " + caption.lines[0].dropFirst("Ours: ".count)
        caption.addDigest(RowDigest.digest(runs: used, curves: curves), rows: used.count + curves.count)
        return caption.lines
    }

    static let pairing = "Pairing: runs of two optimizers with the same task, preset, rank and seed share their data order and "
        + "their initial A (both come from the seed), so differences pair by seed, each optimizer at its own selected "
        + "learning rate (the tables' one rule: best mean dev score over the shared seeds, a diverged or did-not-learn "
        + "seed counting 0)."

    static func bootstrap(_ settings: BootstrapSettings) -> String {
        "95% intervals: percentile bootstrap, \(settings.resamples) resamples from the fixed seed \(settings.seed); "
            + "seeds are drawn with replacement within each task (the stratum), the set of tasks fixed, and a drawn seed "
            + "brings every optimizer's run on it; quantiles are those of the resampled statistic's empirical distribution "
            + "(the smallest value with at least 2.5% or 97.5% of the resamples at or below it)."
    }

    static let verdictRule = "Verdict: holds when the interval excludes the null on the paper's side, does not hold when it "
        + "excludes it on the other side, inconclusive when it contains the null (a bound on it included); a claim about "
        + "every task or rank holds when every part holds and does not hold when one part does not. Parts are not "
        + "adjusted for multiplicity."

    static func zeroScoring(_ count: Int) -> String {
        "A seed whose run diverged or did not learn at the selected rate scores 0 (as in the learning-rate rule), so no pair "
            + "drops out: \(plural(count, "such seed")) here."
    }
}
