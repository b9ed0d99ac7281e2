import Foundation

/// The machine a unit ran on, as recorded in provenance: "2 cores, AMD EPYC, OpenBLAS SkylakeX".
enum Machine {
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    static let description: String = {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return "\(cores) cores" + (cpu.map { ", \($0)" } ?? "") + ", OpenBLAS \(CacheKey.blasKernel)"
    }()
}
