import Foundation

/// The ticks of one axis: where the domain ends, where the labelled and minor ticks sit.
///
/// The domain is the data's range padded by `padding` of its span on each side (in log space
/// on a log axis), so no mark sits on an axis line; explicit limits replace it exactly.
/// Linear axes label "nice" steps of 1, 2 or 5 × 10ᵏ inside the domain (about five
/// intervals). Log axes spanning two decades or more label whole decades (every n-th beyond
/// six) with minor ticks at 2…9 × 10ᵏ up to four decades; narrower log axes label 1, 2 and
/// 5 × 10ᵏ (or, below about half a decade, nice linear steps), so a range such as
/// 0.02–0.3 reads 2×10⁻², 5×10⁻², 10⁻¹, 2×10⁻¹ rather than being stretched to whole decades.
struct AxisTicks: Hashable, Sendable {
    /// The domain the axis shows.
    var lower: Double
    var upper: Double
    /// Labelled tick positions, ascending, inside the domain.
    var major: [Double]
    /// Unlabelled tick positions, ascending, disjoint from `major`.
    var minor: [Double]
    /// One label per major tick.
    var labels: [String]
    var isLog: Bool

    /// The share of the data's span added on each side of the domain.
    static let padding = 0.05

    /// Ticks for finite values in `values` (non-finite ones, and non-positive ones on a log
    /// axis, are ignored), or for exactly `limits` when given. No usable value gives the domain
    /// [0, 1] (log: [1, 10]); one value, or all equal, is padded to a range around it.
    init(covering values: [Double], log: Bool, limits: [Double]? = nil, targetIntervals: Int = 5) {
        let usable = values.filter { $0.isFinite && (!log || $0 > 0) }
        if let limits, limits.count == 2, limits[0] < limits[1], !log || limits[0] > 0 {
            self = log ? Self.logTicks(lower: limits[0], upper: limits[1])
                : Self.linearTicks(lower: limits[0], upper: limits[1], target: targetIntervals)
        } else if log {
            var a = log10(usable.min() ?? 1), b = log10(usable.max() ?? 10)
            if a == b { a -= 0.5; b += 0.5 }
            let pad = Self.padding * (b - a)
            self = Self.logTicks(lower: pow(10, a - pad), upper: pow(10, b + pad))
        } else {
            var lo = usable.min() ?? 0, hi = usable.max() ?? 1
            if lo == hi {
                let pad = lo == 0 ? 1 : abs(lo) * 0.1
                lo -= pad; hi += pad
            }
            let pad = Self.padding * (hi - lo)
            self = Self.linearTicks(lower: lo - pad, upper: hi + pad, target: targetIntervals)
        }
    }

    init(lower: Double, upper: Double, major: [Double], minor: [Double], labels: [String], isLog: Bool) {
        self.lower = lower; self.upper = upper; self.major = major; self.minor = minor
        self.labels = labels; self.isLog = isLog
    }

    /// The nice step for a range `span` split into about `target` intervals: 1, 2 or 5 × 10ᵏ.
    static func niceStep(span: Double, target: Int) -> Double {
        let raw = span / Double(max(1, target))
        let magnitude = pow(10, floor(log10(raw)))
        let normalized = raw / magnitude
        let factor: Double = normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10
        return factor * magnitude
    }

    /// Nice steps inside [lower, upper]; the domain is exactly [lower, upper].
    static func linearTicks(lower lo: Double, upper hi: Double, target: Int) -> AxisTicks {
        let step = niceStep(span: hi - lo, target: target)
        let tolerance = step * 1e-9
        let first = ((lo - tolerance) / step).rounded(.up), last = ((hi + tolerance) / step).rounded(.down)
        let decimals = max(0, min(12, -Int(floor(log10(step) + 1e-9))))
        var major: [Double] = []
        var k = first
        while k <= last + 0.5 {
            major.append(clean(k * step, decimals: decimals))
            k += 1
        }
        let labels = major.map { tickLabel($0, decimals: decimals) }
        return AxisTicks(lower: lo, upper: hi, major: major, minor: [], labels: labels, isLog: false)
    }

    /// Log ticks inside [lower, upper] (both > 0); the domain is exactly [lower, upper].
    static func logTicks(lower: Double, upper: Double) -> AxisTicks {
        let la = log10(lower), lb = log10(upper)
        let span = lb - la
        let fromDecade = Int(floor(la - 1e-9)), toDecade = Int(ceil(lb + 1e-9))
        func inside(_ v: Double) -> Bool { v >= lower * (1 - 1e-9) && v <= upper * (1 + 1e-9) }
        func candidates(_ mantissas: [Double]) -> [Double] {
            (fromDecade...toDecade).flatMap { e in mantissas.map { clean($0 * pow(10, Double(e)), e) } }.filter(inside)
        }
        var major: [Double]
        var minor: [Double] = []
        if span >= 2 {
            let decades = Int(span.rounded(.up))
            let every = Int((Double(decades) / 6).rounded(.up))
            major = (fromDecade...toDecade).filter { $0 % every == 0 }.map { pow(10, Double($0)) }.filter(inside)
            if every == 1 && span <= 5 {
                minor = candidates([2, 3, 4, 5, 6, 7, 8, 9])
            } else if every == 1 {
                minor = []
            }
            if major.count < 3 {
                // Two to three decades may hold only two decade ticks: label 3 × 10ᵏ as well.
                major = candidates([1, 3])
                minor = candidates([2, 4, 5, 6, 7, 8, 9])
            }
        } else {
            major = candidates([1, 2, 5])
            minor = candidates([1, 2, 3, 4, 5, 6, 7, 8, 9]).filter { !major.contains($0) }
            for mantissas in [[1.0, 2, 3, 5], [1.0, 2, 3, 4, 5, 6, 7, 8, 9]] where major.count < 3 {
                major = candidates(mantissas)
                minor = candidates([1, 2, 3, 4, 5, 6, 7, 8, 9]).filter { !major.contains($0) }
            }
            if major.count < 3 {
                // Under about half a decade: nice linear steps placed on the log axis.
                let linear = linearTicks(lower: lower, upper: upper, target: 4)
                return AxisTicks(lower: lower, upper: upper, major: linear.major, minor: [],
                                 labels: logLabels(linear.major), isLog: true)
            }
        }
        return AxisTicks(lower: lower, upper: upper, major: major, minor: minor,
                         labels: logLabels(major), isLog: true)
    }

    /// `m · 10ᵉ` rounded to its own precision.
    private static func clean(_ x: Double, _ exponent: Int) -> Double {
        Double(svgNumber(x, decimals: max(0, min(15, -exponent + 1)))) ?? x
    }

    /// One log axis's tick labels in one notation: plain when every tick is between 0.001 and
    /// 10 000 (`0.02`, `500`), otherwise all as powers of ten (`2×10⁻⁴, 5×10⁻⁴, 10⁻³`), never
    /// `5×10⁻⁴` beside `0.001` on the same axis.
    static func logLabels(_ ticks: [Double]) -> [String] {
        let plain = ticks.allSatisfy { (-3...4).contains(Int(floor(log10($0) + 1e-9))) }
        return ticks.map { logLabel($0, plain: plain) }
    }

    /// A log tick's label: plain (`0.02`, `500`) when `plain` and the tick lies between 0.001
    /// and 10 000, otherwise `2×10⁻⁵` or `10⁻⁵`.
    static func logLabel(_ x: Double, plain: Bool = true) -> String {
        let e = Int(floor(log10(x) + 1e-9))
        if plain && (-3...4).contains(e) {
            return NumberText.significant(x, digits: 3, trimmed: true).replacingOccurrences(of: "-", with: "−")
        }
        let mantissa = x / pow(10, Double(e))
        let m = svgNumber(mantissa, decimals: 2)
        return (m == "1" ? "" : m + "×") + "10" + NumberText.superscript(e)
    }

    /// `k · step` rounded to the step's decimals, so 0.1 · 3 is 0.3, not 0.30000000000000004.
    private static func clean(_ x: Double, decimals: Int) -> Double {
        Double(svgNumber(x, decimals: decimals)) ?? x
    }

    private static func tickLabel(_ x: Double, decimals: Int) -> String {
        svgNumber(x, decimals: decimals).replacingOccurrences(of: "-", with: "−")
    }
}

/// Maps data values on one axis to pixels.
struct AxisMapping: Hashable, Sendable {
    var ticks: AxisTicks
    /// Pixel positions of `ticks.lower` and `ticks.upper` (upper may be smaller, as for y).
    var start: Double
    var end: Double

    /// The pixel position of `value`, or nil when it cannot be drawn (non-finite, ≤ 0 on log).
    func pixel(_ value: Double) -> Double? {
        guard value.isFinite, !ticks.isLog || value > 0 else { return nil }
        let t = ticks.isLog
            ? (log10(value) - log10(ticks.lower)) / (log10(ticks.upper) - log10(ticks.lower))
            : (value - ticks.lower) / (ticks.upper - ticks.lower)
        return start + t * (end - start)
    }

    /// Like `pixel`, but a value outside the domain (or ≤ 0 on a log axis) is pinned to its edge.
    func clampedPixel(_ value: Double) -> Double {
        if ticks.isLog && value <= 0 { return start }
        let v = min(max(value, ticks.lower), ticks.upper)
        return pixel(v) ?? start
    }
}
