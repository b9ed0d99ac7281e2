import Foundation
import Notebook

/// The libFuzzer target over the notebook front end (issue 5, item 9): cmark → front matter →
/// params → YAML specs → step graph, then the Notebook half of the plan (run expansion, α grids,
/// simulated settings) and the prose render with trivial hooks. Nothing trains.
///
/// An input is a notebook's bytes (decoded as UTF-8, invalid bytes replaced). Bytes after the
/// first NUL are `-P` overrides instead, one `name=value` a line, so a seed can exercise
/// profiles and overrides while plain notebooks stay plain.
///
/// Build and run with `make fuzz SECONDS=N`; see the Makefile for the exact commands.
enum NotebookFuzzer {
    /// Expansions larger than this are skipped: a sweep of 10⁹ runs is a legitimate request
    /// whose plan is 10⁹ values, not a bug of the front end.
    static let maximumExpansion = 4096

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let split = bytes.firstIndex(of: 0) ?? bytes.endIndex
        let text = String(decoding: bytes[..<split], as: UTF8.self)
        let overrides = split < bytes.endIndex ? parseOverrides(String(decoding: bytes[(split + 1)...], as: UTF8.self)) : []

        let (document, diagnostics) = NotebookParser.parse(text, file: "fuzz.md", overrides: overrides)
        for diagnostic in diagnostics { _ = diagnostic.description }
        for step in document.steps { plan(step, in: document) }

        var fragments: [Int: String] = [:]
        for step in document.steps { fragments[step.block.fence.line] = "<div id=\"\(step.id)\"></div>" }
        let ids = Set(document.steps.map(\.id))
        let hooks = BodyHooks(
            fragments: fragments,
            math: { tex, display in "<math display=\"\(display ? "block" : "inline")\">\(tex.count)</math>" },
            reference: { id in ids.contains(id) ? "<a href=\"#\(id)\">\(id)</a>" : nil })
        let (html, headings) = document.renderBody(hooks: hooks)
        _ = html.utf8.count + headings.count
    }

    /// `name=value` lines; a line without `=` is skipped.
    static func parseOverrides(_ text: String) -> [(String, String)] {
        text.split(separator: "\n").compactMap { line in
            guard let eq = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<eq]), String(line[eq...].dropFirst()))
        }
    }

    /// The Notebook half of the plan: what the Runner reads from each decoded spec.
    static func plan(_ step: Step, in document: NotebookDocument) {
        let seeds = document.frontMatter.seeds
        switch step.spec {
        case .train(let train):
            _ = try? train.validate()
            _ = train.lr.description + train.batch.description
            _ = train.lr.initialValue + train.batch.initialValue
            // What Training's Schedule.integerValue does with a decoded batch at run time.
            for value in train.batch.values { _ = Int(value.rounded()) }
            for run in train.expand(defaultSeeds: seeds) { _ = try? run.train.validate() }
        case .sweep(let sweep):
            guard let base = document.step(sweep.base), case .train(let train) = base.spec else { return }
            let seedCount = (sweep.seeds ?? train.seeds ?? seeds).count
            guard let count = sweep.variantCount else { return }
            let (total, overflow) = count.multipliedReportingOverflow(by: seedCount)
            guard !overflow, total <= maximumExpansion else { return }
            for run in sweep.expand(base: train, defaultSeeds: seeds) {
                _ = try? run.train.validate()
                _ = run.train.lr.description + run.train.batch.description
            }
        case .interpolate(let interpolate):
            if interpolate.alpha.points <= maximumExpansion { _ = interpolate.alpha.values }
        case .simulate(let simulate):
            let pairs = simulate.cases?.count ?? simulate.sampling.count.multipliedReportingOverflow(by: simulate.n.count).partialValue
            let settings = simulate.scale?.beta.count
                ?? (simulate.ratio?.count ?? 0).multipliedReportingOverflow(by: simulate.batch?.count ?? 0).partialValue
            let (total, overflow) = pairs.multipliedReportingOverflow(by: settings)
            if !overflow, total <= maximumExpansion { _ = simulate.points }
        case .dataset, .measure, .derive, .plot, .table:
            break
        }
    }

}

#if FUZZING
/// libFuzzer's entry point: one input per call; returns 0 (the input is kept if it adds coverage).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    NotebookFuzzer.run(UnsafeBufferPointer(start: size > 0 ? data : nil, count: size))
    return 0
}
#else
/// Without `-DFUZZING` the target is a plain executable that parses the notebooks given as
/// arguments, so `swift build` links it (libFuzzer provides `main` only in the fuzz build).
@main
struct FuzzStub {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
            Array(data).withUnsafeBufferPointer { NotebookFuzzer.run($0) }
            print("\(path): ok")
        }
    }
}
#endif
