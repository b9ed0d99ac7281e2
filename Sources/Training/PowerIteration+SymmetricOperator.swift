/// A symmetric linear map `v ↦ Hv` on Float vectors, known only through its action: the
/// Hessian of a loss (through Hessian-vector products) or, in tests, a dense matrix.
///
/// Power iteration and Hutchinson's estimator need nothing else.
public protocol SymmetricOperator {
    /// Length of the vectors the operator acts on.
    var dimension: Int { get }
    /// Writes `Hv` into `result` (both of length `dimension`). May update internal caches.
    mutating func apply(_ v: [Float], into result: inout [Float])
}

/// A symmetric operator given by a closure, for small problems and tests.
struct ClosureOperator: SymmetricOperator {
    let dimension: Int
    private let body: ([Float], inout [Float]) -> Void

    /// Wraps `body`, which must write `Hv` into its second argument for a symmetric `H`.
    init(dimension: Int, _ body: @escaping ([Float], inout [Float]) -> Void) {
        self.dimension = dimension
        self.body = body
    }

    mutating func apply(_ v: [Float], into result: inout [Float]) { body(v, &result) }
}
