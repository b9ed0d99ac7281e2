import Foundation

/// An exclusive lock on a report's outputs, so two renders of the same notebook into the same
/// folder never write at once. A class because it owns an open file descriptor (released in
/// `deinit` or by the process ending, also on a crash).
public final class RenderLock {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock `OUTPUT/.NAME.lock`, waiting for another holder when `wait` is true.
    /// - Returns: nil when `wait` is false and another process holds the lock.
    /// - Throws: when the lock file cannot be created.
    public init?(output: URL, name: String, wait: Bool) throws {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        path = output.appendingPathComponent(".\(name).lock").path
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        if flock(descriptor, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            close(descriptor)
            return nil
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
