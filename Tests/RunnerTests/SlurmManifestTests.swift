import Foundation
import Notebook
import Testing
@testable import Runner

/// Job manifests and job records in the cache (no Slurm needed).
@Suite("Slurm job manifests")
struct SlurmManifestTests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("minima-slurm-manifest-\(UUID().uuidString)")
    }

    /// Every unit of the tiny end-to-end notebook: runs, measures, interpolations and simulations.
    static func units() -> [(step: String, unit: WorkUnit)] {
        let (document, _) = NotebookParser.parse(NotebookRunTests.notebook, file: "tiny.md")
        return Plan(document: document).steps.flatMap { step in step.units.map { (step.id, $0) } }
    }

    @Test("a manifest written and read back has the same units and the same keys")
    func roundTrip() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let units = Self.units()
        let kinds = Set(units.map { entry -> String in
            switch entry.unit {
            case .run: "run"
            case .measure: "measure"
            case .interpolate: "interpolate"
            case .simulate: "simulate"
            }
        })
        #expect(kinds == ["run", "measure", "interpolate", "simulate"])
        let manifest = SlurmManifest(cacheDirectory: directory.path, units: units)
        let url = try manifest.write(in: directory)
        #expect(url.lastPathComponent == "\(manifest.digest).json")
        let loaded = try SlurmManifest.load(url)
        #expect(loaded == manifest)
        #expect(loaded.units.map(\.unit.key) == units.map(\.unit.key))
        #expect(loaded.units.map(\.step) == units.map(\.step))
        #expect(loaded.digest == manifest.digest)
    }

    @Test("runs with every form of schedule keep their keys through a manifest",
          arguments: [ScheduleSpec.constant(0.1), .step(initial: 0.1, factor: 0.5, every: 2),
                      .cyclic(values: [0.1, 0.02], phase: 3), .triangular(low: 0.02, high: 0.1, phase: 2)])
    func schedulesRoundTrip(_ lr: ScheduleSpec) throws {
        let train = TrainSpec(data: "d", model: ModelSpec(mlp: [4]), lr: lr, batch: .cyclic(values: [8, 32], phase: 1),
                              epochs: 4, curvature: CurvatureSpec(at: [0, 4]))
        let unit = WorkUnit.run(RunUnit(run: RunSpec(train: train, seed: 7, beta: 2),
                                        data: DataUnit(spec: DatasetSpec(source: "blobs", train: 64), fileDigests: [:])))
        let manifest = SlurmManifest(cacheDirectory: "/c", units: [("s", unit)])
        let decoded = try ResultStore.decoder.decode(SlurmManifest.self, from: manifest.encoded())
        #expect(decoded.units.first?.unit == unit)
        #expect(decoded.units.first?.unit.key == unit.key)
    }

    @Test("the digest names the content: same units same name, other units another")
    func digestIsContent() {
        let units = Self.units()
        let a = SlurmManifest(cacheDirectory: "/shared/cache", units: units)
        let b = SlurmManifest(cacheDirectory: "/shared/cache", units: units)
        let c = SlurmManifest(cacheDirectory: "/shared/cache", units: Array(units.dropFirst()))
        #expect(a.digest == b.digest)
        #expect(a.digest != c.digest)
        #expect(a.digest.count == 64)
    }

    @Test("a missing manifest is an error saying the cache must be shared")
    func missingManifest() {
        let url = Self.temporaryDirectory().appendingPathComponent("slurm/none.json")
        #expect {
            try SlurmManifest.load(url)
        } throws: { error in
            "\(error)".contains(url.path) && "\(error)".contains("shared")
        }
    }

    @Test("a cache directory that cannot be written is an error naming it and saying it must be shared")
    func unwritableCache() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // A regular file where the cache should be: nothing can be created under it, even as root.
        let blocked = directory.appendingPathComponent("not-a-directory")
        try Data("x".utf8).write(to: blocked)
        let manifest = SlurmManifest(cacheDirectory: blocked.path, units: Array(Self.units().prefix(1)))
        for attempt in [{ try manifest.write(in: blocked) }, { try SlurmExecutor.prepareFolders(in: blocked) }] as [() throws -> Any] {
            #expect {
                _ = try attempt()
            } throws: { error in
                guard case SlurmError.cacheNotWritable(let path, _) = error else { return false }
                return path == blocked.path && "\(error)".contains("shared")
            }
        }
    }

    @Test("job records are saved beside their manifest and listed")
    func jobRecords() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(SlurmJobRecord.all(in: directory).isEmpty)
        let a = SlurmJobRecord(manifest: "aaa", chunks: [.init(job: "12", offset: 0, count: 1001), .init(job: "13", offset: 1001, count: 4)])
        let b = SlurmJobRecord(manifest: "bbb", chunks: [.init(job: "20", offset: 0, count: 2)])
        try a.save(in: directory)
        try b.save(in: directory)
        #expect(SlurmJobRecord.load(digest: "aaa", in: directory) == a)
        #expect(SlurmJobRecord.all(in: directory) == [a, b])
    }
}
