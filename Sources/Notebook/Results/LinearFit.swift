/// A least-squares line y ≈ slope·x + intercept, the value of `fit(y, x)` in an expression.
public struct LinearFit: Hashable, Sendable, Codable {
    public var slope: Double
    public var intercept: Double
    /// The coefficient of determination (Pearson's r squared); nil when y is constant.
    public var r2: Double?
    /// The number of (x, y) pairs fitted.
    public var n: Int

    /// Creates a value from its parts.
    public init(slope: Double, intercept: Double, r2: Double?, n: Int) {
        self.slope = slope
        self.intercept = intercept
        self.r2 = r2
        self.n = n
    }

    /// The members an expression can read with `.name`.
    public static let members = ["slope", "intercept", "r2", "n"]

    /// The member `name` as a number; nil for an unknown name or an undefined `r2`.
    public func member(_ name: String) -> Double? {
        switch name {
        case "slope": return slope
        case "intercept": return intercept
        case "r2": return r2
        case "n": return Double(n)
        default: return nil
        }
    }
}
