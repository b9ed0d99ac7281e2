import Foundation
import Notebook

/// The half-width of the band around a mean of `n` replicates, for each `BandKind`.
///
/// `std` is the sample standard deviation itself; `sem` divides it by √n; `ci95` multiplies the
/// standard error by Student's t quantile t(0.975, n − 1), the two-sided 95 % interval of the
/// mean under normal errors. The quantiles are the standard table values for 1–30 degrees of
/// freedom and at 40, 60, 120 and ∞, interpolated linearly in 1/df in between.
enum Uncertainty {
    /// t(0.975, df) for df = 1…30.
    static let tTable: [Double] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ]
    /// (df, t(0.975, df)) beyond the table, ending at the normal quantile.
    static let tTail: [(Double, Double)] = [(30, 2.042), (40, 2.021), (60, 2.000), (120, 1.980), (.infinity, 1.960)]

    /// Student's t quantile t(0.975, df) for `df` ≥ 1.
    static func t975(df: Int) -> Double {
        precondition(df >= 1, "t975: df must be at least 1, got \(df)")
        if df <= tTable.count { return tTable[df - 1] }
        let inverse = 1 / Double(df)
        for k in 1..<tTail.count where Double(df) <= tTail[k].0 {
            let (d0, t0) = tTail[k - 1], (d1, t1) = tTail[k]
            let f = (1 / d0 - inverse) / (1 / d0 - 1 / d1)
            return t0 + f * (t1 - t0)
        }
        return 1.960
    }

    /// The band's half-width for a mean of `count` values with sample std `std`, or nil when
    /// there is nothing to draw (`none`, one value, a zero or non-finite std).
    static func halfWidth(std: Double, count: Int, band: BandKind) -> Double? {
        guard std.isFinite, std > 0, count >= 2 else { return nil }
        switch band {
        case .std: return std
        case .sem: return std / Double(count).squareRoot()
        case .ci95: return t975(df: count - 1) * std / Double(count).squareRoot()
        case .none: return nil
        }
    }

    /// How the legend names the band: "mean ± 1 std", "mean ± s.e.m.", "mean ± 95 % CI (t)".
    static func name(_ band: BandKind) -> String {
        switch band {
        case .std: return "mean ± 1 std"
        case .sem: return "mean ± standard error"
        case .ci95: return "mean ± 95% CI (t)"
        case .none: return "mean"
        }
    }
}
