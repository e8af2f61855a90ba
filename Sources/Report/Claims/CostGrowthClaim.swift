// C8: the cost of one optimizer step grows as the paper's Table 7 says. Per optimizer and series
// (m = n growing at a fixed r; r growing at fixed m = n), the exponent is the least-squares slope of
// log10(seconds) on log10(size) over the largest sizes of the series, where the leading term of the
// complexity should dominate; its interval is slope ± t(0.975, k - 2) x standard error over k sizes.
//
// The paper gives an order, not a number, so the null is "half a power away": the claim holds for a
// series when the interval lies within (p - 0.5, p + 0.5) around the paper's leading power p, does
// not hold when it lies entirely outside [p - 0.5, p + 0.5], and is inconclusive otherwise.

import Foundation
import Optimizers

enum CostGrowthClaim {
    static let paper = "\"the overall complexity per step is O(mr^2 + nr^2 + r^3). It is only r times slower than Adam\" "
        + "(Section 3); Table 7: Adam and Lamb O(mr + nr), Shampoo O(m^3 + n^3 + r^3), ScaledAdam and LoRA-RITE O(mr^2 + nr^2)."

    struct Series {
        let optimizer: String
        let varies: String
        let fixed: String
        /// m and n of an r series (nil for m = n).
        let width: Int?
        let sizes: [Int]
        let seconds: [Double]
    }

    /// Why the varied size's term of the paper's complexity does not lead at these sizes, if it does not:
    /// Shampoo's r^3 is below its m^3 + n^3 while r < m, so an r series there measures other costs.
    static func notLeading(_ series: Series, fitted: [Int]) -> String? {
        if series.optimizer == "shampoo", series.varies == "r", let width = series.width, fitted.min()! < width {
            return "r^3 is below m^3 + n^3 while r < m"
        }
        return nil
    }

    /// Medians of repeated timings, then the m = n and r series of every optimizer (as Table 7 draws them).
    static func series(_ measurements: [StepCostMeasurement]) -> [Series] {
        var samples: [CostTableRenderer.Point: [Double]] = [:]
        for m in measurements {
            samples[CostTableRenderer.Point(optimizer: m.optimizer, m: m.m, n: m.n, r: m.r), default: []].append(m.seconds)
        }
        let points = samples.keys.sorted()
        var result: [Series] = []
        for optimizer in ReportCatalog.sortedOptimizers(points.map(\.optimizer)) {
            let own = points.filter { $0.optimizer == optimizer }
            let kinds: [(name: String, size: (CostTableRenderer.Point) -> Int, fixed: (CostTableRenderer.Point) -> String,
                         include: (CostTableRenderer.Point) -> Bool)] = [
                ("m=n", { $0.m }, { "r=\($0.r)" }, { $0.m == $0.n }),
                ("r", { $0.r }, { "m=\($0.m), n=\($0.n)" }, { _ in true }),
            ]
            for kind in kinds {
                var byFixed: [String: [CostTableRenderer.Point]] = [:]
                for point in own where kind.include(point) { byFixed[kind.fixed(point), default: []].append(point) }
                for fixed in byFixed.keys.sorted() {
                    let members = byFixed[fixed]!.sorted { kind.size($0) < kind.size($1) }
                    result.append(Series(optimizer: optimizer, varies: kind.name, fixed: fixed,
                                         width: kind.name == "r" ? max(members[0].m, members[0].n) : nil, sizes: members.map(kind.size),
                                         seconds: members.map { CostTableRenderer.median(samples[$0]!) }))
                }
            }
        }
        return result
    }

    static func build(_ inputs: ClaimInputs, options: ClaimOptions) throws -> ClaimReport {
        for (index, m) in inputs.stepCosts.enumerated() where !(m.seconds.isFinite && m.seconds > 0 && m.m >= 1 && m.n >= 1 && m.r >= 1) {
            throw ReportError.invalidMeasurement(index: index, reason: "m=\(m.m), n=\(m.n), r=\(m.r), seconds = \(m.seconds)")
        }
        let k = options.fitSizes
        let method = [
            "Statistic per optimizer and series: the least-squares slope of log10(median seconds per step) on log10(size) over "
                + "the \(k) largest sizes of the series (where the leading term should dominate; Table 7 shows every size), "
                + "with the slope's standard error; 95% interval: slope ± t(0.975, \(k - 2)) × standard error "
                + "(t = \(NumberFormat.fixed(StudentT.quantile(0.975, degreesOfFreedom: k - 2), decimals: 2)); Student's t, "
                + "the residual variance estimated from \(k) points).",
            "Null: the paper gives an order, not a number, so a series agrees when its interval lies within half a power of the "
                + "paper's leading power p of the varied size, (p − 0.5, p + 0.5), disagrees when it lies outside [p − 0.5, p + 0.5], "
                + "and is inconclusive otherwise; LoRA+ has Adam's cost. A series whose varied term does not lead at the fitted "
                + "sizes is not judged (Shampoo's r^3 while r < m = n). The claim holds when every judged series agrees.",
            "Timings: one optimizer step on one LoRA pair, each point the median over windows of the mean step time "
                + "(`rite-repro bench optimizer-step`); periodic work (Shampoo's roots every 100 steps) is amortised.",
        ]
        var basis = ["Input digest: SHA-256 \(RowDigest.digest(runs: [], measurements: inputs.stepCosts)) over the "
            + "\(inputs.stepCosts.count) optimizer-step timings (canonical form: README, \"Reports\")."]
        let title = "the optimizer step's cost grows as Table 7 says"
        // The claim is about the paper's optimizers; another one measured is shown in Table 7 only.
        let fitted = series(inputs.stepCosts).filter { $0.sizes.count >= k && ReportCatalog.paperOptimizers.contains($0.optimizer) }
        let optimizers = ReportCatalog.paperOptimizers
        let missing = optimizers.filter { name in !fitted.contains { $0.optimizer == name } }
        guard missing.isEmpty else {
            basis.append("Optimizers without a series of \(k) sizes: " + missing.map { ReportCatalog.displayName(optimizer: $0) }.joined(separator: ", ") + ".")
            return ClaimReport(id: "C8", title: title, paper: paper, ours: "Not computed: timings are missing.",
                               verdict: .notEnoughRuns(detail: "n = \(inputs.stepCosts.count) timings; a series of \(k) sizes per optimizer needed"),
                               effect: "", shortfalls: missing.map { "\(ReportCatalog.displayName(optimizer: $0)): no series of \(k) sizes" },
                               method: method, basis: basis)
        }
        let t = StudentT.quantile(0.975, degreesOfFreedom: k - 2)
        var rows: [[String]] = []
        var verdicts: [ClaimVerdict] = []
        var riteText: [String] = [], disagreeing: [String] = []
        for series in fitted {
            let top = Array(zip(series.sizes, series.seconds).suffix(k))
            guard let fit = LineFit.leastSquares(x: top.map { log10(Double($0.0)) }, y: top.map { log10($0.1) }),
                  let error = fit.slopeStandardError else {
                // Distinct sizes (a series never repeats one) and k >= 3 always give a slope and its error.
                preconditionFailure("CostGrowthClaim: no fit through \(top.count) distinct sizes")
            }
            let interval = ConfidenceInterval(estimate: fit.slope, lower: fit.slope - t * error, upper: fit.slope + t * error)
            let power = Double(CostTableRenderer.paperComplexity(series.optimizer)!.cost.leadingPower(StepCost.Size(rawValue: series.varies)!))
            let name = ReportCatalog.displayName(optimizer: series.optimizer)
            let cells = [name, series.varies, series.fixed, top.map { String($0.0) }.joined(separator: ", "),
                         NumberFormat.fixed(fit.slope, decimals: 2) + " ± " + NumberFormat.fixed(error, decimals: 2),
                         "[" + NumberFormat.fixed(interval.lower, decimals: 2) + ", " + NumberFormat.fixed(interval.upper, decimals: 2) + "]",
                         String(Int(power))]
            if let reason = notLeading(series, fitted: top.map(\.0)) {
                rows.append(cells + ["not judged (\(reason))"])
                continue
            }
            let verdict: ClaimVerdict = interval.lower > power - 0.5 && interval.upper < power + 0.5 ? .holds
                : (interval.upper < power - 0.5 || interval.lower > power + 0.5 ? .doesNotHold : .inconclusive)
            verdicts.append(verdict)
            rows.append(cells + [verdict.text])
            if series.optimizer == ReportCatalog.proposedOptimizer {
                riteText.append("\(series.varies): \(NumberFormat.fixed(fit.slope, decimals: 2)) ± \(NumberFormat.fixed(error, decimals: 2)) "
                    + "(paper \(Int(power)))")
            }
            if verdict == .doesNotHold { disagreeing.append("\(name) \(series.varies) \(NumberFormat.fixed(fit.slope, decimals: 2)) (paper \(Int(power)))") }
        }
        let agree = verdicts.filter { $0 == .holds }.count
        let ours = "Over the \(k) largest sizes, \(agree) of \(ClaimText.plural(verdicts.count, "judged series", "judged series")) agree with "
            + "Table 7's leading power"
            + (disagreeing.isEmpty ? "" : "; disagreeing: " + disagreeing.joined(separator: ", ")) + ". LoRA-RITE's exponents: "
            + riteText.joined(separator: ", ") + "."
        return ClaimReport(id: "C8", title: title, paper: paper, ours: ours, verdict: ClaimVerdict.every(verdicts),
                           effect: "\(agree)/\(verdicts.count) series agree; LoRA-RITE " + riteText.joined(separator: ", "),
                           detailHeaders: ["Optimizer", "Varies", "Fixed", "Sizes fitted", "Exponent ± s.e.", "95% interval",
                                           "Paper's power", "Verdict"],
                           detailRows: rows, method: method, basis: basis)
    }
}
