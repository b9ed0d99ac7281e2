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
        let submission = SlurmSubmission(options: SlurmOptions(), worker: "/bin/echo", cacheDirectory: directory, digest: "d1",
                                         dataSearchPaths: ["/data/lab's sets", "/usr/share/datasets"])
        #expect(submission.script.contains("export MINIMA_DATA='/data/lab'\\''s sets:/usr/share/datasets'\n"))
        // Keys name the BLAS kernel family: workers run the submitter's.
        #expect(submission.script.contains("export OPENBLAS_CORETYPE='\(CacheKey.blasKernel)'\n"))
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
}
