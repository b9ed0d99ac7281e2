import ArgumentParser
import Foundation
import Notebook

extension Minima {
    /// `minima check`: every diagnostic of the notebooks, nothing run.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check notebooks and print every diagnostic without running anything.")

        @OptionGroup var options: NotebookOptions

        func run() async throws {
            var failed = false
            for path in options.notebooks {
                if let document = try options.load(path) {
                    print("\(path): ok, \(document.steps.count) steps")
                } else {
                    failed = true
                }
            }
            if failed { throw ExitCode(65) }
        }
    }
}
