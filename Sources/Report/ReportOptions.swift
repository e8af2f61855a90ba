import RiteCore

/// Settings shared by every table and figure; the defaults follow the paper.
public struct ReportOptions: Sendable, Equatable {
    /// Per task: the split and metric that choose the learning rate, and the split reported.
    public var scoring: [TaskScoring]
    /// Which paper model each preset stands in for, in display order.
    public var presets: [PresetPairing]
    /// The LoRA rank of Tables 1, 2, 4 and 9 and of the figures (the paper's 16).
    public var rank: Int
    /// The ranks of Table 8.
    public var ablationRanks: [Int]
    /// The ranks of Table 3.
    public var table3Ranks: [Int]
    /// The task of Tables 3 and 4 (the paper uses OpenBookQA for both).
    public var table3Task: String
    /// The task whose runs give Table 4's training speeds (the paper measured OpenBookQA).
    public var speedTask: String
    /// Table 3's column pairs: our preset and the paper model of the same column (Gemma-2B and mT5-XXL).
    public var table3Presets: [PresetPairing]
    /// The version printed in captions.
    public var toolVersion: String

    public init(
        scoring: [TaskScoring] = ReportCatalog.defaultScoring,
        presets: [PresetPairing] = ReportCatalog.defaultPresets,
        rank: Int = 16,
        ablationRanks: [Int] = [4, 16, 64],
        table3Ranks: [Int] = [4, 16],
        table3Task: String = "openbookqa-style",
        speedTask: String = "openbookqa-style",
        table3Presets: [PresetPairing] = [
            PresetPairing(preset: "tiny", paperModel: "Gemma-2B"),
            PresetPairing(preset: "small", paperModel: "mT5-XXL"),
        ],
        toolVersion: String = ToolVersion.current
    ) {
        self.scoring = scoring
        self.presets = presets
        self.rank = rank
        self.ablationRanks = ablationRanks
        self.table3Ranks = table3Ranks
        self.table3Task = table3Task
        self.speedTask = speedTask
        self.table3Presets = table3Presets
        self.toolVersion = toolVersion
    }

    func scoring(for task: String) throws -> TaskScoring {
        guard let found = scoring.first(where: { $0.task == task }) else { throw ReportError.unknownTask(task) }
        return found
    }

    /// The paper model paired with `preset`, if any.
    func paperModel(for preset: String) -> String? {
        presets.first(where: { $0.preset == preset })?.paperModel
    }

    /// The presets to show: every paired preset, then unpaired presets found in `runs`, by name.
    func displayPresets(_ runs: [RunResult]) -> [String] {
        let paired = presets.map(\.preset)
        let extra = Array(Set(runs.map(\.preset)).subtracting(paired)).sorted()
        return paired + extra
    }
}
