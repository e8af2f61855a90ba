// Table 7: the measured cost of one optimizer step as m, n and r grow, with the exponent fitted on a
// log-log scale next to the paper's big-O.
//
// Measurements repeated at one (optimizer, m, n, r) are reduced to their median. A series is a set of
// points of one optimizer where one size varies and the others are fixed: "m" (n, r fixed), "n"
// (m, r fixed), "r" (m, n fixed), or "m=n" (m = n together, r fixed). Each series with at least two
// sizes gets a least-squares line through (log10 size, log10 seconds); its slope is the fitted exponent.
import Foundation
import Optimizers

/// A least-squares line y = intercept + slope x, with the slope's standard error (nil for two points).
public struct LineFit: Sendable, Equatable {
    public let slope: Double
    public let intercept: Double
    public let slopeStandardError: Double?

    /// Fits `y` on `x`; nil for fewer than two points or all-equal x.
    public static func leastSquares(x: [Double], y: [Double]) -> LineFit? {
        let count = min(x.count, y.count)
        guard count >= 2 else { return nil }
        let meanX = x.prefix(count).reduce(0, +) / Double(count)
        let meanY = y.prefix(count).reduce(0, +) / Double(count)
        var sxx = 0.0, sxy = 0.0
        for i in 0 ..< count {
            sxx += (x[i] - meanX) * (x[i] - meanX)
            sxy += (x[i] - meanX) * (y[i] - meanY)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        let intercept = meanY - slope * meanX
        var standardError: Double?
        if count >= 3 {
            var residuals = 0.0
            for i in 0 ..< count {
                let r = y[i] - (intercept + slope * x[i])
                residuals += r * r
            }
            standardError = (residuals / Double(count - 2) / sxx).squareRoot()
        }
        return LineFit(slope: slope, intercept: intercept, slopeStandardError: standardError)
    }
}

enum CostTableRenderer {
    struct Point: Hashable, Comparable {
        let optimizer: String
        let m: Int, n: Int, r: Int
        static func < (lhs: Point, rhs: Point) -> Bool {
            (ReportCatalog.optimizerOrder(lhs.optimizer), lhs.optimizer, lhs.m, lhs.n, lhs.r)
                < (ReportCatalog.optimizerOrder(rhs.optimizer), rhs.optimizer, rhs.m, rhs.n, rhs.r)
        }
    }

    /// What Table 7 prints beside an optimizer's fits: the paper's time complexity (the row of the
    /// paper's Table 7 whose label is the optimizer's display name followed by its citation) or why
    /// there is none, and the leading powers the optimizer states for its step (`StepCost`). Nil for a
    /// name the factory does not know.
    static func paperComplexity(_ optimizer: String) -> (paperTime: String, cost: StepCost)? {
        guard let specification = try? OptimizerFactory.specification(optimizer) else { return nil }
        switch specification.stepCost.paperTable7 {
        case .listed:
            let time = paperTable7Row(displayName: specification.displayName)
                .flatMap { PaperNumbers.table7.cell(label: $0.label, column: "Time Complexity") }
            return (time ?? "—", specification.stepCost)
        case let .notListed(note):
            return ("— (not in Table 7" + (note.map { "; \($0)" } ?? "") + ")", specification.stepCost)
        }
    }

    /// The paper's Table 7 row of the optimizer displayed as `displayName` ("Adam (Kingma & Ba, 2014)").
    static func paperTable7Row(displayName: String) -> PaperRow? {
        PaperNumbers.table7.rows.first { $0.label == displayName || $0.label.hasPrefix(displayName + " (") }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func render(measurements: [StepCostMeasurement], options: ReportOptions) throws -> String {
        var samples: [Point: [Double]] = [:]
        for (index, measurement) in measurements.enumerated() {
            guard measurement.m >= 1, measurement.n >= 1, measurement.r >= 1 else {
                throw ReportError.invalidMeasurement(index: index, reason: "sizes m=\(measurement.m), n=\(measurement.n), r=\(measurement.r) must be at least 1")
            }
            guard measurement.seconds.isFinite, measurement.seconds > 0 else {
                throw ReportError.invalidMeasurement(index: index, reason: "seconds = \(measurement.seconds); expected a finite time above 0")
            }
            samples[Point(optimizer: measurement.optimizer, m: measurement.m, n: measurement.n, r: measurement.r), default: []]
                .append(measurement.seconds)
        }
        let points = samples.keys.sorted()
        let medians = Dictionary(uniqueKeysWithValues: points.map { ($0, median(samples[$0]!)) })

        var fits = MarkdownTable(
            headers: ["Optimizer", "Varies", "Fixed", "Points", "Sizes", "Fitted exponent", "Paper: time", "Leading power"],
            alignments: [.left, .left, .left, .right, .left, .right, .left, .right]
        )
        let optimizers = ReportCatalog.sortedOptimizers(points.map(\.optimizer))
        for optimizer in optimizers {
            let own = points.filter { $0.optimizer == optimizer }
            let complexity = paperComplexity(optimizer)
            let paperTime = complexity?.paperTime ?? "—"
            let dimensions: [(size: StepCost.Size, of: (Point) -> Int, fixed: (Point) -> String, include: (Point) -> Bool)] = [
                (.m, { $0.m }, { "n=\($0.n), r=\($0.r)" }, { _ in true }),
                (.n, { $0.n }, { "m=\($0.m), r=\($0.r)" }, { _ in true }),
                (.r, { $0.r }, { "m=\($0.m), n=\($0.n)" }, { _ in true }),
                (.mEqualsN, { $0.m }, { "r=\($0.r)" }, { $0.m == $0.n }),
            ]
            for dimension in dimensions {
                var series: [String: [Point]] = [:]
                for point in own where dimension.include(point) { series[dimension.fixed(point), default: []].append(point) }
                for fixed in series.keys.sorted() {
                    let members = series[fixed]!.sorted { dimension.of($0) < dimension.of($1) }
                    guard Set(members.map(dimension.of)).count >= 2 else { continue }
                    let x = members.map { log10(Double(dimension.of($0))) }
                    let y = members.map { log10(medians[$0]!) }
                    guard let fit = LineFit.leastSquares(x: x, y: y) else { continue }
                    var exponent = NumberFormat.fixed(fit.slope, decimals: 2)
                    if let error = fit.slopeStandardError { exponent += " ± " + NumberFormat.fixed(error, decimals: 2) }
                    let sizes = members.map { String(dimension.of($0)) }.joined(separator: ", ")
                    fits.append([ReportCatalog.displayName(optimizer: optimizer), dimension.size.rawValue, fixed, String(members.count),
                                 sizes, exponent, paperTime, complexity.map { String($0.cost.leadingPower(dimension.size)) } ?? "—"])
                }
            }
        }

        var raw = MarkdownTable(headers: ["Optimizer", "m", "n", "r", "Median µs per step", "Measurements"],
                                alignments: [.left, .right, .right, .right, .right, .right])
        for point in points {
            raw.append([ReportCatalog.displayName(optimizer: point.optimizer), String(point.m), String(point.n), String(point.r),
                        NumberFormat.fixed(medians[point]! * 1e6, decimals: 2), String(samples[point]!.count)])
        }
        var verbatim = MarkdownTable(headers: ["Algorithm"] + PaperNumbers.table7.columns, alignments: [.left, .left, .left])
        for row in PaperNumbers.table7.rows { verbatim.append([row.label] + row.cells) }

        var text = "### Table 7 (ours and the paper): cost of one optimizer step as m, n and r grow\n\n"
        text += "#### Fitted exponents\n\n" + (fits.rows.isEmpty ? "No series with two or more sizes.\n" : fits.render()) + "\n"
        text += "#### Measurements\n\n" + (raw.rows.isEmpty ? "No measurements.\n" : raw.render()) + "\n"
        text += "#### Paper, Table 7\n\n" + verbatim.render() + "\n"
        var caption = TableCaption()
        caption.add("Ours: \(measurements.count) timings of one optimizer step on one LoRA pair in \(points.count) "
            + "configurations; m and n are the row counts of the paper's A (m x r) and B (n x r), i.e. our input "
            + "and output widths.")
        caption.add("Fit: per series (one size varies, the others fixed; \"m=n\" varies both together), least squares "
            + "of log10(median seconds) on log10(size); the fitted exponent is the slope, ± its standard error (three "
            + "or more sizes). Leading power: the highest power of the varied size in the paper's time complexity. "
            + "At small sizes lower-order terms and fixed per-call costs weigh more, so a fitted exponent can sit below it.")
        caption.add("Medians: of the repeated timings at one configuration, in microseconds with 2 decimals.")
        caption.add("Paper: \(PaperNumbers.table7.citation), \"\(PaperNumbers.table7.caption)\" (TeX markup removed).")
        caption.addDigest(RowDigest.digest(runs: [], measurements: measurements), rows: measurements.count)
        caption.addVersion(options.toolVersion)
        return text + caption.render()
    }
}
