import Foundation

extension ReportWriter {
    /// Computes the claims of the writer's profile with its report options and writes `claims.md`;
    /// returns the claims and the text.
    @discardableResult
    public func writeClaims() throws -> (claims: [ClaimReport], markdown: String) {
        var claimOptions = ClaimOptions()
        claimOptions.report = options
        let inputs = try reader.claimInputs(profile: profile, options: claimOptions)
        let claims = try ClaimsBuilder.claims(inputs, options: claimOptions)
        let (absent, outside) = partition(inputs.missingExperiments)
        let text = ClaimsBuilder.markdown(claims, profile: profile, options: claimOptions, missingExperiments: absent,
                                          outsideProfile: outside)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("claims.md")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        return (claims, text)
    }

    /// The lines at the top of `README.md`: one per claim, and where the details are.
    static func claimsSummary(_ claims: [ClaimReport]) -> String {
        "## Claims\n\n" + ClaimsRenderer.summaryLines(claims)
            + "\nEach claim with the paper's words, the intervals and the runs behind it: [claims.md](claims.md).\n\n"
    }
}
