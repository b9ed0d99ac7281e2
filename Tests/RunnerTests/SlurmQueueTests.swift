import Foundation
import Testing
@testable import Runner

/// Parsing of Slurm's text output and the chunking of arrays (no Slurm needed).
@Suite("Slurm queue output")
struct SlurmQueueTests {
    typealias Task = SlurmQueue.Task

    @Test("squeue lines give one state per task, pending ranges expanded, junk skipped")
    func parsesSqueue() {
        // Shapes printed by Slurm 22.05's `squeue -h -t all -j 1,7 -o '%i %T'` on this machine.
        let output = """
            1_[3-5,8%2] PENDING
            1_2 RUNNING
            1_0 COMPLETED
            1_1 FAILED
            7 TIMEOUT
            slurm_load_jobs error: something
            9_x RUNNING

            """
        let states = SlurmQueue.parse(squeue: output)
        #expect(states == [
            Task(job: "1", index: 3): .pending, Task(job: "1", index: 4): .pending,
            Task(job: "1", index: 5): .pending, Task(job: "1", index: 8): .pending,
            Task(job: "1", index: 2): .running, Task(job: "1", index: 0): .completed,
            Task(job: "1", index: 1): .ended("FAILED"), Task(job: "7", index: 0): .ended("TIMEOUT"),
        ])
    }

    struct RangeCase: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: [Int]?
        var testDescription: String { "'\(text)' is \(expected.map { "\($0)" } ?? "rejected")" }
    }

    static let ranges: [RangeCase] = [
        RangeCase(text: "0-3,7,9-10%2", expected: [0, 1, 2, 3, 7, 9, 10]),  // throttle ignored
        RangeCase(text: "5", expected: [5]),
        RangeCase(text: "0-15:4", expected: [0, 4, 8, 12]),  // step 4 from 0 up to 15
        RangeCase(text: "5-2", expected: nil),
        RangeCase(text: "a-b", expected: nil),
        RangeCase(text: "-", expected: nil),
    ]

    @Test("array ranges expand to their indices", arguments: ranges)
    func expandsRanges(_ c: RangeCase) {
        #expect(SlurmQueue.expand(range: c.text) == c.expected)
    }

    @Test("task states fold Slurm's names into pending, running, completed and ended")
    func foldsStates() {
        for name in ["PENDING", "REQUEUED", "REQUEUE_HOLD", "SUSPENDED", "SOMETHING_NEW"] {
            #expect(SlurmTaskState(name: name) == .pending, "\(name)")
        }
        for name in ["RUNNING", "COMPLETING", "CONFIGURING"] { #expect(SlurmTaskState(name: name) == .running, "\(name)") }
        #expect(SlurmTaskState(name: "COMPLETED") == .completed)
        for name in ["FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED"] {
            #expect(SlurmTaskState(name: name) == .ended(name), "\(name)")
            #expect(!SlurmTaskState(name: name).isActive)
        }
        #expect(SlurmTaskState.pending.isActive && SlurmTaskState.running.isActive && !SlurmTaskState.completed.isActive)
    }

    @Test("MaxArraySize is read from scontrol show config")
    func readsMaxArraySize() {
        let config = "Configuration data as of 2026-11-28T18:00:00\nMailProg                = /bin/true\nMaxArraySize            = 1001\nMaxJobCount             = 10000\n"
        #expect(SlurmQueue.maxArraySize(config: config) == 1001)
        #expect(SlurmQueue.maxArraySize(config: "MaxJobCount = 5\n") == nil)
    }

    @Test("2500 units with MaxArraySize 1001 make arrays of 1001, 1001 and 498 tasks")
    func chunksExample() {
        let chunks = SlurmQueue.chunks(count: 2500, maxArraySize: 1001)
        // 2500 = 1001 + 1001 + 498; each chunk's indices 0..<size stay below 1001.
        #expect(chunks.map(\.offset) == [0, 1001, 2002])
        #expect(chunks.map(\.count) == [1001, 1001, 498])
    }

    @Test("chunks cover every unit exactly once and never exceed the limit",
          arguments: [(1, 1001), (1001, 1001), (1002, 1001), (7, 3), (10, 1), (0, 5)])
    func chunksCover(count: Int, limit: Int) {
        let chunks = SlurmQueue.chunks(count: count, maxArraySize: limit)
        let covered = chunks.flatMap { Array($0.offset..<($0.offset + $0.count)) }
        #expect(covered == Array(0..<count))
        #expect(chunks.allSatisfy { $0.count >= 1 && $0.count <= limit })
    }

    @Test("the job id is read from sbatch --parsable output, with or without a cluster name")
    func readsJobID() {
        #expect(SlurmQueue.jobID(sbatch: "123\n") == "123")
        #expect(SlurmQueue.jobID(sbatch: "456;cluster\n") == "456")
        #expect(SlurmQueue.jobID(sbatch: "sbatch: error: invalid partition\n") == nil)
        #expect(SlurmQueue.jobID(sbatch: "") == nil)
    }
}
