import Testing
@testable import Training

@Suite("Training module") struct TrainingSmokeTests {}
