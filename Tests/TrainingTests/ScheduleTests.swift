import Foundation
import Testing
@testable import Training

@Suite("Schedules") struct ScheduleTests {
    @Test("constant is the same every epoch")
    func constant() {
        #expect((0..<20).allSatisfy { Schedule.constant(0.1).value(atEpoch: $0) == 0.1 })
    }

    @Test("step multiplies by the factor every `every` epochs")
    func step() {
        let schedule = Schedule.step(initial: 0.8, factor: 0.5, every: 3)
        #expect((0..<10).map { schedule.value(atEpoch: $0) }
                == [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1])
    }

    @Test("cyclic is a square wave that starts high")
    func cyclic() {
        let schedule = Schedule.cyclic(high: 512, low: 128, phase: 2)
        #expect((0..<9).map { schedule.integerValue(atEpoch: $0) } == [512, 512, 128, 128, 512, 512, 128, 128, 512])
    }

    @Test("triangular rises linearly from low to high over a phase and falls back")
    func triangular() {
        let schedule = Schedule.triangular(low: 0.0, high: 1.0, phase: 4)
        #expect((0..<10).map { schedule.value(atEpoch: $0) } == [0, 0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25, 0, 0.25])
    }

    @Test("schedules round-trip through JSON and hash by value")
    func codable() throws {
        let schedules: [Schedule] = [.constant(0.1), .step(initial: 1, factor: 0.1, every: 5),
                                     .cyclic(high: 0.1, low: 0.01, phase: 3), .triangular(low: 32, high: 512, phase: 2)]
        let decoded = try JSONDecoder().decode([Schedule].self, from: JSONEncoder().encode(schedules))
        #expect(decoded == schedules)
        #expect(Set(schedules + decoded).count == 4)
    }
}
