import Testing
@testable import Report

@Suite("Axis ticks")
struct AxisTicksTests {
    @Test("linear ticks use 1, 2, 5 steps and cover the data")
    func linear() {
        let t = AxisTicks(covering: [0.13, 0.87], log: false)
        // span 0.74 / 5 = 0.148 → normalised 1.48 < 1.5 → step 0.1; 0.1…0.9
        #expect(t.major == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
        #expect(t.labels.first == "0.1" && t.labels.last == "0.9")
        #expect(t.lower <= 0.13 && t.upper >= 0.87)
        let big = AxisTicks(covering: [0, 37], log: false)
        // 37 / 5 = 7.4 → normalised 7.4 ≥ 7 → step 10
        #expect(big.major == [0, 10, 20, 30, 40])
    }

    @Test("a range crossing zero has a tick at zero and minus signs in labels")
    func crossingZero() {
        let t = AxisTicks(covering: [-3.2, 4.1], log: false)
        // 7.3 / 5 = 1.46 → step 1
        #expect(t.major.contains(0))
        #expect(t.major.first == -4 && t.major.last == 5)
        #expect(t.labels.first == "−4")
    }

    @Test("a single point, all-equal values and no finite values still give a usable axis")
    func degenerate() {
        let one = AxisTicks(covering: [5], log: false)
        #expect(one.lower < 5 && one.upper > 5)
        let zero = AxisTicks(covering: [0, 0], log: false)
        #expect(zero.lower == -1 && zero.upper == 1)
        let none = AxisTicks(covering: [.nan, .infinity], log: false)
        #expect(none.lower == 0 && none.upper == 1)
        let logNone = AxisTicks(covering: [-1, 0, .nan], log: true)
        #expect(logNone.lower == 1 && logNone.upper == 10)
    }

    @Test("log ticks span 1e-5…1e-1 by decades with minor ticks and superscript labels")
    func logDecades() {
        let t = AxisTicks(covering: [2e-5, 0.07], log: true)
        #expect(t.major == [1e-5, 1e-4, 1e-3, 1e-2, 1e-1])
        #expect(t.labels == ["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹"])
        // 4 decades × 8 minor ticks (2…9 × 10ᵏ)
        #expect(t.minor.count == 32)
        #expect(t.minor.first == 2e-5)
    }

    @Test("log ticks over few small decades use plain labels; over many, every n-th decade")
    func logLabels() {
        let plain = AxisTicks(covering: [0.02, 30], log: true)
        #expect(plain.labels == ["0.01", "0.1", "1", "10", "100"])
        let wide = AxisTicks(covering: [1e-9, 1e5], log: true)
        // 14 decades / 6 → every 3rd decade: 10⁻⁹ … 10⁶
        #expect(wide.major.count == 6)
        #expect(wide.labels.first == "10⁻⁹" && wide.labels.last == "10⁶")
        #expect(wide.minor.isEmpty)
    }

    @Test("a single decade labels 2× and 5× too")
    func singleDecade() {
        let t = AxisTicks(covering: [0.012, 0.08], log: true)
        #expect(t.major == [0.01, 0.02, 0.05, 0.1])
        #expect(t.labels == ["0.01", "0.02", "0.05", "0.1"])
        #expect(!t.minor.contains(0.02))
    }

    @Test("mapping puts the domain ends at the pixel ends and refuses what it cannot draw")
    func mapping() {
        let m = AxisMapping(ticks: AxisTicks(covering: [1, 100], log: true), start: 0, end: 200)
        #expect(m.pixel(1) == 0 && m.pixel(100) == 200)
        #expect(abs(m.pixel(10)! - 100) < 1e-9)   // log10 midpoint
        #expect(m.pixel(0) == nil && m.pixel(-1) == nil && m.pixel(.nan) == nil)
    }
}
