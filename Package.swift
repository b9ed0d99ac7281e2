// swift-tools-version:6.0
import PackageDescription

// Module graph (one way only; `make check-imports` enforces it):
//   Training → CBLAS, CZlib          (the math; knows nothing of Markdown)
//   Notebook → CCMark, Yams          (the language and plain result types; runs nothing)
//   Runner   → Notebook, Training, Crypto   (execution, cache, executors)
//   Report   → Notebook              (HTML, SVG; knows nothing of training)
//   MinimaRender → Runner, Report    (the report writer and the output folder)
//   MinimaPreview → MinimaRender, Runner, Report, FlyingFox, Crypto   (`minima preview`: server, watcher)
//   minima   → MinimaPreview, MinimaRender, Runner, Report, ArgumentParser
let package = Package(
    name: "Minima",
    products: [
        .executable(name: "minima", targets: ["minima"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        .systemLibrary(name: "CCMark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Training", dependencies: ["CBLAS", "CZlib"]),
        .target(name: "Notebook", dependencies: ["CCMark", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "Runner",
            dependencies: ["Notebook", "Training", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Report", dependencies: ["Notebook"]),
        .target(name: "MinimaRender", dependencies: ["Runner", "Report"]),
        .target(
            name: "MinimaPreview",
            dependencies: [
                "MinimaRender", "Runner", "Report", .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .executableTarget(
            name: "minima",
            dependencies: [
                "MinimaPreview", "MinimaRender", "Runner", "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // libFuzzer target over the notebook front end: `make fuzz` (a stub `main` without -DFUZZING).
        .executableTarget(name: "MinimaFuzz", dependencies: ["Notebook"]),
        // libFuzzer target over the whole render (parse → run tiny steps → report writer → output
        // folder), checking the page has no active content and nothing outside OUTPUT is touched:
        // `make fuzz-render`.
        .executableTarget(name: "MinimaRenderFuzz", dependencies: ["MinimaRender", "Runner", "Report", "Notebook"]),
        .target(name: "MinimaTestSupport", path: "Tests/MinimaTestSupport"),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "MinimaTestSupport",
                                                      .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "MinimaTestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "MinimaTestSupport"]),
        .testTarget(name: "MinimaTests", dependencies: ["minima", "MinimaRender", "MinimaTestSupport"]),
        .testTarget(name: "MinimaPreviewTests", dependencies: ["MinimaPreview", "MinimaRender", "MinimaTestSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "MinimaTestSupport"], exclude: ["Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)
