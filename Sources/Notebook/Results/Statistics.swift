/// Descriptive statistics, correlation and least-squares fits over plain `Double` arrays.
///
/// The expression language's aggregates (`mean`, `std`, `spearman`, `fit` …) are thin wrappers
/// over these functions; callers pass only the values to use (the aggregates drop missing and
/// non-finite values first). Every sum accumulates in `Double` in index order, with the mean
/// subtracted before squaring (two passes), so results are deterministic and do not depend on
/// thread counts. A statistic that is undefined for its input (no values, fewer than two for a
/// spread, zero variance for a correlation) is `nil`, never `nan`.
///
/// - SeeAlso: `StatisticsTests`, which checks each function against NumPy and SciPy.
public enum Statistics {
    /// The arithmetic mean, or nil for no values. O(n).
    public static func mean(_ xs: [Double]) -> Double? {
        guard !xs.isEmpty else { return nil }
        var sum = 0.0
        for x in xs { sum += x }
        return sum / Double(xs.count)
    }

    /// The sum (0 for no values), accumulated in index order. O(n).
    public static func sum(_ xs: [Double]) -> Double {
        var sum = 0.0
        for x in xs { sum += x }
        return sum
    }

    /// The sample standard deviation (n − 1 in the denominator, NumPy's `std(ddof=1)`), or nil
    /// for fewer than two values. O(n).
    public static func standardDeviation(_ xs: [Double]) -> Double? {
        guard xs.count >= 2, let m = mean(xs) else { return nil }
        var ss = 0.0
        for x in xs { ss += (x - m) * (x - m) }
        return (ss / Double(xs.count - 1)).squareRoot()
    }

    /// The standard error of the mean, `std / √n` (sample std), or nil for fewer than two
    /// values. O(n).
    public static func standardError(_ xs: [Double]) -> Double? {
        standardDeviation(xs).map { $0 / Double(xs.count).squareRoot() }
    }

    /// The `q`-quantile by linear interpolation between order statistics (Hyndman–Fan type 7,
    /// NumPy's default `quantile(method="linear")`): with the values sorted as x₀ ≤ … ≤ xₙ₋₁ and
    /// h = (n − 1)·q, the result is x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋).
    ///
    /// - Returns: nil for no values or a `q` outside [0, 1].
    /// - Complexity: O(n log n) for the sort.
    public static func quantile(_ xs: [Double], _ q: Double) -> Double? {
        guard !xs.isEmpty, q >= 0, q <= 1 else { return nil }
        let sorted = xs.sorted()
        let h = Double(sorted.count - 1) * q
        let lower = Int(h.rounded(.down))
        guard lower + 1 < sorted.count else { return sorted[lower] }
        let fraction = h - Double(lower)
        return sorted[lower] + fraction * (sorted[lower + 1] - sorted[lower])
    }

    /// The median: `quantile(xs, 0.5)` (the mean of the middle two for an even count).
    public static func median(_ xs: [Double]) -> Double? { quantile(xs, 0.5) }

    /// 1-based ranks, ties getting the average of the ranks they span (SciPy's
    /// `rankdata(method="average")`): `[10, 20, 20, 30]` → `[1, 2.5, 2.5, 4]`.
    ///
    /// - Complexity: O(n log n).
    public static func ranks(_ xs: [Double]) -> [Double] {
        let order = xs.indices.sorted { (xs[$0], $0) < (xs[$1], $1) }
        var ranks = [Double](repeating: 0, count: xs.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, xs[order[end + 1]] == xs[order[start]] { end += 1 }
            let average = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = average }
            start = end + 1
        }
        return ranks
    }

    /// Pearson's correlation coefficient of paired values, clamped to [−1, 1] against rounding.
    ///
    /// - Precondition: `xs.count == ys.count`.
    /// - Returns: nil for fewer than two pairs or when either side has zero variance.
    /// - Complexity: O(n).
    public static func pearson(_ xs: [Double], _ ys: [Double]) -> Double? {
        guard let m = moments(xs, ys), m.sxx > 0, m.syy > 0 else { return nil }
        return Swift.min(1, Swift.max(-1, m.sxy / (m.sxx * m.syy).squareRoot()))
    }

    /// Spearman's rank correlation: Pearson's coefficient of the average ranks (`ranks(_:)`), as
    /// `scipy.stats.spearmanr` computes it with ties.
    ///
    /// - Returns: nil for fewer than two pairs or when either side is constant.
    /// - Complexity: O(n log n).
    public static func spearman(_ xs: [Double], _ ys: [Double]) -> Double? {
        pearson(ranks(xs), ranks(ys))
    }

    /// The least-squares line y ≈ slope·x + intercept through paired values.
    ///
    /// - Returns: nil for fewer than two pairs or when every x is the same (the slope is
    ///   undefined). `r2` is nil when every y is the same (a flat line fits, but the share of
    ///   variance explained is 0/0).
    /// - Complexity: O(n).
    public static func fit(y ys: [Double], x xs: [Double]) -> LinearFit? {
        guard let m = moments(xs, ys), m.sxx > 0 else { return nil }
        let slope = m.sxy / m.sxx
        let r2 = m.syy > 0 ? Swift.min(1, m.sxy * m.sxy / (m.sxx * m.syy)) : nil
        return LinearFit(slope: slope, intercept: m.meanY - slope * m.meanX, r2: r2, n: xs.count)
    }

    /// Means and centred sums of squares and products, or nil for fewer than two pairs.
    /// O(n).
    private static func moments(_ xs: [Double], _ ys: [Double])
        -> (meanX: Double, meanY: Double, sxx: Double, syy: Double, sxy: Double)?
    {
        precondition(xs.count == ys.count, "Statistics: paired arrays differ in length")
        guard xs.count >= 2, let mx = mean(xs), let my = mean(ys) else { return nil }
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for i in xs.indices {
            let dx = xs[i] - mx, dy = ys[i] - my
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        // A constant side has zero variance exactly, even where its mean rounds (0.1 × 3 / 3).
        if xs.allSatisfy({ $0 == xs[0] }) { sxx = 0; sxy = 0 }
        if ys.allSatisfy({ $0 == ys[0] }) { syy = 0; sxy = 0 }
        return (mx, my, sxx, syy, sxy)
    }
}
