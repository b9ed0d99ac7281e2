import Foundation
import MinimaRender
import Notebook
import Runner

/// The libFuzzer target over the whole render (issue "Trust", item 8): parse and check a
/// notebook as `minima render` does, run its steps when they are tiny, write the report through
/// `ReportWriter` and `OutputFolder` into a per-process temporary output folder, and check on
/// every input that
///
/// - nothing crashes (libFuzzer and ASan report that);
/// - nothing outside the output and cache folders changed: beside them lie a sentinel folder
///   with a file, a subfolder and a symbolic link to it, and the output folder holds a link
///   `escape → ../sentinel`; after each input the whole temporary root except `out/` and
///   `cache/` must be exactly as it was (names, types, bytes, link targets, modification times);
/// - the page and its SVG files have no active content (`ActiveContent`): no `<script` but the
///   inert provenance JSON, no `on*=` attribute, no `javascript:` URL, the CSP meta present;
/// - a second render over the first one succeeds (the output folder recognises its own files).
///
/// An input is a notebook's bytes. Bytes after the first NUL are `-P` overrides, one
/// `name=value` a line (as in `MinimaFuzz`); bytes after a second NUL are the notebook's file
/// name (`/` removed, `.md` appended when missing), so seeds can try names such as `...md`.
///
/// Steps run (through `NotebookRun` and `LocalExecutor(jobs: 1)`, caching into the temporary
/// cache folder) only when `Budget` finds the plan tiny; otherwise the report is written with no
/// outcomes, every step shown as not run, which still exercises the report writer and the folder.
enum RenderFuzzer {
    static let place = Place()

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let parts = bytes.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
        let text = String(decoding: parts[0], as: UTF8.self)
        let overrides = parts.count > 1 ? parseOverrides(String(decoding: parts[1], as: UTF8.self)) : []
        let file = fileName(parts.count > 2 ? String(decoding: parts[2], as: UTF8.self) : "")

        let (document, diagnostics) = NotebookParser.parse(text, file: "/minima-fuzz/\(file)", overrides: overrides,
                                                           isDataAvailable: DataSources.isAvailable,
                                                           dataShape: DataSources.sampleShape)
        // `minima render` writes nothing for a notebook with errors.
        guard !diagnostics.hasErrors else { return }

        var outcomes: [String: StepOutcome] = [:]
        if Budget.expansionIsSmall(document) {
            let run = NotebookRun(document: document, store: place.store)
            if Budget.isTiny(run.plan) {
                outcomes = wait { await run.run(executor: LocalExecutor(jobs: 1), progress: Progress(quiet: true)) }
            }
        }

        place.resetOutput()
        let writer = ReportWriter(document: document, outcomes: outcomes, output: place.output)
        // Writing may fail gracefully (a name too long for the file system, `OUTPUT/escape` being
        // a link): `minima render` then prints the error and changes nothing. Once it succeeded,
        // the same render again must succeed too.
        if let first = try? writer.write() {
            check(page: first.page, folder: place.output.appendingPathComponent(writer.name))
            do {
                let second = try writer.write()
                check(page: second.page, folder: place.output.appendingPathComponent(writer.name))
            } catch {
                fail("rendering \(file) a second time over the first threw: \(error)")
            }
        }
        place.resetOutput()
        if let change = place.changeOutside() { fail("a file outside the output and cache folders changed: \(change)") }
    }

    static func check(page: URL, folder: URL) {
        guard page.path.hasPrefix(place.output.path + "/") else { fail("the page \(page.path) is outside the output folder") }
        guard let html = try? String(contentsOf: page, encoding: .utf8) else { fail("cannot read the page \(page.path)") }
        let problems = ActiveContent.problems(in: html, page: true)
        if !problems.isEmpty { fail("the page has active content: \(problems)") }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".svg") {
            guard let svg = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else { continue }
            let problems = ActiveContent.problems(in: svg, page: false)
            if !problems.isEmpty { fail("\(name) has active content: \(problems)") }
        }
    }

    /// The notebook's file name as `minima render` would see it: a last path component ending in
    /// `.md`, at most 255 bytes.
    static func fileName(_ raw: String) -> String {
        var name = raw.replacingOccurrences(of: "/", with: "").replacingOccurrences(of: "\n", with: "")
        if name.isEmpty { name = "fuzz" }
        if !name.hasSuffix(".md") { name += ".md" }
        while name.utf8.count > 255 { name = String(name.dropFirst()) }
        return name
    }

    /// `name=value` lines; a line without `=` is skipped.
    static func parseOverrides(_ text: String) -> [(String, String)] {
        text.split(separator: "\n").compactMap { line in
            guard let eq = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<eq]), String(line[eq...].dropFirst()))
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("RenderFuzzer: \(message)\n".utf8))
        abort()
    }

    /// Runs `body` to completion from synchronous code (libFuzzer's callback).
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await body()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// What keeps an input fast: steps run only when their plan is tiny.
enum Budget {
    /// Sweeps, α grids and simulations larger than this are not planned at all.
    static let maximumExpansion = 64
    /// Training budget: Σ epochs × training-set size × weights, over runs not cached.
    static let maximumWork = 4e7
    static let maximumUnits = 24

    /// Whether planning the document is cheap: no sweep, α grid or simulation is large.
    static func expansionIsSmall(_ document: NotebookDocument) -> Bool {
        let seeds = document.frontMatter.seeds
        for step in document.steps {
            switch step.spec {
            case .train(let train):
                guard (train.seeds ?? seeds).count <= 8 else { return false }
            case .sweep(let sweep):
                guard let base = document.step(sweep.base), case .train(let train) = base.spec,
                      let count = sweep.variantCount else { return false }
                let (total, overflow) = count.multipliedReportingOverflow(by: (sweep.seeds ?? train.seeds ?? seeds).count)
                guard !overflow, total <= maximumExpansion else { return false }
            case .interpolate(let interpolate):
                guard interpolate.alpha.points <= maximumExpansion else { return false }
            case .simulate:
                return false   // simulations are never run here (their cost is not bounded by the data)
            case .dataset, .measure, .derive, .plot, .table:
                break
            }
        }
        return true
    }

    /// Whether every unit of `plan` is cheap: runs on the generated sets at small sizes, no
    /// simulation, measures and interpolations on small samples.
    static func isTiny(_ plan: Plan) -> Bool {
        var work = 0.0
        var units = 0
        for step in plan.steps {
            for unit in step.units {
                units += 1
                switch unit {
                case .run(let u):
                    guard ["blobs", "teacher"].contains(u.data.spec.source),
                          (u.data.spec.train ?? 512) <= 1024, (u.data.spec.test ?? 256) <= 1024,
                          u.run.train.curvature == nil, (u.run.train.evaluate ?? 0) <= 1024,
                          let hidden = u.run.train.model.mlp else { return false }
                    var weights = 0.0, inputs = 16.0
                    for width in hidden + [4] {
                        weights += (inputs + 1) * Double(width)
                        inputs = Double(width)
                    }
                    work += PlanPrinter.trainingSamples(unit) * weights
                case .measure(let u):
                    guard u.settings.samples <= 1024, u.settings.powerSteps <= 20, u.settings.probes <= 10 else { return false }
                case .interpolate(let u):
                    guard (u.settings.samples ?? 0) <= 1024, u.settings.alpha.count <= 16 else { return false }
                case .simulate:
                    return false
                }
            }
        }
        return units <= maximumUnits && work <= maximumWork
    }

}

#if FUZZING
/// libFuzzer's entry point: one input per call; returns 0 (the input is kept if it adds coverage).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    RenderFuzzer.run(UnsafeBufferPointer(start: size > 0 ? data : nil, count: size))
    return 0
}
#else
/// Without `-DFUZZING` the target is a plain executable that renders the notebooks given as
/// arguments with the same checks, so `swift build` links it (libFuzzer provides `main` only in
/// the fuzz build).
@main
struct RenderFuzzStub {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
            Array(data).withUnsafeBufferPointer { RenderFuzzer.run($0) }
            print("\(path): ok")
        }
    }
}
#endif
