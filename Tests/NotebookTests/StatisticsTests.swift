import Testing
@testable import Notebook

/// Every expected value below was computed with NumPy 2.4 / SciPy 1.17 (the call is named next
/// to it), not with this code.
@Suite("Statistics")
struct StatisticsTests {
    static let xs: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]

    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test("mean, sample std, sem and median match NumPy and SciPy")
    func descriptive() {
        #expect(Self.close(Statistics.mean(Self.xs), 5.0))                       // np.mean
        #expect(Self.close(Statistics.standardDeviation(Self.xs), 2.138089935299395))  // np.std(ddof=1)
        #expect(Self.close(Statistics.standardError(Self.xs), 0.7559289460184544))     // scipy.stats.sem
        #expect(Self.close(Statistics.median(Self.xs), 4.5))                     // np.median
        #expect(Statistics.sum(Self.xs) == 40)
    }

    @Test("quantiles interpolate linearly (NumPy's default, Hyndman–Fan type 7)",
          arguments: [(0.0, 2.0), (0.1, 3.4000000000000004), (0.25, 4.0), (0.9, 7.6), (1.0, 9.0)])
    func quantiles(_ q: Double, _ expected: Double) {
        // np.quantile([2, 4, 4, 4, 5, 5, 7, 9], q)
        #expect(Self.close(Statistics.quantile(Array(Self.xs.reversed()), q), expected))
    }

    @Test("ties get the average of the ranks they span")
    func ranks() {
        // scipy.stats.rankdata([1, 2, 2, 3, 4, 4, 4, 5]) and of [2, 1, 3, 3, 5, 4, 6, 6]
        #expect(Statistics.ranks([1, 2, 2, 3, 4, 4, 4, 5]) == [1, 2.5, 2.5, 4, 6, 6, 6, 8])
        #expect(Statistics.ranks([2, 1, 3, 3, 5, 4, 6, 6]) == [2, 1, 3.5, 3.5, 6, 5, 7.5, 7.5])
    }

    @Test("Pearson and Spearman (with ties) match SciPy")
    func correlations() {
        let x: [Double] = [1, 2, 2, 3, 4, 4, 4, 5], y: [Double] = [2, 1, 3, 3, 5, 4, 6, 6]
        #expect(Self.close(Statistics.pearson(x, y), 0.8767227853705732))   // scipy.stats.pearsonr
        #expect(Self.close(Statistics.spearman(x, y), 0.9007775105401477))  // scipy.stats.spearmanr
        #expect(Statistics.pearson([1, 2, 3], [3, 2, 1]) == -1)
    }

    @Test("least squares matches scipy.stats.linregress")
    func leastSquares() throws {
        // scipy.stats.linregress([1, 2, 3, 4, 5], [2.1, 3.9, 6.2, 7.8, 10.1]): slope, intercept, rvalue**2
        let fit = try #require(Statistics.fit(y: [2.1, 3.9, 6.2, 7.8, 10.1], x: [1, 2, 3, 4, 5]))
        #expect(Self.close(fit.slope, 1.99))
        #expect(Self.close(fit.intercept, 0.05000000000000071, 1e-10))
        #expect(Self.close(fit.r2, 0.997305328900977))
        #expect(fit.n == 5)
    }

    @Test("degenerate inputs give nil, never nan")
    func degenerate() throws {
        #expect(Statistics.mean([]) == nil)
        #expect(Statistics.standardDeviation([3]) == nil)
        #expect(Statistics.standardError([3]) == nil)
        #expect(Statistics.quantile([], 0.5) == nil)
        #expect(Statistics.quantile([1, 2], 1.5) == nil)
        #expect(Statistics.pearson([1], [2]) == nil)
        #expect(Statistics.pearson([1, 1, 1], [1, 2, 3]) == nil)      // zero variance in x
        #expect(Statistics.spearman([1, 2, 3], [5, 5, 5]) == nil)     // constant y
        #expect(Statistics.fit(y: [1], x: [1]) == nil)                // one point
        #expect(Statistics.fit(y: [1, 2, 3], x: [2, 2, 2]) == nil)    // zero variance in x
        #expect(Statistics.fit(y: [1, 2, 3], x: [0.1, 0.1, 0.1]) == nil)  // even where the mean rounds
        #expect(Statistics.pearson([1, 2, 3], [0.1, 0.1, 0.1]) == nil)
        // A constant y fits a flat line exactly, but r² is 0/0.
        let flat = try #require(Statistics.fit(y: [4, 4, 4], x: [1, 2, 3]))
        #expect(flat.slope == 0 && flat.intercept == 4 && flat.r2 == nil && flat.n == 3)
    }
}
