import ArgumentParser
import MinimaRender

@main
struct Minima: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a Markdown notebook of training experiments and write an HTML report.",
        discussion: """
            A notebook is CommonMark prose with fenced blocks whose info string names an experiment \
            step (dataset, train, sweep, measure, interpolate, simulate, plot, table) and whose body \
            is YAML. `minima render` checks every block, runs the steps on Minima's own training core \
            (every run cached by content under .minima/cache), and writes one self-contained HTML page \
            with SVG charts, tables and provenance, plus the figures and data beside it.

            Examples:
              minima render Notebooks/quickstart.md
              minima preview Notebooks/quickstart.md
              minima render Notebooks/three-factors.md -P profile=quick -o /tmp/out
              minima render Notebooks/three-factors.md --dry-run
              minima check Notebooks/*.md
              minima bench --json

            Exit codes: 0 ok, 1 a step failed, 64 usage, 65 the notebook is wrong.
            """,
        version: MinimaVersion.string,
        subcommands: [Render.self, Preview.self, Check.self, Export.self, Cache.self, Bench.self, Worker.self],
        defaultSubcommand: Render.self)
}
