import Foundation
@testable import Report
import Testing

@Suite("Claim statistics")
struct StatisticsTests {
    @Test("interquartile mean by hand")
    func interquartileMean() {
        // n = 4: the mean of the middle two.
        #expect(SampleStatistics.interquartileMean([100, 1, 3, -50]) == 2)
        // n = 5, 1...5: cells of width 0.2; 2 and 4 count 0.15 / 0.2 = 3/4 each: (1.5 + 3 + 3) / 2.5 = 3.
        #expect(abs(SampleStatistics.interquartileMean([5, 4, 3, 2, 1]) - 3) < 1e-12)
        // n = 8: the trimmed mean of the middle four.
        #expect(abs(SampleStatistics.interquartileMean([1, 2, 3, 4, 5, 6, 7, 80]) - 4.5) < 1e-12)
        // n = 1 and n = 2 (each value's cell overlaps the middle half equally).
        #expect(SampleStatistics.interquartileMean([7]) == 7)
        #expect(SampleStatistics.interquartileMean([1, 3]) == 2)
        // n = 6, 0, 0, 0, 12, 12, 12 by hand: cells [0, 1/6), ...; weights 0, 1/12, 1/6, 1/6, 1/12, 0 → (12/6 + 12/12) / 0.5 = 6.
        #expect(abs(SampleStatistics.interquartileMean([0, 0, 0, 12, 12, 12]) - 6) < 1e-12)
    }

    @Test("probability of improvement is the Mann-Whitney share of wins, ties one half")
    func probabilityOfImprovement() {
        #expect(SampleStatistics.probabilityOfImprovement([3, 4], over: [1, 2]) == 1)
        #expect(SampleStatistics.probabilityOfImprovement([1, 2], over: [3, 4]) == 0)
        // Pairs (2,1) win, (2,2) tie, (2,3) lose, (5,·) three wins: (1 + 0.5 + 0 + 3) / 6.
        #expect(SampleStatistics.probabilityOfImprovement([2, 5], over: [1, 2, 3]) == 4.5 / 6)
    }

    @Test("Student's t quantiles against closed forms and a table value")
    func studentT() {
        for p in [0.6, 0.9, 0.975, 0.995] {
            // One degree of freedom: the Cauchy distribution, tan(pi (p - 1/2)).
            #expect(abs(StudentT.quantile(p, degreesOfFreedom: 1) - tan(Double.pi * (p - 0.5))) < 1e-9)
            // Two: (2p - 1) / sqrt(2 p (1 - p)).
            #expect(abs(StudentT.quantile(p, degreesOfFreedom: 2) - (2 * p - 1) / (2 * p * (1 - p)).squareRoot()) < 1e-9)
        }
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 1) - 12.706204736) < 1e-8)
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 10) - 2.228138852) < 1e-8)
        #expect(abs(StudentT.quantile(0.025, degreesOfFreedom: 3) + 3.182446305) < 1e-8)
        // Many degrees of freedom approach the normal 1.959964.
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 100_000) - 1.959964) < 1e-4)
    }

    @Test("verdicts from intervals")
    func verdicts() {
        let above = ConfidenceInterval(estimate: 2, lower: 2, upper: 2)
        #expect(ClaimVerdict.judge(above, null: 0, paperSide: .above) == .holds)
        #expect(ClaimVerdict.judge(above, null: 0, paperSide: .below) == .doesNotHold)
        let touching = ConfidenceInterval(estimate: 1, lower: 0, upper: 2)
        #expect(ClaimVerdict.judge(touching, null: 0, paperSide: .above) == .inconclusive)
        let spanning = ConfidenceInterval(estimate: 0.5, lower: -1, upper: 2)
        #expect(ClaimVerdict.judge(spanning, null: 0, paperSide: .above) == .inconclusive)
        let lacking = ClaimVerdict.notEnoughRuns(detail: "n = 1")
        #expect(ClaimVerdict.every([.holds, .holds]) == .holds)
        #expect(ClaimVerdict.every([.holds, .inconclusive]) == .inconclusive)
        #expect(ClaimVerdict.every([.holds, .inconclusive, .doesNotHold]) == .doesNotHold)
        #expect(ClaimVerdict.every([.doesNotHold, lacking]) == lacking)
        #expect(lacking.text == "not enough runs yet (n = 1)")
    }
}
