@testable import Report
import Testing

@Suite struct AxisTicksTests {
    @Test func unitInterval() {
        let ticks = AxisTickGenerator.linear(min: 0, max: 1)
        #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(ticks.labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(ticks.domain == 0 ... 1)
    }

    @Test func linearRangeIsWidenedToNiceTicks() {
        // span 0.697 / 5 = 0.139 -> step 0.2; 0.003 widens down to 0, 0.7 up to 0.8.
        let ticks = AxisTickGenerator.linear(min: 0.003, max: 0.7)
        #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8])
        #expect(ticks.labels == ["0.0", "0.2", "0.4", "0.6", "0.8"])
        #expect(ticks.domain == 0 ... 0.8)
    }

    @Test func steps() {
        let ticks = AxisTickGenerator.linear(min: 0, max: 2000)
        #expect(ticks.values == [0, 500, 1000, 1500, 2000])
        #expect(ticks.labels == ["0", "500", "1000", "1500", "2000"])
    }

    @Test func degenerateRange() {
        // [5, 5] widens to 5 -/+ 10^0 = [4, 6]; 2 / 5 = 0.4 -> step 0.5.
        let ticks = AxisTickGenerator.linear(min: 5, max: 5)
        #expect(ticks.values == [4, 4.5, 5, 5.5, 6])
        #expect(ticks.labels == ["4.0", "4.5", "5.0", "5.5", "6.0"])
        let zero = AxisTickGenerator.linear(min: 0, max: 0)
        #expect(zero.values == [-1, -0.5, 0, 0.5, 1])
        #expect(zero.labels == ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
        let small = AxisTickGenerator.linear(min: 0.03, max: 0.03)  // 0.03 -/+ 0.01, step 0.005
        #expect(small.values == [0.02, 0.025, 0.03, 0.035, 0.04])
        #expect(small.labels == ["0.020", "0.025", "0.030", "0.035", "0.040"])
    }

    @Test func negativeRange() {
        // span 3.5 / 5 = 0.7 -> step 1.
        let ticks = AxisTickGenerator.linear(min: -3.7, max: -0.2)
        #expect(ticks.values == [-4, -3, -2, -1, 0])
        #expect(ticks.labels == ["-4", "-3", "-2", "-1", "0"])
        let inverted = AxisTickGenerator.linear(min: -0.2, max: -3.7)
        #expect(inverted == ticks)
    }

    @Test func tinyLinearValuesUseScientificLabels() {
        // 3e-5 / 5 = 6e-6 -> step 1e-5.
        let ticks = AxisTickGenerator.linear(min: 0, max: 3e-5)
        #expect(ticks.values == [0, 1e-5, 2e-5, 3e-5])
        #expect(ticks.labels == ["0", "1e-5", "2e-5", "3e-5"])
    }

    @Test func nonFiniteLinearBoundsGiveTheDefaultAxis() {
        #expect(AxisTickGenerator.linear(min: .nan, max: 1) == AxisTickGenerator.linear(min: 0, max: 1))
    }

    @Test func logDecades() {
        let ticks = AxisTickGenerator.log10(min: 1e-6, max: 1e-1)
        #expect(ticks.values == [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1])
        #expect(ticks.labels == ["1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1"])
        #expect(ticks.domain == 1e-6 ... 1e-1)
        let widened = AxisTickGenerator.log10(min: 0.003, max: 0.7)
        #expect(widened.values == [1e-3, 1e-2, 1e-1, 1])
        #expect(widened.labels == ["1e-3", "1e-2", "1e-1", "1e0"])
    }

    @Test func logWithinOneDecadeUsesOneTwoFive() {
        let ticks = AxisTickGenerator.log10(min: 0.3, max: 0.7)
        #expect(ticks.values == [0.2, 0.5, 1])
        #expect(ticks.labels == ["2e-1", "5e-1", "1e0"])
        let narrow = AxisTickGenerator.log10(min: 0.31, max: 0.45)
        #expect(narrow.values == [0.3, 0.4, 0.5])
        #expect(narrow.labels == ["3e-1", "4e-1", "5e-1"])
    }

    @Test func logDegenerateAndWideRanges() {
        let point = AxisTickGenerator.log10(min: 1e-3, max: 1e-3)
        #expect(point.values == [1e-4, 1e-3, 1e-2])
        let wide = AxisTickGenerator.log10(min: 1e-12, max: 1e12)  // 24 decades, every third labelled
        #expect(wide.values == [1e-12, 1e-9, 1e-6, 1e-3, 1, 1e3, 1e6, 1e9, 1e12])
        #expect(AxisTickGenerator.log10(min: 0, max: 1) == AxisTickGenerator.log10(min: 1, max: 10))
    }

    @Test func exactPowersOfTen() {
        for exponent in -22 ... 22 {
            let value = Decimal10.power(exponent)
            #expect(value == Double("1e\(exponent)")!)
            #expect(Decimal10.floorExponent(value) == exponent)
            #expect(Decimal10.ceilExponent(value) == exponent)
        }
        #expect(Decimal10.floorExponent(0.7) == -1)
        #expect(Decimal10.ceilExponent(0.7) == 0)
    }
}
