// The entry point of the claims: every claim of the paper from plain rows, and their Markdown.

public enum ClaimsBuilder {
    /// The report's tables and figures whose experiments the claims read (C2 to C7).
    public static let sourceTables: [ReportTable] = [.table1, .table2, .table3, .table4, .table8, .table9]
    public static let sourceFigures: [ReportFigure] = [.figure1, .figure3, .figure4]

    /// The experiments of `profile` the claims read, each once, in a fixed order (tables, then figures).
    public static func experiments(profile: String) -> [String] {
        var names: [String] = []
        let baseNames = sourceTables.map(\.experimentBaseNames) + sourceFigures.map(\.experimentBaseNames)
        for name in ExperimentPlan.experiments(baseNames.flatMap { $0 }, profile: profile) where !names.contains(name) {
            names.append(name)
        }
        return names
    }

    /// C1 ... C8 in order.
    public static func claims(_ inputs: ClaimInputs, options: ClaimOptions = ClaimOptions()) throws -> [ClaimReport] {
        [
            try InvarianceClaim.build(inputs, options: options),
            try FactorGrowthClaim.build(inputs, options: options),
            try BeatsAdamClaim.build(inputs, options: options),
            try SecondBestClaim.build(inputs, options: options),
            try EveryRankClaim.build(inputs, options: options),
            try LearningRateClaim.build(inputs, options: options),
            try StepOverheadClaim.build(inputs, options: options),
            try CostGrowthClaim.build(inputs, options: options),
        ]
    }

    /// The whole `claims.md`; `missingExperiments` (experiments the claims read that the database lacks) are named at the top.
    public static func markdown(_ claims: [ClaimReport], profile: String, options: ClaimOptions = ClaimOptions(),
                                missingExperiments: [String] = [], outsideProfile: [String] = []) -> String {
        ClaimsRenderer.render(claims, profile: profile, options: options, missingExperiments: missingExperiments,
                              outsideProfile: outsideProfile)
    }
}
