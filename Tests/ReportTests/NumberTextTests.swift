import Testing
@testable import Report

@Suite("Number text for tables and labels")
struct NumberTextTests {
    @Test("significant digits keep trailing zeros and switch to ×10ⁿ far from 1")
    func significant() {
        #expect(NumberText.significant(0.5, digits: 3) == "0.500")
        #expect(NumberText.significant(0.012345, digits: 3) == "0.0123")
        #expect(NumberText.significant(12.345, digits: 3) == "12.3")   // 12.345 → 12.3 (3 digits)
        #expect(NumberText.significant(0.99996, digits: 3) == "1.00")  // carry into the next decade
        #expect(NumberText.significant(12345, digits: 3) == "12345")
        #expect(NumberText.significant(1.234e-5, digits: 3) == "1.23×10⁻⁵")
        #expect(NumberText.significant(1e-5, digits: 3, trimmed: true) == "10⁻⁵")
        #expect(NumberText.significant(-2.5e8, digits: 2) == "-2.5×10⁸")
        #expect(NumberText.significant(.nan, digits: 3) == "NaN")
    }

    @Test("a std gets two significant digits and the mean is rounded to the same place")
    func meanStd() {
        let plain = TableBuilder.ColumnStyle()
        #expect(TableBuilder.format(.number(0.87342), std: 0.01234, style: plain) == "0.873 ± 0.012")
        #expect(TableBuilder.format(.number(123.4), std: 5, style: plain) == "123.4 ± 5.0")
        // digits: 2 used to print "0.88 ± 0.00"
        let two = TableBuilder.ColumnStyle(digits: 2)
        #expect(TableBuilder.format(.number(0.88123), std: 0.0012, style: two) == "0.8812 ± 0.0012")
        #expect(TableBuilder.format(.number(0.88123), std: 0.134, style: plain) == "0.88 ± 0.13")
        #expect(TableBuilder.format(.number(1234.4), std: 56, style: plain) == "1234 ± 56")
        #expect(TableBuilder.format(.number(32), std: nil, style: .init(integer: true)) == "32")
        #expect(TableBuilder.format(.missing, std: nil, style: plain) == "–")
    }

    @Test("a column picks one notation: grid values trimmed, small values all in ×10ⁿ")
    func columnStyle() {
        let grid = TableBuilder.ColumnStyle(numbers: [0.1, 0.05, 0.8], stds: [], digits: 3)
        #expect(grid.trimmed && !grid.integer && !grid.scientific)
        #expect(TableBuilder.format(.number(0.05), std: nil, style: grid) == "0.05")
        let measured = TableBuilder.ColumnStyle(numbers: [0.8361, 0.5], stds: [], digits: 3)
        #expect(!measured.trimmed)
        #expect(TableBuilder.format(.number(0.5), std: nil, style: measured) == "0.500")
        let small = TableBuilder.ColumnStyle(numbers: [0.0003125, 7.8125e-5], stds: [], digits: 3)
        #expect(small.scientific)
        #expect(TableBuilder.format(.number(0.0003125), std: nil, style: small) == "3.13×10⁻⁴")  // 3.125 rounds half away
        let ints = TableBuilder.ColumnStyle(numbers: [32, 128], stds: [0, 0], digits: 3)
        #expect(ints.integer)
    }
}
