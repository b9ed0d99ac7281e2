import Testing
@testable import Report

@Suite("Report module") struct ReportSmokeTests {}
