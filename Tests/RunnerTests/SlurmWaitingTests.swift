import Foundation
import Testing
@testable import Runner

/// The waiting side of `SlurmExecutor` that needs no cluster: poll intervals, status line, failures.
@Suite("Slurm waiting")
struct SlurmWaitingTests {
    @Test("the status line counts each state and fills the bar with finished units")
    func statusLine() {
        let line = SlurmExecutor.statusLine(jobs: ["13", "12"], pending: 1, running: 3, done: 3, failed: 1, total: 8)
        // 4 of 8 finished fill half of the 20-character bar.
        #expect(line == "slurm 12,13: [##########··········] 4/8 · 1 pending · 3 running · 3 done · 1 failed")
    }

    @Test("polling starts at 1 s and backs off to 5 s")
    func pollInterval() {
        let intervals = (0..<12).map(SlurmExecutor.pollInterval(after:))
        #expect(intervals.first == 1)
        #expect(intervals.last == 5)
        #expect(zip(intervals, intervals.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test("a failed task's message gives its state and the last 20 lines of its log")
    func failureMessage() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minima-slurm-log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let task = SlurmQueue.Task(job: "12", index: 3)
        let lines = (1...30).map { String(format: "line %02d", $0) }
        try ResultStore.writeAtomically(Data((lines.joined(separator: "\n") + "\n").utf8),
                                        to: SlurmSubmission.log(of: task, in: directory))
        let message = SlurmExecutor.failureMessage(task, state: .ended("TIMEOUT"), directory: directory)
        #expect(message.hasPrefix("Slurm task 12_3 ended TIMEOUT without a result"))
        #expect(message.hasSuffix(lines.suffix(20).joined(separator: "\n")))
        #expect(!message.contains("line 10"))
        let missing = SlurmExecutor.failureMessage(SlurmQueue.Task(job: "12", index: 4), state: nil, directory: directory)
        #expect(missing.contains("left the queue") && missing.contains("12_4.log"))
    }
}
