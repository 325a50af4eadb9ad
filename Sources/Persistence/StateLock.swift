import Foundation

/// An exclusive hold on one alert state file, so two `run` processes pointed at the same `[state] path` (two
/// units, a unit and a hand-started `run --once`) cannot both send every alert and overwrite each other's state.
///
/// It is a `flock` on `<state path>.lock`, held as long as this object lives (the process's life, for the
/// engine): the kernel releases it when the process dies, however it dies, so a `kill -9` never leaves a stale
/// lock behind. The holder writes its pid into the file so a refused process can name it; a pid left by a dead
/// holder is only ever read while the lock is held by a live one, which has overwritten it.
///
/// It guards the file backend (``FileAlertStateStore``, ``FileOutboxStore``); state kept in the cluster would
/// need a lock there (a Lease) instead.
public final class StateLock: Sendable {
    /// The lock file, `<state path>.lock`.
    public let path: String
    private let descriptor: Int32

    /// Takes the lock for the state file at `statePath`, creating its folder and the lock file when missing.
    /// Throws, without waiting, when another process holds it or the file cannot be opened.
    public init(statePath: String) throws(StateLockError) {
        let lockPath = statePath + ".lock"
        let folder = URL(fileURLWithPath: lockPath).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StateLockError(statePath: statePath, reason: .unusable("cannot create \(folder.path): \(error.localizedDescription)"))
        }
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StateLockError(statePath: statePath, reason: .unusable("cannot open \(lockPath): \(Self.errorText())"))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let failure = errno
            let holder = Self.readPid(descriptor)
            close(descriptor)
            if failure == EWOULDBLOCK {
                throw StateLockError(statePath: statePath, reason: .held(byPid: holder))
            }
            throw StateLockError(statePath: statePath, reason: .unusable("cannot lock \(lockPath): \(String(cString: strerror(failure)))"))
        }
        path = lockPath
        self.descriptor = descriptor
        Self.writePid(descriptor)
    }

    deinit {
        // Closing the last descriptor releases the flock.
        close(descriptor)
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }

    /// The holder's pid from the file, nil when it is empty or unreadable (a holder between open and write).
    private static func readPid(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text).flatMap { $0 > 0 ? $0 : nil }
    }

    /// Best effort: the pid only serves the message of a refused process.
    private static func writePid(_ descriptor: Int32) {
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }
}
