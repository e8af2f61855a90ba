@testable import Report
import Testing

@Suite struct NumberFormatTests {
    @Test(arguments: [
        (62.0, 2, "62.00"), (62.005, 2, "62.01"), (1.115, 2, "1.12"), (-0.004, 2, "0.00"),
        (0.5, 0, "1"), (2.5, 0, "3"), (-2.5, 0, "-3"), (1234.5678, 1, "1234.6"), (9.999, 2, "10.00"),
        (1e-7, 2, "0.00"), (0.06, 1, "0.1"), (0.04, 1, "0.0"), (1e20, 0, "100000000000000000000"),
        (-0.0, 2, "0.00"), (0.1 + 0.2, 2, "0.30"), (2.0, 3, "2.000"), (0.0001, 5, "0.00010"),
    ])
    func fixed(value: Double, decimals: Int, expected: String) {
        #expect(NumberFormat.fixed(value, decimals: decimals) == expected)
    }

    @Test func nonFinite() {
        #expect(NumberFormat.fixed(.nan, decimals: 2) == "nan")
        #expect(NumberFormat.fixed(.infinity, decimals: 2) == "inf")
        #expect(NumberFormat.scientific(-.infinity) == "-inf")
    }

    @Test(arguments: [
        (2e-4, "2e-4"), (2.5e-4, "2.5e-4"), (1.0, "1e0"), (1000.0, "1e3"), (0.00005, "5e-5"), (0.0, "0"),
        (-0.05, "-5e-2"), (9.9999, "1e1"), (123456.0, "1.23e5"), (1e-6, "1e-6"), (2e-2, "2e-2"), (1e22, "1e22"),
    ])
    func scientific(value: Double, expected: String) {
        #expect(NumberFormat.scientific(value) == expected)
    }

    @Test func percent() {
        #expect(NumberFormat.percent(0.62) == "62.00")
        #expect(NumberFormat.percent(0.12345) == "12.35")
    }
}
