import ArgumentParser
import Foundation
import Notebook

extension Minima {
    /// `minima render`: check, run, and write the report.
    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check, run and render notebooks to HTML.")

        @OptionGroup var options: NotebookOptions

        @Option(name: .shortAndLong, help: "Output folder.")
        var output: String = "Output"

        func run() async throws {
            for path in options.notebooks {
                guard try options.load(path) != nil else { throw ExitCode(65) }
            }
        }
    }
}
