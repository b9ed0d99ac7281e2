import Foundation
import Testing
@testable import Runner

/// The batch script and the `sbatch` command line (no Slurm needed).
@Suite("Slurm submissions")
struct SlurmSubmissionTests {
    static let cache = URL(fileURLWithPath: "/shared/lab cache")

    @Test("sbatch gets the array, logs, requeue, shared working directory and every option, extras last")
    func commandLine() {
        let options = SlurmOptions(partition: "gpu", timeLimit: "01:00:00", cpusPerTask: 4, maxRunning: 10,
                                   extraArguments: ["--account=lab", "--mem=2G"])
        let submission = SlurmSubmission(options: options, worker: "/opt/minima", cacheDirectory: Self.cache, digest: "abcdef0123456789")
        #expect(submission.arguments(offset: 1001, count: 498) == [
            "sbatch", "--parsable", "--job-name=minima-abcdef012345", "--array=0-497%10",
            "--output=/shared/lab cache/logs/slurm/%A_%a.log", "--open-mode=append", "--requeue",
            "--chdir=/shared/lab cache", "--cpus-per-task=4", "--partition=gpu", "--time=01:00:00",
            "--account=lab", "--mem=2G", "/shared/lab cache/slurm/abcdef0123456789.sh", "1001",
        ])
    }

    @Test("without options sbatch gets no partition, time or throttle")
    func defaults() {
        let submission = SlurmSubmission(options: SlurmOptions(), worker: "/opt/minima", cacheDirectory: Self.cache, digest: "d")
        let arguments = submission.arguments(offset: 0, count: 1)
        #expect(arguments.contains("--array=0-0"))
        #expect(arguments.contains("--cpus-per-task=1"))
        #expect(!arguments.contains { $0.hasPrefix("--partition") || $0.hasPrefix("--time") })
    }

    @Test("the script runs the worker on unit offset + task id, with paths quoted for the shell")
    func scriptRunsWorker() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("minima-slurm-script-\(UUID().uuidString)/it's a cache")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        // `/bin/echo` stands in for minima, so the script prints the command it would run.
        let submission = SlurmSubmission(options: SlurmOptions(), worker: "/bin/echo", cacheDirectory: directory, digest: "d1")
        try ResultStore.writeAtomically(Data(submission.script.utf8), to: submission.scriptURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [submission.scriptURL.path, "1001"]
        process.environment = ["SLURM_ARRAY_TASK_ID": "5", "SLURM_CPUS_PER_TASK": "3", "PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // 1001 + 5 = 1006; the quoted paths arrive as single arguments, quote included.
        #expect(output == "worker \(directory.path)/slurm/d1.json --index 1006 --cache-dir \(directory.path)\n")
    }

    @Test("single quotes survive shell quoting")
    func quoting() {
        #expect(SlurmSubmission.quote("a b") == "'a b'")
        #expect(SlurmSubmission.quote("it's") == "'it'\\''s'")
    }

    @Test("a task's log is <cache>/logs/slurm/<job>_<task>.log, as sbatch's --output pattern makes it")
    func logPath() {
        let log = SlurmSubmission.log(of: SlurmQueue.Task(job: "42", index: 7), in: Self.cache)
        #expect(log.path == "/shared/lab cache/logs/slurm/42_7.log")
    }

    @Test("front-matter settings become options, and bad ones are errors naming the key")
    func settings() throws {
        let options = try SlurmOptions(settings: ["partition": "short", "time": "10", "cpus_per_task": "2",
                                                  "max_running": "5", "sbatch_args": "--account=lab  --qos=low",
                                                  "detach": "yes"])
        #expect(options == SlurmOptions(partition: "short", timeLimit: "10", cpusPerTask: 2, maxRunning: 5,
                                        extraArguments: ["--account=lab", "--qos=low"], detach: true))
        for (key, value) in [("cpus_per_task", "0"), ("max_running", "many"), ("detach", "maybe"), ("partitoin", "x")] {
            #expect {
                try SlurmOptions(settings: [key: value])
            } throws: { error in "\(error)".contains("'\(key)'") }
        }
    }

    @Test("flags win over front-matter settings; unset flags keep them")
    func merging() {
        let front = SlurmOptions(partition: "short", timeLimit: "10", cpusPerTask: 2, extraArguments: ["--account=lab"])
        let merged = front.merging(SlurmOptions(timeLimit: "20", extraArguments: ["--qos=low"], detach: true))
        #expect(merged == SlurmOptions(partition: "short", timeLimit: "20", cpusPerTask: 2,
                                       extraArguments: ["--account=lab", "--qos=low"], detach: true))
        #expect(front.merging(SlurmOptions()) == front)
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
