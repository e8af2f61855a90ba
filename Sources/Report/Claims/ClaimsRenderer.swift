// The Markdown of the claims: a summary table (one row per claim), then per claim the paper's
// statement, ours, the verdict, a table of its parts, how its intervals were computed and the runs
// behind it. Byte-stable: the text is a function of the claims alone (no dates, no hosts).

enum ClaimsRenderer {
    static func render(_ claims: [ClaimReport], profile: String, options: ClaimOptions, missingExperiments: [String],
                       outsideProfile: [String] = []) -> String {
        var text = "# The paper's claims at our scale (profile `\(profile)`)\n\n"
        text += "Each claim of \"LoRA Done RITE\" with the paper's words, ours, a verdict and the effect with its 95% interval. "
            + "A claim holds when its interval excludes the null on the paper's side, does not hold when it excludes it on the "
            + "other side, and is inconclusive when the interval contains it; a claim whose runs are missing or unfinished has "
            + "no verdict yet. A claim that does not hold at our scale is a result, not a failure of the reproduction: our "
            + "models are small analogs of the paper's.\n\n"
        if !missingExperiments.isEmpty {
            text += "> Not in the database (the claims that read them lack those runs): "
                + missingExperiments.map { "`\($0)`" }.joined(separator: ", ") + ".\n\n"
        }
        if !outsideProfile.isEmpty {
            text += "> Not part of profile `\(profile)` (the claims that read them lack those runs): "
                + outsideProfile.map { "`\($0)`" }.joined(separator: ", ") + ".\n\n"
        }
        var summary = MarkdownTable(headers: ["Claim", "Verdict", "Effect (95% interval)"], alignments: [.left, .left, .left])
        for claim in claims { summary.append(["\(claim.id) \(claim.title)", claim.verdict.text, claim.effect.isEmpty ? "—" : claim.effect]) }
        text += summary.render() + "\n"
        for claim in claims { text += section(claim) }
        text += "Rendered by rite-repro \(options.report.toolVersion).\n"
        return text
    }

    static func section(_ claim: ClaimReport) -> String {
        var text = "## \(claim.id): \(claim.title)\n\n"
        text += "**Paper.** \(claim.paper)\n\n"
        text += "**Ours.** \(claim.ours)\n\n"
        text += "**Verdict: \(claim.verdict.text).**\n\n"
        if !claim.detailRows.isEmpty {
            var table = MarkdownTable(headers: claim.detailHeaders,
                                      alignments: claim.detailHeaders.indices.map { $0 < 2 ? .left : .right })
            for row in claim.detailRows { table.append(row) }
            text += table.render() + "\n"
        }
        if !claim.shortfalls.isEmpty {
            text += "**Missing or unfinished**\n\n" + claim.shortfalls.map { "- \($0)\n" }.joined() + "\n"
        }
        for line in claim.method + claim.basis { text += line + "\n\n" }
        return text
    }

    /// One line per claim, for the top of `reports/README.md`.
    static func summaryLines(_ claims: [ClaimReport]) -> String {
        claims.map { "- \($0.summaryLine)\n" }.joined()
    }
}
