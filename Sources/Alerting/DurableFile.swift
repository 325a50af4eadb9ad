import Foundation

/// Crash-safe replacement of a small file: a reader finds the old content or the new, never a torn file.
enum DurableFile {
    /// Writes `data` to a temporary file in `url`'s folder (same file system, so the rename is atomic),
    /// fsyncs it, renames it over `url`, then fsyncs the folder so the rename survives a power cut.
    static func replace(_ url: URL, with data: Data, permissions: mode_t = 0o600) throws(AlertStateStoreError) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw .posix("create", temporary.path, errno) }
        do throws(AlertStateStoreError) {
            try writeAll(data, to: fd, path: temporary.path)
            guard fsync(fd) == 0 else { throw AlertStateStoreError.posix("fsync", temporary.path, errno) }
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

    /// Renames `url` to `destination` and makes the rename durable.
    static func move(_ url: URL, to destination: URL) throws(AlertStateStoreError) {
        guard rename(url.path, destination.path) == 0 else { throw .posix("rename to", destination.path, errno) }
        syncFolder(url.deletingLastPathComponent())
    }

    private static func writeAll(_ data: Data, to fd: Int32, path: String) throws(AlertStateStoreError) {
        var failure: Int32?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if let failure { throw .posix("write", path, failure) }
    }

    /// Best effort: some file systems refuse fsync on a folder, and the file's own data is already safe.
    private static func syncFolder(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
