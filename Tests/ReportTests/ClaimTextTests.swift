@testable import Notebook
import Testing
@testable import Report

@Suite("Claim measurement text")
struct ClaimTextTests {
    static func rowClaim(holding: Int, of rows: Int) -> ComputedResult {
        var result = ComputedResult(value: nil, error: nil, rows: rows)
        result.verdict = holding == rows ? .passed : .failed
        result.rowsHolding = holding
        return result
    }

    @Test("a row claim counts its rows in words that agree with the count")
    func rowCounts() {
        #expect(ComputationMarkup.measuredText(Self.rowClaim(holding: 1, of: 1)) == "1 of 1 row")
        #expect(ComputationMarkup.measuredText(Self.rowClaim(holding: 0, of: 1)) == "0 of 1 row")
        #expect(ComputationMarkup.measuredText(Self.rowClaim(holding: 7, of: 7)) == "7 of 7 rows")
    }
}
