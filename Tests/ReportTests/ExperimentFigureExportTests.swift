import Foundation
@testable import Report
import RiteCore
import Testing

/// The curves and exports of a user's own experiment, on the runs of `ExperimentTableTests`.
@Suite struct ExperimentFigureExportTests {
    /// A loss curve for every finished run: steps 1 ... 40, falling from 3 at a rate that depends on
    /// the learning rate; the diverged run's curve ends in a non-finite value.
    static func curves(_ runs: [RunResult]) -> [StepSeries] {
        runs.filter { $0.status == .done || $0.status == .diverged }.map { run in
            StepSeries(runKey: run.runKey, metric: .trainLoss, points: (1 ... 40).map { step in
                let value = run.status == .diverged && step == 40 ? Double.infinity
                    : 0.5 + 2.5 * exp(-Double(step) * run.learningRate * 10) + 0.01 * Double(run.seed)
                return CurvePoint(step: step, value: value)
            })
        }
    }

    @Test func selectedRatesOneLinePerOptimizer() throws {
        let runs = ExperimentTableTests.runs()
        let figure = try ExperimentFigureBuilder.build(ExperimentTableTests.input(), curves: Self.curves(runs),
                                                       request: ExperimentFigureRequest(metric: .trainLoss, lossSmoothing: 5))
        try SVGCheck.validate(figure.svg, name: "experiment-loss")
        #expect(figure.svg.contains(">Training loss (mine)</text>"))
        #expect(figure.svg.contains(">Adam</text>") && figure.svg.contains(">LoRA-RITE</text>"))
        #expect(!figure.svg.contains(">Lamb</text>"))
        #expect(figure.caption.contains("- arc-style [rates chosen on dev acc_norm]: Adam lr 3e-3, 3 seeds plotted; "
            + "LoRA-RITE lr 1e-2, 2 seeds plotted (1/3 diverged); Lamb: no finished run (3/3 pending)."))
        #expect(figure.caption.contains("trailing mean over 5 steps"))
        // Byte-stable: the same input gives the same bytes.
        let again = try ExperimentFigureBuilder.build(ExperimentTableTests.input(), curves: Self.curves(runs),
                                                      request: ExperimentFigureRequest(metric: .trainLoss, lossSmoothing: 5))
        #expect(again == figure)
    }

    @Test func everyRateOfOneOptimizer() throws {
        let runs = ExperimentTableTests.runs()
        let request = ExperimentFigureRequest(metric: .trainLoss, task: "arc-style", rates: .all(optimizer: "lora-rite"))
        let figure = try ExperimentFigureBuilder.build(ExperimentTableTests.input(), curves: Self.curves(runs), request: request)
        try SVGCheck.validate(figure.svg, name: "experiment-rates")
        for label in ["lr 1e-3", "lr 3e-3", "lr 1e-2"] { #expect(figure.svg.contains(">\(label)</text>")) }
        #expect(figure.svg.contains(">arc-style, selected 1e-2</text>"))
        #expect(figure.caption.contains("lr 1e-2, 2 seeds plotted (1/3 diverged)"))
        // Several optimizers and no --optimizer; an unknown optimizer or task: refused with what is expected.
        #expect(throws: ExperimentReportError.self) {
            try ExperimentFigureBuilder.build(ExperimentTableTests.input(), curves: [], request: ExperimentFigureRequest(metric: .trainLoss, rates: .all(optimizer: nil)))
        }
        #expect(throws: ExperimentReportError.unknownValue(option: "--task", value: "gsm8k-style", expected: ["arc-style"])) {
            try ExperimentFigureBuilder.build(ExperimentTableTests.input(), curves: [], request: ExperimentFigureRequest(metric: .trainLoss, task: "gsm8k-style"))
        }
        #expect(ExperimentFigureRequest.metric(named: "b-update") == .updateRatioB && ExperimentFigureRequest.metric(named: "loss-ish") == nil)
    }

    @Test func runExportAsCSVAndJSONLines() throws {
        let runs = ExperimentTableTests.runs()
        let csv = try ExperimentExport.runs(ExperimentTableTests.input(), format: .csv)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = ExperimentExport.runColumns + ExperimentExport.runSummaryColumns
            + ["dev_accuracy", "test_accuracy", "dev_acc_norm", "test_acc_norm"]
        #expect(lines[0] == header)
        #expect(lines.count == 1 + runs.count && lines.dropFirst().allSatisfy { $0.count == header.count })
        let rows = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        // Selected: Adam's three seeds at 3e-3 and LoRA-RITE's three at 1e-2 (the diverged one included).
        #expect(rows.filter { $0["selected"] == "true" }.map { "\($0["optimizer"]!) \($0["learning_rate"]!) \($0["seed"]!)" }
            == ["adam 0.003 0", "adam 0.003 1", "adam 0.003 2", "lora-rite 0.01 0", "lora-rite 0.01 1", "lora-rite 0.01 2"])
        let diverged = rows.first { $0["status"] == "diverged" }!
        #expect(diverged["test_acc_norm"] == "" && diverged["dev_accuracy"] == "" && diverged["experiment"] == "mine")
        #expect(rows.first { $0["optimizer"] == "adam" && $0["learning_rate"] == "0.003" && $0["seed"] == "2" }?["test_acc_norm"] == "0.54")

        let jsonl = try ExperimentExport.runs(ExperimentTableTests.input(), format: .jsonl)
        let objects = try jsonl.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.count == runs.count)
        #expect(jsonl.hasPrefix("{\"experiment\":\"mine\",\"run_key\":\"mine/arc-style/adam/r16/lr0.001/s0\",\"preset\":\"tiny\""))
        #expect(objects[0]["rank"] as? Int == 16 && objects[0]["learning_rate"] as? Double == 0.001)
        let divergedObject = objects.first { $0["status"] as? String == "diverged" }!
        #expect(divergedObject["test_acc_norm"] is NSNull && divergedObject["selected"] as? Bool == true)
    }

    @Test func curveExportHasOneRowPerStep() throws {
        let runs = ExperimentTableTests.runs()
        let csv = try ExperimentExport.curves(ExperimentTableTests.input(), curves: Self.curves(runs), format: .csv)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines[0] == ExperimentExport.runColumns + ["step", "train_loss", "norm_a", "norm_b", "update_ratio_a", "update_ratio_b"])
        // 18 finished runs with 40 steps each.
        #expect(lines.count == 1 + 18 * 40)
        let last = lines.first { $0[4] == "lora-rite" && $0[8] == "diverged" && $0[9] == "40" }
        #expect(last?[10] == "inf" && last?[11] == "")
        let jsonl = try ExperimentExport.curves(ExperimentTableTests.input(), curves: Self.curves(runs), format: .jsonl)
        #expect(jsonl.contains("\"step\":40,\"train_loss\":null,\"norm_a\":null"))
        #expect(CanonicalJSON.stringLiteral("a\"b\\c\n\u{1}") == "\"a\\\"b\\\\c\\n\\u0001\"")
    }
}
