import Foundation

/// Progress lines on stderr: one per finished unit with an overall count, and a live epoch
/// counter when stderr is a terminal. Whether a step came from the cache is said here, never
/// written into the report.
public final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private var total = 0
    private let quiet: Bool
    private let live = isatty(2) != 0
    private let started = Date()
    private var lastStatus = ""

    public init(quiet: Bool = false) {
        self.quiet = quiet
    }

    /// Announces a batch of `count` units to compute.
    func begin(_ count: Int) {
        lock.withLock { total += count }
    }

    /// A line of its own (step summaries, cache hits).
    public func note(_ message: String) {
        guard !quiet else { return }
        lock.withLock { write((live ? "\r\u{1B}[K" : "") + message + "\n") }
    }

    /// Within-unit progress: epoch `step` of `steps` of the unit `label`.
    func update(_ label: String, step: Int, of steps: Int) {
        guard !quiet, live else { return }
        lock.withLock { write("\r\u{1B}[K[\(done)/\(total)] \(label): \(step)/\(steps)") }
    }

    /// A unit finished (or failed).
    func finished(_ label: String, step: String, seconds: Double, failure: String? = nil) {
        lock.withLock {
            done += 1
            guard !quiet else { return }
            let elapsed = Date().timeIntervalSince(started)
            let status = failure.map { "failed: \($0)" } ?? String(format: "%.1f s", seconds)
            write((live ? "\r\u{1B}[K" : "") + String(format: "[%d/%d %4.0f s] %@ %@: %@\n", done, total, elapsed, step, label, status))
        }
    }

    /// A status line (e.g. the state counts of a Slurm job array): redrawn in place on a
    /// terminal; otherwise printed as a line of its own, only when it changed.
    public func status(_ line: String) {
        guard !quiet else { return }
        lock.withLock {
            if live {
                write("\r\u{1B}[K" + line)
            } else if line != lastStatus {
                write(line + "\n")
            }
            lastStatus = line
        }
    }

    private func write(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }
}
