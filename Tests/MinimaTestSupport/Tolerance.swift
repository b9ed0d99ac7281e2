/// True when `actual` is within `abs(expected) * rtol + atol` of `expected`.
public func isClose(_ actual: Double, _ expected: Double, rtol: Double = 1e-5, atol: Double = 1e-8) -> Bool {
    abs(actual - expected) <= abs(expected) * rtol + atol
}
