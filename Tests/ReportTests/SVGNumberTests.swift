import Testing
@testable import Report

@Suite("SVG number formatting")
struct SVGNumberTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var value: Double
        var decimals: Int
        var expected: String
        var testDescription: String { "\(value) with \(decimals) decimals is \(expected)" }
    }

    static let cases: [Case] = [
        Case(value: -0.0001, decimals: 2, expected: "0"),         // rounds to -0 → 0
        Case(value: -0.0, decimals: 2, expected: "0"),
        Case(value: 2.0, decimals: 2, expected: "2"),             // no trailing zeros
        Case(value: -3.14159, decimals: 2, expected: "-3.14"),
        Case(value: 0.125, decimals: 2, expected: "0.13"),        // exact half, away from zero
        Case(value: -0.125, decimals: 2, expected: "-0.13"),
        Case(value: 1e-7, decimals: 2, expected: "0"),            // no exponent
        Case(value: 1e-7, decimals: 8, expected: "0.0000001"),
        Case(value: 123456789.0, decimals: 2, expected: "123456789"),
        Case(value: 1e20, decimals: 0, expected: "1000000000000000"),  // clamped, no exponent
        Case(value: 0.5, decimals: 0, expected: "1"),
        Case(value: 10.10, decimals: 1, expected: "10.1"),
        Case(value: .nan, decimals: 2, expected: "0"),
        Case(value: .infinity, decimals: 2, expected: "0"),
        Case(value: 0.05, decimals: 2, expected: "0.05"),
    ]

    @Test("numbers are locale-free, without -0, exponents or trailing zeros", arguments: cases)
    func formats(_ c: Case) {
        #expect(svgNumber(c.value, decimals: c.decimals) == c.expected)
    }

    @Test("the default is two decimals")
    func defaultDecimals() {
        #expect(svgNumber(1.23456) == "1.23")
    }
}
