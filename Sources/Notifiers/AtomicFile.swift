import Foundation

/// Crash-safe file replacement: a reader sees the old content or the new, never a torn file.
enum AtomicFile {
    /// Writes `data` to a temporary file beside `url`, fsyncs it, renames it over `url`, then fsyncs
    /// the folder so the rename itself survives a power cut.
    static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".tmp-\(UUID().uuidString)-\(url.lastPathComponent)")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw posixError("create \(temporary.path)") }
        do {
            if let code = data.withUnsafeBytes({ FileDescriptorWriter.writeAll(fd, $0) }) {
                errno = code
                throw posixError("write \(temporary.path)")
            }
            guard fsync(fd) == 0 else { throw posixError("fsync \(temporary.path)") }
        } catch {
            close(fd)
            unlink(temporary.path)
            throw error
        }
        close(fd)
        guard rename(temporary.path, url.path) == 0 else {
            let error = posixError("rename to \(url.path)")
            unlink(temporary.path)
            throw error
        }
        syncFolder(folder)
    }

    /// Removes `url` and makes the removal durable; a missing file is not an error.
    static func remove(_ url: URL) throws {
        if unlink(url.path) != 0 && errno != ENOENT { throw posixError("remove \(url.path)") }
        syncFolder(url.deletingLastPathComponent())
    }

    /// Best effort: some file systems refuse fsync on folders, and the data is already safe in the file.
    private static func syncFolder(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func posixError(_ action: String) -> CocoaError {
        let code = errno
        return CocoaError(.fileWriteUnknown, userInfo: [
            NSLocalizedDescriptionKey: "\(action): \(String(cString: strerror(code)))",
        ])
    }
}
