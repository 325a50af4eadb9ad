import Foundation

/// Reads a configuration or secret file whole, with the operating system's own reason when it cannot.
///
/// Foundation's `Data(contentsOf:)` reports `/dev/null` as "Permission denied" and reads whatever size it is
/// given; this reads any readable file that is not a folder (`/dev/null` is an empty file, a pipe such as
/// `--config <(…)` works) and refuses more than `limit` bytes instead of filling memory from `/dev/zero`.
public enum BoundedFile {
    /// Why a file could not be read, in words for a message (`No such file or directory`, `is a directory`).
    struct Failure: Error, Equatable {
        var reason: String
    }

    /// Why the file at `path` cannot be read, nil when it can be opened for reading (nothing is read: for
    /// checking files too large to read twice, such as snapshots).
    public static func readingProblem(_ path: String) -> String? {
        switch openForReading(path) {
        case .success(let fd):
            close(fd)
            return nil
        case .failure(let failure):
            return failure.reason
        }
    }

    static func read(_ path: String, limit: Int) -> Result<Data, Failure> {
        let fd: Int32
        switch openForReading(path) {
        case .success(let opened): fd = opened
        case .failure(let failure): return .failure(failure)
        }
        defer { close(fd) }
        // O_NONBLOCK only kept the open of a pipe without writer from hanging; reads may block.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(reason: String(cString: strerror(errno))))
            }
            if count == 0 { return .success(data) }
            data.append(contentsOf: buffer[..<count])
            if data.count > limit {
                return .failure(Failure(reason: "is larger than \(limit / 1024) KiB, too large for this kind of file"))
            }
        }
    }

    /// A descriptor open for reading on anything but a folder or a socket.
    private static func openForReading(_ path: String) -> Result<Int32, Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .failure(Failure(reason: String(cString: strerror(errno)))) }
        var status = stat()
        var problem: String?
        if fstat(fd, &status) != 0 {
            problem = String(cString: strerror(errno))
        } else {
            switch status.st_mode & S_IFMT {
            case S_IFDIR: problem = "is a directory, not a file"
            case S_IFREG, S_IFCHR, S_IFIFO: break
            default: problem = "is not a regular file"
            }
        }
        if let problem {
            close(fd)
            return .failure(Failure(reason: problem))
        }
        return .success(fd)
    }
}
