import Testing
@testable import Runner

@Suite("Runner module") struct RunnerSmokeTests {}
