import Foundation

/// Runs one Slurm client command (`sbatch`, `squeue`, `scancel`, `scontrol`) found on `PATH`,
/// and captures its output.
struct SlurmCommand {
    /// What a finished command printed, and its exit status.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The first non-empty of stderr and stdout, for error messages.
        var message: String {
            let text = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? stdout.trimmingCharacters(in: .whitespacesAndNewlines) : text
        }
    }

    /// Runs `arguments` (the program first) and waits for it to exit.
    /// - Throws: `SlurmError.command` when the program cannot be started (e.g. not installed).
    static func run(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw SlurmError.command("cannot run \(arguments.first ?? ""): \(error)")
        }
        // Read both pipes concurrently so that a full stderr cannot block a long stdout.
        let errorText = ErrorText()
        let reader = Thread { errorText.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = errorText.wait()
        if process.terminationStatus == 127 && stderr.isEmpty == false && stdout.isEmpty {
            let text = String(decoding: stderr, as: UTF8.self)
            if text.contains("No such file") {
                throw SlurmError.command("\(arguments.first ?? "") is not installed or not on PATH; "
                                         + "--executor slurm needs the Slurm client commands (sbatch, squeue, scancel)")
            }
        }
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Bytes read on another thread, handed over once.
private final class ErrorText: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)
    func set(_ value: Data) { data = value; done.signal() }
    func wait() -> Data { done.wait(); return data }
}
