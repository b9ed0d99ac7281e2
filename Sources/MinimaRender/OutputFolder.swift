import Foundation
import Report
import Runner

/// A problem that stops a report from being written. When it is thrown, nothing of the
/// previous render has been changed.
public struct OutputError: Error, CustomStringConvertible {
    public var description: String
}

/// Puts one render's files into `OUTPUT/NAME/` and its page at `OUTPUT/NAME.html` without
/// touching what Minima did not write.
///
/// 1. Every file is first written into a private staging folder `OUTPUT/.NAME.staging-XXXXXXXX`
///    (same file system, so moving is a rename). A failure there (disk full) or an interrupt
///    changes nothing in `OUTPUT/NAME/`; a staging folder left by a killed render is removed
///    by the next render of the same notebook.
/// 2. Before anything moves, each target is checked: it may be missing, or a regular file whose
///    bytes are what the previous render wrote (`OutputManifest`) or what this render writes.
///    Anything else — a user's file of the same name, a symbolic link, a folder — stops the
///    render with an `OutputError`. `OUTPUT/NAME` itself must be a real folder, never a link.
/// 3. The manifest is replaced by one listing both generations, the files are renamed in one by
///    one, files of the previous render this one no longer writes are removed (only regular
///    files still holding the bytes Minima wrote), the manifest is replaced by this render's,
///    and the page is renamed in last.
struct OutputFolder {
    /// The output folder (`-o`).
    let output: URL
    /// The notebook's base name.
    let name: String
    /// Writes one file into the staging folder; tests replace it to simulate a full disk.
    var writeFile: (Data, URL) throws -> Void = { data, url in try data.write(to: url) }

    var folder: URL { output.appendingPathComponent(name) }
    var page: URL { output.appendingPathComponent("\(name).html") }
    var stagingPrefix: String { ".\(name).staging-" }

    private static let stagedPage = ".page.html"
    private static let stagedManifest = ".manifest"
    private var fileManager: FileManager { .default }

    /// Writes `files` (plain names) into the folder and `page` beside it.
    /// - Returns: Warnings for the terminal (files kept because the user changed them).
    /// - Throws: `OutputError` when a target is not Minima's; file-system errors otherwise.
    /// - Parameter figurePDFs: What converted the figure PDFs among `files`, kept in the manifest.
    func publish(files: [OutputFile], page pageBytes: Data, figurePDFs: String? = nil) throws -> [String] {
        try fileManager.createDirectory(at: output, withIntermediateDirectories: true)
        removeLeftoverStaging()
        try checkFolder()
        var seen = Set<String>()
        for file in files {
            guard OutputManifest.isPlainName(file.path), !file.path.hasPrefix(".") else {
                throw OutputError(description: "cannot write '\(file.path)' into \(folder.path): not a plain file name")
            }
            guard seen.insert(file.path).inserted else {
                throw OutputError(description: "two steps would write \(folder.appendingPathComponent(file.path).path); give one of them another id")
            }
        }
        let previous = OutputManifest.read(in: folder)

        let staging = try makeStaging()
        defer { try? fileManager.removeItem(at: staging) }
        var entries: [OutputManifest.Entry] = []
        for file in files {
            let data = Data(file.bytes)
            try writeFile(data, staging.appendingPathComponent(file.path))
            entries.append(.init(path: file.path, sha256: CacheKey.digest(data)))
        }
        try writeFile(pageBytes, staging.appendingPathComponent(Self.stagedPage))

        for entry in entries { try checkReplaceable(entry, previous: previous) }
        try checkPage()

        if Self.type(of: folder) == nil { try fileManager.createDirectory(at: folder, withIntermediateDirectories: false) }
        try installManifest(OutputManifest(files: previous.files + entries, figurePDFs: figurePDFs), staging: staging)
        for entry in entries {
            try Self.rename(staging.appendingPathComponent(entry.path), to: folder.appendingPathComponent(entry.path))
        }
        var warnings: [String] = []
        for path in previous.paths.subtracting(entries.map(\.path)).sorted() {
            let url = folder.appendingPathComponent(path)
            guard Self.type(of: url) == .typeRegular else { continue }   // gone, or the user's link or folder
            if let digest = Self.digest(of: url), previous.digests(of: path).contains(digest) {
                try fileManager.removeItem(at: url)
            } else {
                warnings.append("\(url.path): warning: kept: Minima wrote it, but it was changed since and this render no longer writes it")
            }
        }
        try installManifest(OutputManifest(files: entries, figurePDFs: figurePDFs), staging: staging)
        try Self.rename(staging.appendingPathComponent(Self.stagedPage), to: page)
        return warnings
    }

    /// The bytes of `name` as the previous render wrote them, when that render also wrote
    /// `source` with exactly `sourceBytes` (both files still hold what the manifest lists): a
    /// figure's PDF is kept when its SVG did not change.
    func previousFile(_ name: String, madeFrom source: String, _ sourceBytes: Data, manifest: OutputManifest) -> Data? {
        let sourceURL = folder.appendingPathComponent(source), url = folder.appendingPathComponent(name)
        guard OutputManifest.isPlainName(name), Self.type(of: sourceURL) == .typeRegular, Self.type(of: url) == .typeRegular,
              let old = try? Data(contentsOf: sourceURL), old == sourceBytes,
              manifest.digests(of: source).contains(CacheKey.digest(old)),
              let data = try? Data(contentsOf: url), manifest.digests(of: name).contains(CacheKey.digest(data))
        else { return nil }
        return data
    }

    // MARK: Checks

    /// `OUTPUT/NAME` is missing or a real folder, and its manifest is not a link.
    private func checkFolder() throws {
        switch Self.type(of: folder) {
        case nil, .typeDirectory?: break
        case .typeSymbolicLink?:
            throw OutputError(description: "\(folder.path) is a symbolic link; Minima writes a report's files only into a real folder and never follows links out of the output folder: remove the link or render with another -o")
        default:
            throw OutputError(description: "\(folder.path) exists and is not a folder; Minima needs it for the report's files: move it away or render with another -o")
        }
        let manifest = folder.appendingPathComponent(OutputManifest.fileName)
        switch Self.type(of: manifest) {
        case nil, .typeRegular?: break
        default: throw OutputError(description: "\(manifest.path) is not a regular file (a link or a folder); Minima will not replace it: remove it, then render again")
        }
    }

    /// The target of `entry` is missing, or a regular file Minima wrote (unchanged since).
    private func checkReplaceable(_ entry: OutputManifest.Entry, previous: OutputManifest) throws {
        let target = folder.appendingPathComponent(entry.path)
        switch Self.type(of: target) {
        case nil: return
        case .typeRegular?:
            if let digest = Self.digest(of: target), digest == entry.sha256 || previous.digests(of: entry.path).contains(digest) {
                return
            }
            throw OutputError(description: "\(target.path) was not written by Minima (or was changed since), and this render writes a file of that name; Minima will not overwrite it: move or rename it, then render again")
        case .typeSymbolicLink?:
            throw OutputError(description: "\(target.path) is a symbolic link, and this render writes a file of that name; Minima never replaces or follows links in the output folder: remove the link, then render again")
        default:
            throw OutputError(description: "\(target.path) is a folder (or special file), and this render writes a file of that name; move it away, then render again")
        }
    }

    /// `OUTPUT/NAME.html` is missing or a page Minima generated.
    private func checkPage() throws {
        switch Self.type(of: page) {
        case nil: return
        case .typeRegular?:
            let text = (try? String(contentsOf: page, encoding: .utf8)) ?? ""
            if text.contains("name=\"generator\"") && text.contains("content=\"Minima") { return }
            throw OutputError(description: "\(page.path) is not a page Minima wrote; Minima will not overwrite it: move or rename it, then render again")
        case .typeSymbolicLink?:
            throw OutputError(description: "\(page.path) is a symbolic link; Minima never replaces or follows links in the output folder: remove the link, then render again")
        default:
            throw OutputError(description: "\(page.path) is a folder (or special file); move it away, then render again")
        }
    }

    // MARK: Staging

    /// Removes staging folders of earlier renders of this notebook (killed before cleaning up).
    /// Callers hold `RenderLock`, so no other render of this notebook is using one.
    private func removeLeftoverStaging() {
        for entry in (try? fileManager.contentsOfDirectory(atPath: output.path)) ?? [] where isStagingName(entry) {
            let url = output.appendingPathComponent(entry)
            if Self.type(of: url) == .typeDirectory { try? fileManager.removeItem(at: url) }
        }
    }

    /// `.NAME.staging-` followed by exactly 8 hex digits (so `.a.staging-x.staging-…`, the
    /// staging folder of a notebook named `a.staging-x`, is not mistaken for one of `a`).
    func isStagingName(_ entry: String) -> Bool {
        guard entry.hasPrefix(stagingPrefix) else { return false }
        let suffix = entry.dropFirst(stagingPrefix.count)
        return suffix.count == 8 && suffix.allSatisfy(\.isHexDigit)
    }

    private func makeStaging() throws -> URL {
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let url = output.appendingPathComponent(stagingPrefix + String(repeating: "0", count: 8 - suffix.count) + suffix)
        try fileManager.createDirectory(at: url, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return url
    }

    private func installManifest(_ manifest: OutputManifest, staging: URL) throws {
        let staged = staging.appendingPathComponent(Self.stagedManifest)
        try writeFile(try manifest.encoded(), staged)
        try Self.rename(staged, to: folder.appendingPathComponent(OutputManifest.fileName))
    }

    // MARK: File system

    /// The type of the item at `url` without following a final symbolic link; nil when missing.
    static func type(of url: URL) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType
    }

    static func digest(of url: URL) -> String? {
        (try? Data(contentsOf: url)).map(CacheKey.digest)
    }

    static func rename(_ from: URL, to: URL) throws {
        guard Foundation.rename(from.path, to.path) == 0 else {
            let code = errno
            throw OutputError(description: "cannot move \(from.lastPathComponent) to \(to.path): \(String(cString: strerror(code)))")
        }
    }
}
