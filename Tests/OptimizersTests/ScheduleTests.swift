import Foundation
import LinearAlgebra
import Optimizers
import Testing

@Suite("Learning-rate schedules and raw-gradient clipping")
struct ScheduleTests {
    @Test("the paper's linear decay with 100 warm-up steps over 2000")
    func paperSchedule() {
        let schedule = LearningRateSchedule.paper(peak: 2e-3)
        let expected: [(Int, Double)] = [(0, 0), (1, 2e-5), (50, 1e-3), (99, 1.98e-3), (100, 2e-3), (1050, 1e-3),
                                         (1999, 2e-3 / 1900), (2000, 0), (2500, 0)]
        for (k, rate) in expected {
            #expect(abs(schedule.rate(atStep: k) - rate) <= 1e-18, "step \(k): \(schedule.rate(atStep: k))")
        }
        #expect(schedule.peak == 2e-3)
    }

    @Test func constantAndNoWarmup() {
        #expect((0 ..< 5).map { LearningRateSchedule.constant(peak: 0.1).rate(atStep: $0) } == [0.1, 0.1, 0.1, 0.1, 0.1])
        let decay = LearningRateSchedule.linearWarmupDecay(peak: 1, warmupSteps: 0, totalSteps: 4)
        #expect((0 ..< 6).map(decay.rate(atStep:)) == [1, 0.75, 0.5, 0.25, 0, 0])
        let held = LearningRateSchedule.warmupConstant(peak: 0.8, warmupSteps: 4)
        for (k, rate) in [0, 0.2, 0.4, 0.6, 0.8, 0.8, 0.8].enumerated() { #expect(abs(held.rate(atStep: k) - rate) < 1e-15) }
    }

    @Test("pretraining's warm-up from step 1, then cosine or linear decay to a floor")
    func warmupDecayToFloor() {
        // Rates of the 1-based steps t = k + 1.
        let cosine = LearningRateSchedule.warmupDecayToFloor(peak: 1, warmupSteps: 10, totalSteps: 110, floorRatio: 0.1, shape: .cosine)
        for (t, rate) in [(1, 0.1), (5, 0.5), (10, 1), (60, 0.55), (110, 0.1), (500, 0.1)] {
            #expect(abs(cosine.rate(atStep: t - 1) - rate) < 1e-12, "cosine step \(t): \(cosine.rate(atStep: t - 1))")
        }
        let linear = LearningRateSchedule.warmupDecayToFloor(peak: 2, warmupSteps: 0, totalSteps: 4, floorRatio: 0.5, shape: .linear)
        #expect((0 ..< 6).map(linear.rate(atStep:)) == [1.75, 1.5, 1.25, 1, 1, 1])
        #expect(cosine.peak == 1 && linear.peak == 2)
    }

    @Test func codable() throws {
        for schedule in [LearningRateSchedule.constant(peak: 0.01), .paper(peak: 5e-4),
                         .warmupDecayToFloor(peak: 3e-3, warmupSteps: 200, totalSteps: 4000, floorRatio: 0.1, shape: .cosine)] {
            #expect(try JSONDecoder().decode(LearningRateSchedule.self, from: try JSONEncoder().encode(schedule)) == schedule)
        }
        // The encoding of the older cases does not depend on which cases exist after them.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func text(_ schedule: LearningRateSchedule) throws -> String { String(decoding: try encoder.encode(schedule), as: UTF8.self) }
        #expect(try text(.constant(peak: 0.01)) == #"{"constant":{"peak":0.01}}"#)
        #expect(try text(.paper(peak: 5e-4)) == #"{"linearWarmupDecay":{"peak":0.0005,"totalSteps":2000,"warmupSteps":100}}"#)
        #expect(try text(.warmupConstant(peak: 0.5, warmupSteps: 3)) == #"{"warmupConstant":{"peak":0.5,"warmupSteps":3}}"#)
    }

    @Test("global-norm clip of raw gradients, as the trainer does")
    func clipGlobal() {
        let a = Matrix<Double>([[3, 0]])
        let b = Matrix<Double>([[0], [4]])
        var big = [LoRAPair(a: a, b: b)]                                   // norm 5
        #expect(clipGlobalNorm(&big, maxNorm: 1) == 5)
        let c = 1 / (5 + 1e-6)
        #expect(big[0].a == Matrix([[3 * c, 0]]) && big[0].b == Matrix([[0], [4 * c]]))
        var small = [LoRAPair(a: 0.1 * a, b: 0.1 * b)]                     // norm 0.5: untouched
        #expect(clipGlobalNorm(&small, maxNorm: 1) == 0.5)
        #expect(small[0].a == 0.1 * a)
        var broken = [LoRAPair(a: Matrix<Double>([[Double.nan, 1]]), b: b)]
        #expect(clipGlobalNorm(&broken, maxNorm: 1).isNaN)
        #expect(broken[0].b == b)
    }
}
