import Foundation
import Synchronization

/// Crash-safe replacement of a file: a reader finds the old content or the new, never a torn file.
///
/// The one implementation for every file kubecapwatch replaces: the alert state, the outbox, `graph --output`.
public enum AtomicFile {
    /// Writes `data` to a temporary file in `url`'s folder (same file system, so the rename is atomic), fsyncs it,
    /// renames it over `url`, then fsyncs the folder so the rename survives a power cut. A new file gets
    /// `permissions` less the umask; the folder must exist.
    public static func replace(_ url: URL, with data: Data, permissions: mode_t = 0o600) throws(FileError) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(temporaryName(for: url.lastPathComponent))
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw .posix("create", temporary.path, errno) }
        do throws(FileError) {
            if let code = data.withUnsafeBytes({ FileDescriptorWriter.writeAll(fd, $0) }) {
                throw FileError.posix("write", temporary.path, code)
            }
            guard fsync(fd) == 0 else { throw FileError.posix("fsync", temporary.path, errno) }
        } catch {
            close(fd)
            unlink(temporary.path)
            throw error
        }
        close(fd)
        guard rename(temporary.path, url.path) == 0 else {
            let code = errno
            unlink(temporary.path)
            throw .posix("rename to", url.path, code)
        }
        syncFolder(folder)
    }

    /// Renames `url` to `destination` (in the same folder) and makes the rename durable.
    public static func move(_ url: URL, to destination: URL) throws(FileError) {
        guard rename(url.path, destination.path) == 0 else { throw .posix("rename to", destination.path, errno) }
        syncFolder(url.deletingLastPathComponent())
    }

    /// Removes `url` and makes the removal durable; a missing file is not an error.
    public static func remove(_ url: URL) throws(FileError) {
        if unlink(url.path) != 0 && errno != ENOENT { throw .posix("remove", url.path, errno) }
        syncFolder(url.deletingLastPathComponent())
    }

    /// True for a temporary file of ``replace(_:with:permissions:)`` (of the file named `target`, when given): one
    /// a crash left between creating and renaming it, which is never content. Names of older versions
    /// (`.tmp-<uuid>-<name>`) count too.
    public static func isTemporary(_ name: String, of target: String? = nil) -> Bool {
        guard let target else { return name.hasPrefix(".") && name.contains(".tmp-") }
        return name.hasPrefix(".\(target).tmp-")
    }

    /// `.<name>.tmp-<pid>-<n>`: hidden, beside the target, distinct for every writer of every process.
    private static func temporaryName(for name: String) -> String {
        ".\(name).tmp-\(getpid())-\(sequence.add(1, ordering: .relaxed).newValue)"
    }

    private static let sequence = Atomic<Int>(0)

    /// Best effort: some file systems refuse fsync on a folder, and the file's own data is already safe.
    private static func syncFolder(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
