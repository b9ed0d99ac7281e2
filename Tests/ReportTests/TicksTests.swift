import Testing
@testable import Report

@Suite("Axis ticks")
struct AxisTicksTests {
    @Test("linear ticks use 1, 2, 5 steps inside a domain padded by 5 % of the span")
    func linear() {
        let t = AxisTicks(covering: [0.13, 0.87], log: false)
        // padded: 0.13 − 0.037 … 0.87 + 0.037; span 0.814 / 5 = 0.163 → step 0.2
        #expect(abs(t.lower - 0.093) < 1e-12 && abs(t.upper - 0.907) < 1e-12)
        #expect(t.major == [0.2, 0.4, 0.6, 0.8])
        #expect(t.labels == ["0.2", "0.4", "0.6", "0.8"])
        let big = AxisTicks(covering: [0, 37], log: false)
        // no mark on the axis: 0 sits inside the domain −1.85 … 38.85
        #expect(big.lower < 0 && big.upper > 37)
        #expect(big.major == [0, 10, 20, 30])
    }

    @Test("a range crossing zero has a tick at zero and minus signs in labels")
    func crossingZero() {
        let t = AxisTicks(covering: [-3.2, 4.1], log: false)
        // padded −3.565 … 4.465: 8.03 / 5 = 1.6 → step 2
        #expect(t.major == [-2, 0, 2, 4])
        #expect(t.labels.first == "−2")
    }

    @Test("explicit limits give exactly that domain, with ticks inside")
    func limits() {
        let t = AxisTicks(covering: [0.1, 0.95], log: false, limits: [0.7, 0.9])
        #expect(t.lower == 0.7 && t.upper == 0.9)
        #expect(t.major.first! >= 0.7 && t.major.last! <= 0.9)
        let l = AxisTicks(covering: [1e-5, 1], log: true, limits: [1e-3, 1e-1])
        #expect(l.lower == 1e-3 && l.upper == 1e-1 && l.major == [1e-3, 1e-2, 1e-1])
    }

    @Test("a single point, all-equal values and no finite values still give a usable axis")
    func degenerate() {
        let one = AxisTicks(covering: [5], log: false)
        #expect(one.lower < 5 && one.upper > 5)
        let zero = AxisTicks(covering: [0, 0], log: false)
        #expect(zero.lower < -1 && zero.upper > 1 && zero.major.contains(0))
        let none = AxisTicks(covering: [.nan, .infinity], log: false)
        #expect(none.lower < 0 && none.upper > 1)
        let logNone = AxisTicks(covering: [-1, 0, .nan], log: true)
        #expect(logNone.lower < 1 && logNone.upper > 10)
    }

    @Test("log ticks over two or more decades label decades, with minor ticks and superscripts")
    func logDecades() {
        let t = AxisTicks(covering: [2e-6, 0.05], log: true)
        #expect(t.lower < 2e-6 && t.upper > 0.05 && t.upper < 0.1)   // tight, not whole decades
        #expect(t.major == [1e-5, 1e-4, 1e-3, 1e-2])
        #expect(t.labels == ["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²"])
        #expect(t.minor.contains(2e-6) && t.minor.contains(5e-2) && !t.minor.contains(9e-2))
    }

    @Test("two to three decades holding only two decade ticks label 3 × 10ᵏ too")
    func logThrees() {
        let t = AxisTicks(covering: [3e-4, 0.05], log: true)
        #expect(t.major == [3e-4, 1e-3, 3e-3, 1e-2, 3e-2])
        #expect(t.labels == ["3×10⁻⁴", "10⁻³", "3×10⁻³", "10⁻²", "3×10⁻²"])
    }

    @Test("one log axis uses one notation: powers of ten throughout once any tick needs them")
    func logNotation() {
        let mixed = AxisTicks(covering: [2e-4, 0.002], log: true)
        #expect(mixed.labels.allSatisfy { $0.contains("10") && !$0.contains(".") })
        #expect(mixed.labels.contains("10⁻³"))
        let plain = AxisTicks(covering: [0.002, 0.02], log: true)
        #expect(plain.labels.allSatisfy { $0.hasPrefix("0.0") })
    }

    @Test("over many decades only every n-th decade is labelled")
    func logLabels() {
        let wide = AxisTicks(covering: [1e-9, 1e5], log: true)
        // ~15.4 padded decades / 6 → every 3rd decade: 10⁻⁹ … 10³
        #expect(wide.labels == ["10⁻⁹", "10⁻⁶", "10⁻³", "10⁰", "10³"])
        #expect(wide.minor.isEmpty)
    }

    @Test("log data spanning under two decades get 1, 2, 5 ticks tight to the data")
    func tightLog() {
        let t = AxisTicks(covering: [0.012, 0.08], log: true)
        // 1, 2, 5 would label two ticks only: 3 × 10ᵏ joins
        #expect(t.major == [0.02, 0.03, 0.05])
        #expect(t.lower > 0.01 && t.upper < 0.1)
        let s = AxisTicks(covering: [0.02, 0.3], log: true)
        #expect(s.major == [0.02, 0.05, 0.1, 0.2])
        #expect(s.labels == ["0.02", "0.05", "0.1", "0.2"])
        let small = AxisTicks(covering: [2e-5, 3e-4], log: true)
        #expect(small.labels == ["2×10⁻⁵", "5×10⁻⁵", "10⁻⁴", "2×10⁻⁴"])
        // trace 100…130: a tenth of a decade gets linear steps, not 10…1000
        let narrow = AxisTicks(covering: [100, 130], log: true)
        #expect(narrow.lower > 98 && narrow.upper < 132)
        #expect(narrow.major == [100, 110, 120, 130])
    }

    @Test("mapping puts the domain ends at the pixel ends and refuses what it cannot draw")
    func mapping() {
        let m = AxisMapping(ticks: AxisTicks(covering: [1, 100], log: true, limits: [1, 100]), start: 0, end: 200)
        #expect(m.pixel(1) == 0 && m.pixel(100) == 200)
        #expect(abs(m.pixel(10)! - 100) < 1e-9)   // log10 midpoint
        #expect(m.pixel(0) == nil && m.pixel(-1) == nil && m.pixel(.nan) == nil)
    }
}
