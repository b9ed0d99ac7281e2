import Foundation

extension SlurmExecutor {
    /// Seconds between `squeue` polls: 1 s at first, growing by 30 % a poll to 5 s.
    static func pollInterval(after polls: Int) -> Double {
        min(5, pow(1.3, Double(polls)))
    }

    /// Lines of a task's log shown with its failure.
    static let logTailLines = 20

    /// Polls `squeue` until every tracked unit has a cache entry or its task ended without one.
    ///
    /// A unit is done when its entry exists. A task seen ended (FAILED, CANCELLED, TIMEOUT, or
    /// even COMPLETED) on two polls in a row without an entry, or missing from the queue on three,
    /// fails its unit with the tail of its log. Ctrl-C cancels the arrays (`scancel`) and ends
    /// the process; cancelling the Swift task cancels them and returns failures.
    func wait(for tracked: [TrackedUnit], store: ResultStore, progress: Progress) async -> [CacheKey: String] {
        let jobs = Set(tracked.map(\.task.job))
        guard !jobs.isEmpty else { return [:] }
        let interrupt = Self.cancelOnInterrupt(jobs: jobs)
        defer { interrupt.restore() }
        var remaining = tracked
        var failures: [CacheKey: String] = [:]
        var strikes: [CacheKey: Int] = [:]
        var done = 0
        var polls = 0
        while !remaining.isEmpty {
            if Task.isCancelled {
                Self.cancel(jobs: jobs, progress: progress)
                for unit in remaining {
                    failures[unit.key] = "cancelled: Slurm job \(unit.task.job) was cancelled (scancel)"
                    progress.finished(unit.label, step: unit.step, seconds: 0, failure: failures[unit.key])
                }
                break
            }
            let query = Self.queueQuery(jobs: Set(remaining.map(\.task.job)))
            let states = try? query.get()
            var pending = 0, running = 0
            var next: [TrackedUnit] = []
            for unit in remaining {
                if store.contains(unit.key) {
                    done += 1
                    let seconds = store.load(UnitResult.self, for: unit.key)?.wallSeconds ?? 0
                    progress.finished(unit.label, step: unit.step, seconds: seconds)
                    continue
                }
                guard let states else { next.append(unit); continue }  // squeue failed: ask again
                let state = states[unit.task]
                switch state {
                case .pending?: pending += 1; strikes[unit.key] = nil; next.append(unit); continue
                case .running?: running += 1; strikes[unit.key] = nil; next.append(unit); continue
                default: break
                }
                let strike = (strikes[unit.key] ?? 0) + 1
                strikes[unit.key] = strike
                if strike < (state == nil ? 3 : 2) { next.append(unit); continue }
                let message = Self.failureMessage(unit.task, state: state, directory: store.directory)
                failures[unit.key] = message
                progress.finished(unit.label, step: unit.step, seconds: 0, failure: message.split(separator: "\n").first.map(String.init))
            }
            remaining = next
            if case .failure(let error) = query {
                progress.status("slurm \(jobs.sorted().joined(separator: ",")): squeue failed (\(error)); asking again")
            } else {
                progress.status(Self.statusLine(jobs: jobs, pending: pending, running: running + (remaining.count - pending - running),
                                                done: done, failed: failures.count, total: tracked.count))
            }
            guard !remaining.isEmpty else { break }
            try? await Task.sleep(for: .seconds(Self.pollInterval(after: polls)))
            polls += 1
        }
        return failures
    }

    /// "slurm 12: [######······] 6/8 · 1 pending · 1 running · 5 done · 1 failed".
    static func statusLine(jobs: Set<String>, pending: Int, running: Int, done: Int, failed: Int, total: Int) -> String {
        let width = 20
        let filled = total == 0 ? width : (done + failed) * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "·", count: width - filled)
        return "slurm \(jobs.sorted().joined(separator: ",")): [\(bar)] \(done + failed)/\(total) · \(pending) pending · "
            + "\(running) running · \(done) done · \(failed) failed"
    }

    /// The failure of a task that ended without a result: its state and its log's tail.
    static func failureMessage(_ task: SlurmQueue.Task, state: SlurmTaskState?, directory: URL) -> String {
        let log = SlurmSubmission.log(of: task, in: directory)
        let what: String
        switch state {
        case .ended(let name)?: what = "Slurm task \(task) ended \(name) without a result"
        case .completed?: what = "Slurm task \(task) completed but wrote no result (is the cache directory shared with the nodes?)"
        default: what = "Slurm task \(task) left the queue without a result"
        }
        guard let text = try? String(contentsOf: log, encoding: .utf8), !text.isEmpty else {
            return "\(what); its log \(log.path) is empty or missing (the cache directory must be on a filesystem "
                + "shared by this machine and the nodes)"
        }
        let tail = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(logTailLines + 1)
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return "\(what); the end of \(log.path):\n\(tail)"
    }

    /// Cancels every task of `jobs`.
    static func cancel(jobs: Set<String>, progress: Progress?) {
        let list = jobs.sorted()
        _ = try? SlurmCommand.run(["scancel"] + list)
        progress?.note("cancelled Slurm job\(list.count == 1 ? "" : "s") \(list.joined(separator: ", "))")
    }

    /// While waiting, SIGINT (Ctrl-C) cancels `jobs` and then ends the process as SIGINT would.
    static func cancelOnInterrupt(jobs: Set<String>) -> InterruptHandler {
        let previous = signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            FileHandle.standardError.write(Data("\ninterrupted: ".utf8))
            let list = jobs.sorted()
            _ = try? SlurmCommand.run(["scancel"] + list)
            FileHandle.standardError.write(Data("cancelled Slurm job\(list.count == 1 ? "" : "s") \(list.joined(separator: ", "))\n".utf8))
            // Die of SIGINT, as without the handler (the shell sees an interrupt). `raise` would
            // target this dispatch thread, which blocks signals, so signal the process instead.
            signal(SIGINT, SIG_DFL)
            kill(getpid(), SIGINT)
            usleep(500_000)
            exit(130)
        }
        source.resume()
        return InterruptHandler(source: source, previous: previous)
    }
}

/// The Ctrl-C handler installed while waiting for an array; `restore()` puts back the previous one.
struct InterruptHandler {
    let source: any DispatchSourceSignal
    let previous: sig_t?
    func restore() {
        source.cancel()
        signal(SIGINT, previous ?? SIG_DFL)
    }
}
