import Foundation
@testable import Report
import Testing

@Suite struct FigureTests {
    /// Three seeds of Adam (selected 1e-4) and LoRA-RITE (selected 2e-4, one seed diverged) on
    /// openbookqa-style, with update-ratio and loss curves over 0 ... 2000 steps every 50.
    static func input() -> (results: [RunResult], curves: [StepSeries]) {
        var results: [RunResult] = []
        var curves: [StepSeries] = []
        let steps = Array(stride(from: 0, through: 2000, by: 50))
        for (optimizer, lr, base) in [("adam", 1e-4, 1e-5), ("lora-rite", 2e-4, 2e-3)] {
            for (rate, dev) in [(1e-4, optimizer == "adam" ? 0.6 : 0.4), (2e-4, optimizer == "adam" ? 0.5 : 0.7)] {
                for seed in 0 ..< 3 {
                    let diverged = optimizer == "lora-rite" && seed == 2
                    let result = run(optimizer, task: "openbookqa-style", lr: rate, seed: seed,
                                     status: diverged ? .diverged : .done, dev: diverged ? nil : dev, test: diverged ? nil : dev)
                    results.append(result)
                    guard rate == lr else { continue }
                    let scale = 1 + 0.1 * Double(seed)
                    // ||dA||/||A|| is 0 at step 0 (A's gradient is zero while B = 0): a gap on the log axis.
                    curves.append(StepSeries(runKey: result.runKey, metric: .updateRatioA, points: steps.map {
                        CurvePoint(step: $0, value: $0 == 0 ? 0 : base * scale * (1 + Double($0) / 500))
                    }))
                    // ||dB||/||B|| is not finite at step 0 (B = 0).
                    curves.append(StepSeries(runKey: result.runKey, metric: .updateRatioB, points: steps.map {
                        CurvePoint(step: $0, value: $0 == 0 ? .infinity : 5 * base * scale / (1 + Double($0) / 300))
                    }))
                    curves.append(StepSeries(runKey: result.runKey, metric: .trainLoss, points: steps.map {
                        CurvePoint(step: $0, value: 0.5 + 2 * scale * exp(-Double($0) / (optimizer == "adam" ? 800 : 400)))
                    }))
                    curves.append(StepSeries(runKey: result.runKey, metric: .normA, points: steps.map {
                        CurvePoint(step: $0, value: 8 + (optimizer == "adam" ? 0.001 : 0.5) * Double($0) / 100)
                    }))
                    curves.append(StepSeries(runKey: result.runKey, metric: .normB, points: steps.map {
                        CurvePoint(step: $0, value: scale * Double($0) / 400)
                    }))
                }
            }
        }
        return (results, curves)
    }

    @Test func aggregateMeanAndMinMax() {
        let seeds: [[CurvePoint]] = [
            [CurvePoint(step: 0, value: 1), CurvePoint(step: 10, value: 2), CurvePoint(step: 20, value: .nan)],
            [CurvePoint(step: 0, value: 3), CurvePoint(step: 10, value: 4)],
            [CurvePoint(step: 0, value: 5), CurvePoint(step: 20, value: .infinity)],
        ]
        let (points, band) = FigureBuilder.aggregate(seeds)
        #expect(points.map(\.x) == [0, 10, 20])
        #expect(points[0].y == 3 && points[1].y == 3)
        #expect(points[2].y.isNaN)  // no finite value at step 20: a gap
        #expect(band[0] == BandPoint(x: 0, low: 1, high: 5))
        #expect(band[1] == BandPoint(x: 10, low: 2, high: 4))
    }

    @Test func movingAverageOverSteps() {
        // Steps 0, 10, 20, 30, 40 with a NaN at 30; a 20-step window holds the current and previous point.
        let points = [1.0, 2, 3, .nan, 5].enumerated().map { CurvePoint(step: 10 * $0.offset, value: $0.element) }
        let smoothed = FigureBuilder.smooth(points, window: 20)
        #expect(smoothed.map(\.value)[0 ... 2] == [1, 1.5, 2.5])
        #expect(smoothed[3].value.isNaN)
        #expect(smoothed[4].value == 5)  // step 20 is outside (40 - 20, 40]; step 30 is a gap
        #expect(FigureBuilder.smooth(points, window: 1).map(\.step) == points.map(\.step))
        // Points every 50 steps and a 20-step window: nothing to average, the curve is unchanged.
        let sparse = [CurvePoint(step: 0, value: 3), CurvePoint(step: 50, value: 2)]
        #expect(FigureBuilder.smooth(sparse, window: 20) == sparse)
    }

    @Test func figure4() throws {
        let (results, curves) = Self.input()
        let figure = try ReportBuilder.figure(.figure4, results: results, curves: curves)
        try Golden.check("figure4.svg", figure.svg)
        try SVGCheck.validate(figure.svg, name: "figure4")
        #expect(figure.caption.contains("- (a) factor A [openbookqa-style; rates chosen on dev acc_norm]: Adam lr 1e-4, 3 seeds plotted; "
            + "LoRA-RITE lr 2e-4, 2 seeds plotted (1/3 diverged).\n"))
        #expect(figure.caption.contains("Input digest: SHA-256 "))
        #expect(try ReportBuilder.figure(.figure4, results: results.reversed(), curves: curves.reversed()) == figure)
    }

    @Test func everyFigureRenders() throws {
        let (results, curves) = Self.input()
        let options = FigureOptions(figure2Tasks: ["sni-global", "openbookqa-style"], figure3Task: "sni-global")
        for name in ReportFigure.allCases {
            let figure = try ReportBuilder.figure(name, results: results, curves: curves, figureOptions: options)
            if name != .figure4 { try Golden.check("\(name.rawValue).svg", figure.svg) }
            try SVGCheck.validate(figure.svg, name: name.rawValue)
        }
        // figure2's sni-global panel has no runs: an empty panel that says so, never a dropped one.
        let figure2 = try ReportBuilder.figure(.figure2, results: results, curves: curves, figureOptions: options)
        #expect(figure2.svg.contains(">no data</text>"))
        #expect(figure2.caption.contains("- sni-global [sni-global; rates chosen on dev exact_match]: no runs.\n"))
        #expect(figure2.caption.contains("trailing mean over 20 steps"))
        #expect(throws: ReportError.duplicateCurve(runKey: curves[0].runKey, metric: curves[0].metric)) {
            try ReportBuilder.figure(.figure1, results: results, curves: curves + [curves[0]])
        }
    }
}
