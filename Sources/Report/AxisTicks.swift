import Foundation

/// The ticks of one axis: where the domain ends, where the labelled and minor ticks sit.
///
/// Linear axes use "nice" steps of 1, 2 or 5 × 10ᵏ (about five intervals) and extend the
/// domain to whole steps. Log axes use whole decades; beyond six decades every n-th decade
/// is labelled; minor ticks sit at 2…9 × 10ᵏ when there are at most four decades, and when
/// the data span a single decade the 2× and 5× ticks are labelled too.
struct AxisTicks: Hashable, Sendable {
    /// The domain the axis shows, including all ticks.
    var lower: Double
    var upper: Double
    /// Labelled tick positions, ascending.
    var major: [Double]
    /// Unlabelled tick positions, ascending, disjoint from `major`.
    var minor: [Double]
    /// One label per major tick.
    var labels: [String]
    var isLog: Bool

    /// Ticks for finite values in `values` (non-finite ones, and non-positive ones on a log
    /// axis, are ignored). No usable value gives the domain [0, 1] (log: [1, 10]); one value, or
    /// all equal, is padded to a range around it.
    init(covering values: [Double], log: Bool, targetIntervals: Int = 5) {
        let usable = values.filter { $0.isFinite && (!log || $0 > 0) }
        if log {
            self = Self.logTicks(min: usable.min() ?? 1, max: usable.max() ?? 10)
        } else {
            var lo = usable.min() ?? 0, hi = usable.max() ?? 1
            if lo == hi {
                let pad = lo == 0 ? 1 : abs(lo) * 0.1
                lo -= pad; hi += pad
            }
            self = Self.linearTicks(min: lo, max: hi, target: targetIntervals)
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

    static func linearTicks(min lo: Double, max hi: Double, target: Int) -> AxisTicks {
        let step = niceStep(span: hi - lo, target: target)
        let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
        let decimals = max(0, min(12, -Int(floor(log10(step) + 1e-9))))
        var major: [Double] = []
        var k = first
        while k <= last + 0.5 {
            major.append(clean(k * step, decimals: decimals))
            k += 1
        }
        let labels = major.map { tickLabel($0, decimals: decimals) }
        return AxisTicks(lower: major.first!, upper: major.last!, major: major, minor: [],
                         labels: labels, isLog: false)
    }

    static func logTicks(min lo: Double, max hi: Double) -> AxisTicks {
        var a = Int(floor(log10(lo) + 1e-9)), b = Int(ceil(log10(hi) - 1e-9))
        if a == b { b += 1 }
        let decades = b - a
        let every = Int((Double(decades) / 6).rounded(.up))
        if every > 1 {
            a = Int((Double(a) / Double(every)).rounded(.down)) * every
            b = Int((Double(b) / Double(every)).rounded(.up)) * every
        }
        let exponents = Array(stride(from: a, through: b, by: every))
        var major = exponents.map { pow(10, Double($0)) }
        var minor: [Double] = []
        if decades <= 4 && every == 1 {
            for e in a..<b {
                for m in 2...9 { minor.append(Double(m) * pow(10, Double(e))) }
            }
        }
        let plain = exponents.allSatisfy { (-3...4).contains($0) }
        var labels = exponents.map { plain ? tickLabel(pow(10, Double($0)), decimals: max(0, -$0)) : "10" + NumberText.superscript($0) }
        if decades == 1 {
            // One decade shows too few labels: promote 2× and 5× to labelled ticks.
            let extra = [2.0, 5.0].map { $0 * pow(10, Double(a)) }
            minor.removeAll { extra.contains($0) }
            var pairs = zip(major, labels).map { ($0, $1) }
            for x in extra { pairs.append((x, tickLabel(x, decimals: max(0, -a)))) }
            pairs.sort { $0.0 < $1.0 }
            major = pairs.map(\.0); labels = pairs.map(\.1)
        }
        return AxisTicks(lower: pow(10, Double(a)), upper: pow(10, Double(b)), major: major,
                         minor: minor, labels: labels, isLog: true)
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
