import ArgumentParser

@main
struct Minima: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a Markdown notebook of training experiments and write an HTML report.",
        subcommands: [Bench.self])
}
