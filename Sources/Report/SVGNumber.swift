/// Formats a number for SVG coordinates and HTML: at most `decimals` places, no trailing
/// zeros, no `-0`, no exponent, `.` as the decimal point whatever the locale (STYLE.md G21).
///
/// Rounds half away from zero on the scaled value. Non-finite input gives `"0"` (a chart
/// never places a mark at a non-finite coordinate; this keeps the output well-formed).
/// Magnitudes beyond 1e15 are clamped.
///
/// ```swift
/// svgNumber(-0.0001) == "0"; svgNumber(2.0) == "2"; svgNumber(-3.14159) == "-3.14"
/// ```
/// - Complexity: O(digits).
public func svgNumber(_ x: Double, decimals: Int = 2) -> String {
    precondition((0...12).contains(decimals), "svgNumber: decimals \(decimals) not in 0...12")
    guard x.isFinite else { return "0" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let limit = 1e15
    let scaled = (min(max(x, -limit), limit) * scale).rounded(.toNearestOrAwayFromZero)
    guard abs(scaled) < 9.0e18 else { return x < 0 ? "-1000000000000000" : "1000000000000000" }
    let n = Int64(scaled)
    if n == 0 { return "0" }
    var digits = String(n.magnitude)
    if decimals > 0 {
        if digits.count <= decimals {
            digits = String(repeating: "0", count: decimals - digits.count + 1) + digits
        }
        let point = digits.index(digits.endIndex, offsetBy: -decimals)
        var fraction = String(digits[point...])
        while fraction.last == "0" { fraction.removeLast() }
        digits = String(digits[..<point]) + (fraction.isEmpty ? "" : "." + fraction)
    }
    return (n < 0 ? "-" : "") + digits
}
