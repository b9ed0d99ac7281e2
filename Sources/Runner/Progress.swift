import Foundation

/// Progress on stderr. On a terminal: one live line per running unit (step, run label, epoch
/// i/n, elapsed, ETA) under an overall bar (units done/total, elapsed, ETA), redrawn in place.
/// Otherwise: a plain line per finished unit. Whether a step came from the cache is said here,
/// never written into the report.
public final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private var total = 0
    private let quiet: Bool
    private let live = isatty(2) != 0
    private let started = Date()
    private var lastStatus = ""
    /// Running units: label → (epochs done, epochs in all, start time), in start order.
    private var active: [(label: String, done: Int, total: Int, started: Date)] = []
    /// Lines of the live block currently on screen.
    private var drawn = 0
    /// Seconds of every finished unit, for the ETA.
    private var durations: [Double] = []
    /// Units running side by side, for the ETA.
    var parallel = 1
    /// When the live block was last drawn (redraws are limited to ten a second).
    private var lastDraw = Date.distantPast
    /// Told the live block's lines and the units done so far whenever they change (at most ten
    /// times a second while epochs tick, and at once when a unit finishes); `minima preview`
    /// shows them on the page. Called under the lock: it must return quickly.
    private let observer: (@Sendable (ProgressReport) -> Void)?
    private var lastReport = Date.distantPast

    public init(quiet: Bool = false, observer: (@Sendable (ProgressReport) -> Void)? = nil) {
        self.quiet = quiet
        self.observer = observer
    }

    /// Announces a batch of `count` units to compute.
    func begin(_ count: Int) {
        lock.withLock {
            total += count
            report(force: true)
        }
    }

    /// A line of its own (step summaries, cache hits).
    public func note(_ message: String) {
        guard !quiet else { return }
        lock.withLock { printAboveBlock(message) }
    }

    /// Within-unit progress: epoch `step` of `steps` of the unit `label`.
    func update(_ label: String, step: Int, of steps: Int) {
        guard observer != nil || (!quiet && live) else { return }
        lock.withLock {
            if let i = active.firstIndex(where: { $0.label == label }) {
                active[i].done = step
                active[i].total = steps
            } else {
                active.append((label, step, steps, Date()))
            }
            if Date().timeIntervalSince(lastDraw) >= 0.1 { redraw() }
            report(force: false)
        }
    }

    /// A unit finished (or failed).
    func finished(_ label: String, step: String, seconds: Double, failure: String? = nil) {
        lock.withLock {
            done += 1
            durations.append(seconds)
            active.removeAll { $0.label == "\(step) \(label)" }
            report(force: true)
            guard !quiet else { return }
            let status = failure.map { "failed: \($0)" } ?? String(format: "%.1f s", seconds)
            printAboveBlock(String(format: "[%d/%d %@] %@ %@: %@", done, total, Self.clock(elapsed), step, label, status))
        }
    }

    private var elapsed: Double { Date().timeIntervalSince(started) }

    /// Remaining wall time: the mean unit time × units left ÷ units side by side.
    private var eta: Double? {
        guard !durations.isEmpty, total > done else { return nil }
        return durations.reduce(0, +) / Double(durations.count) * Double(total - done) / Double(max(1, parallel))
    }

    private func printAboveBlock(_ line: String) {
        clearBlock()
        write(line + "\n")
        redraw()
    }

    private func clearBlock() {
        guard live, drawn > 0 else { return }
        write("\u{1B}[\(drawn)F\u{1B}[J")   // up to the block's first line, clear to the end
        drawn = 0
    }

    private func redraw() {
        guard live, !quiet else { return }
        clearBlock()
        let lines = liveLines()
        guard !lines.isEmpty else { return }
        write(lines.joined(separator: "\n") + "\n")
        drawn = lines.count
        lastDraw = Date()
    }

    /// Tells the observer, if any (`force`: a unit started or finished; else at most 10 a second).
    private func report(force: Bool) {
        guard let observer, force || Date().timeIntervalSince(lastReport) >= 0.1 else { return }
        lastReport = Date()
        observer(ProgressReport(lines: liveLines(), done: done, total: total))
    }

    /// The live block: a line per running unit, then the overall bar.
    private func liveLines() -> [String] {
        var lines: [String] = []
        for run in active {
            let seconds = Date().timeIntervalSince(run.started)
            let left = run.done > 0 ? seconds / Double(run.done) * Double(run.total - run.done) : nil
            lines.append("  \(run.label)  epoch \(run.done)/\(run.total)  \(Self.clock(seconds))"
                + (left.map { "  ETA \(Self.clock($0))" } ?? ""))
        }
        if total > 0 {
            let width = 24, filled = total > 0 ? width * done / total : 0
            lines.append("[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                + "] \(done)/\(total) units · \(Self.clock(elapsed))" + (eta.map { " · ETA \(Self.clock($0))" } ?? ""))
        }
        return lines
    }

    /// "m:ss" (or "h:mm:ss").
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    /// A status line (e.g. the state counts of a Slurm job array): redrawn in place on a
    /// terminal; otherwise printed as a line of its own, only when it changed.
    public func status(_ line: String) {
        guard !quiet else { return }
        lock.withLock {
            if live {
                clearBlock()
                write(line + "\n")
                drawn = 1
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

/// What `Progress` tells its observer: the lines of the live block (a line per running unit with
/// its epoch i/n, elapsed time and ETA, then the overall bar) and the units done so far.
public struct ProgressReport: Sendable, Equatable {
    public var lines: [String]
    public var done: Int
    public var total: Int

    public init(lines: [String], done: Int, total: Int) {
        self.lines = lines
        self.done = done
        self.total = total
    }
}
