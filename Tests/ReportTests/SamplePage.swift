import Notebook
@testable import Report

/// A full sample report assembled as the lead's renderer would: prose (as cmark renders it)
/// with step fragments in between, numbered figures, math, an error box and provenance.
enum SamplePage {
    static let sweepSource = "base: baseline\ngrid: {lr: [0.01, 0.03, 0.1], batch: [32, 128, 512]}\nseeds: [1, 2]\n"

    static var blocks: [StepBlock] {
        let history = SampleResults.completed(SampleResults.history, notes: ["1 of 9 runs diverged (lr = 0.8, seed 2)."])
        let sweep = SampleResults.completed(SampleResults.sweep)
        let interpolation = SampleResults.completed(SampleResults.interpolation)
        return [
            StepBlock(kind: "sweep", id: "history", source: "base: baseline\ngrid: {lr: [0.1, 0.05, 0.8]}\n",
                      position: "nb.md:10:1", content: .compute(history)),
            StepBlock(kind: "plot", id: "loss", source: "of: history\nx: epoch\ny: train_loss\ncolor: lr\n",
                      position: "nb.md:16:1",
                      content: .plot(PlotSpec(of: ["history"], x: "epoch", y: ["train_loss"], color: "lr", scale: AxisScales(y: .log),
                                              yLabel: "training loss", caption: "Training loss per epoch, mean ± std over three seeds; the run with $\\eta = 0.8$ diverges."),
                                     upstream: [history])),
            StepBlock(kind: "sweep", id: "ratio", source: sweepSource, position: "nb.md:24:1", content: .compute(sweep)),
            StepBlock(kind: "plot", id: "sharpness", source: "of: ratio\nx: lr/batch\ny: lambda_max\n", position: "nb.md:31:1",
                      content: .plot(PlotSpec(of: ["ratio"], x: "lr/batch", y: ["lambda_max"], color: "batch", marker: "optimizer",
                                              scale: AxisScales(x: .log, y: .log), reference: [ReferenceLine(y: "0.5*x^(-0.5)", label: "λ ∝ (η/S)^−½")],
                                              xLabel: "η/S", yLabel: "λ_max",
                                              caption: "Sharpness $\\lambda_{\\max}$ against $\\eta/S$ (log–log); the runs of @loss, summarised in @final."),
                                     upstream: [sweep])),
            StepBlock(kind: "table", id: "final", source: "of: ratio\n", position: "nb.md:40:1",
                      content: .table(TableSpec(of: "ratio", columns: [TableColumn("lr"), TableColumn("batch"),
                                                                       TableColumn(label: "η/S", expression: "lr/batch"),
                                                                       TableColumn(label: "test accuracy", expression: "test_acc"),
                                                                       TableColumn(label: "λ_max", expression: "lambda_max")],
                                                sort: [SortKey("lr"), SortKey("batch")],
                                                caption: "Final accuracy and sharpness per configuration."),
                                      upstream: sweep)),
            StepBlock(kind: "interpolate", id: "interp", source: "from: a\nto: b\n", position: "nb.md:48:1", sourceDisplay: .hidden,
                      content: .compute(interpolation)),
            StepBlock(kind: "plot", id: nil, source: "of: interp\n", position: "nb.md:55:1",
                      content: .plot(PlotSpec(of: ["interp"], x: "alpha", y: ["train_loss", "test_loss"], facet: "pair",
                                              reference: [ReferenceLine(x: 0, label: "θ₁"), ReferenceLine(x: 1, label: "θ₂")],
                                              xLabel: "α", yLabel: "loss", caption: "Loss along $\\theta(\\alpha) = (1-\\alpha)\\theta_1 + \\alpha\\theta_2$."),
                                     upstream: [interpolation])),
            StepBlock(kind: "measure", id: "broken", source: "of: ratio\nmetrics: [trace]\n", position: "nb.md:60:1",
                      content: .compute(.failed(StepFailure(message: "data file 'Data/fmnist/train.gz' not found",
                                                            logTail: "loading fmnist…\nerror: no such file")))),
            StepBlock(kind: "plot", id: nil, source: "of: broken\n", position: "nb.md:66:1",
                      content: .plot(PlotSpec(of: ["broken"], x: "lr", y: ["trace"]), upstream: [.skipped(reason: "step 'broken' failed")])),
        ]
    }

    static func render() -> (page: String, files: [OutputFile]) {
        let blocks = blocks
        let numbering = FigureNumbering(steps: blocks.map { ($0.kind, $0.id) })
        var files: [OutputFile] = []
        var body: [String] = [
            "<h2 id=\"setup\">Setup</h2>",
            "<p>SGD is a discretisation of <math-placeholder/> and the ratio <strong>η/S</strong> sets the noise; see <a href=\"#figure-2\">Figure 2</a>.</p>",
        ]
        let (sde, _) = mathML(tex: "d\\theta = -g(\\theta)\\,dt + \\sqrt{\\frac{\\eta}{S}}\\,R(\\theta)\\,dW", display: true)
        body.append(sde)
        for (i, block) in blocks.enumerated() {
            if i == 2 { body.append("<h2 id=\"sharpness\">Sharpness and η/S</h2>") }
            if i == 5 { body.append("<h3 id=\"interpolation\">Interpolation</h3>") }
            let out = StepRenderer.render(block, label: numbering.label(at: i), assetDirectory: "sample", numbering: numbering)
            body.append(out.html)
            files += out.files
        }
        let (inline, _) = mathML(tex: "\\mathbb{E}[L - L^*] = \\frac{\\eta}{4S}\\operatorname{Tr}(C)", display: false)
        body[1] = body[1].replacingOccurrences(of: "<math-placeholder/>", with: inline)
        let provenance = PageProvenance(
            minimaVersion: "0.1.0 (core 1)", notebookDigest: String(repeating: "0f", count: 32),
            dataDigests: ["fmnist": String(repeating: "ab", count: 32)],
            steps: [PageProvenance.Step(id: "history", kind: "sweep", provenance: SampleResults.provenance(String(repeating: "1a", count: 32), seconds: 3.2), anchor: "step-history"),
                    PageProvenance.Step(id: "ratio", kind: "sweep", provenance: SampleResults.provenance(String(repeating: "2b", count: 32), seconds: 41.5, seeds: [1, 2]), anchor: "step-ratio")])
        let page = ReportPage(
            metadata: .init(title: "Three factors influencing minima in SGD", author: "A. Researcher", date: "2026-11-28"),
            toc: [.init(level: 2, text: "Setup", anchor: "setup"), .init(level: 2, text: "Sharpness and η/S", anchor: "sharpness"),
                  .init(level: 3, text: "Interpolation", anchor: "interpolation"), .init(level: 2, text: "Provenance", anchor: "provenance")],
            body: body.joined(separator: "\n"), provenance: provenance, generator: "Minima 0.1.0")
        return (page.render(), files)
    }
}
