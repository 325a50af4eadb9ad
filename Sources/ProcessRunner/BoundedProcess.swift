import CSpawn
import Foundation

/// One run of a helper program (an exec credential plugin, Graphviz's `dot`) that can never hang its caller.
///
/// A service inherits odd process state: swift-service-lifecycle ignores SIGTERM and SIGINT so it can
/// turn them into a graceful shutdown, and ignored signals (like a blocked signal mask) survive `exec`.
/// A program started with Foundation's `Process` therefore ignored the SIGTERM meant to stop it, and
/// one that never exited held the scan, and with it the stop, forever. So the program is started
/// with `posix_spawn` in a process group of its own, with an empty signal mask and every signal at
/// its default action, stdin on `/dev/null` and no other inherited descriptor. Its stdout and stderr
/// are read until it exits; past the deadline (or on cancellation) the whole group gets SIGTERM, then
/// SIGKILL after a grace period. A grandchild that keeps the pipes open after the program exited is
/// killed with the group, so nothing is left behind and nothing keeps us waiting.
public struct BoundedProcess: Sendable {
    /// How the program ended.
    public enum Termination: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// Why the run was cut short, if it was.
    public enum Interruption: Equatable, Sendable {
        /// The deadline passed.
        case timedOut
        /// The caller cancelled it.
        case cancelled
    }

    /// What the run came to.
    public struct Outcome: Sendable {
        public var termination: Termination
        public var interruption: Interruption?
        public var standardOutput: Data
        /// The last 64 KiB or more of stderr.
        public var standardError: Data
        /// True when stdout went past ``outputLimit`` and the rest was dropped.
        public var outputTruncated: Bool
    }

    /// The program's path.
    public var executable: String
    /// `argv`, the program's name first.
    public var arguments: [String]
    /// The program's whole environment.
    public var environment: [String: String]
    public var timeout: Duration
    /// Between SIGTERM and SIGKILL; also how long pipes held open by a grandchild are waited for after
    /// the program itself exited.
    public var killGrace: Duration
    /// Bytes of stdout kept (an ExecCredential is a few KB); of stderr only the tail is kept.
    public var outputLimit: Int

    public init(executable: String, arguments: [String], environment: [String: String], timeout: Duration,
                killGrace: Duration = .seconds(3), outputLimit: Int = 4 << 20) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.timeout = timeout
        self.killGrace = killGrace
        self.outputLimit = outputLimit
    }

    /// Starts the program and waits (blocking the calling thread) until it and its pipes are done.
    /// `isCancelled` is asked every few tens of milliseconds; once it says yes the program is stopped.
    /// - Throws: the `errno` of a failed `pipe2` or `posix_spawn`.
    public func run(isCancelled: () -> Bool = { false }) throws(POSIXError) -> Outcome {
        let outputPipe = try Self.pipe()
        let errorPipe: (read: Int32, write: Int32)
        do { errorPipe = try Self.pipe() } catch {
            close(outputPipe.read)
            close(outputPipe.write)
            throw error
        }
        let spawned = spawn(stdout: outputPipe.write, stderr: errorPipe.write)
        // Only the child writes; our copies of the write ends would keep the pipes from ever ending.
        close(outputPipe.write)
        close(errorPipe.write)
        let pid: pid_t
        switch spawned {
        case .success(let child): pid = child
        case .failure(let error):
            close(outputPipe.read)
            close(errorPipe.read)
            throw error
        }
        var watch = Watch(pid: pid, output: outputPipe.read, error: errorPipe.read, limit: outputLimit)
        return watch.untilDone(timeout: timeout, killGrace: killGrace, isCancelled: isCancelled)
    }

    private static func pipe() throws(POSIXError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        // Close-on-exec, so a program started concurrently by another thread does not inherit our ends;
        // `dup2` in the child clears the flag on the copies that become its stdout and stderr.
        guard pipe2(&fds, O_CLOEXEC) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EMFILE) }
        return (fds[0], fds[1])
    }

    private func spawn(stdout: Int32, stderr: Int32) -> Result<pid_t, POSIXError> {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Descriptors someone opened without close-on-exec (a library's socket) stay ours.
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)

        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        let flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard code == 0 else { return .failure(POSIXError(POSIXErrorCode(rawValue: code) ?? .EINVAL)) }
        return .success(pid)
    }
}

/// The parent's side of one run: reads both pipes, watches the clock, the cancellation flag and the
/// child, and stops the process group when needed.
private struct Watch {
    let pid: pid_t
    var output: Int32
    var error: Int32
    let limit: Int
    var standardOutput = Data()
    var standardError = Data()
    var truncated = false
    var interruption: BoundedProcess.Interruption?
    /// When the group was sent SIGTERM, and whether SIGKILL followed.
    var terminatedAt: ContinuousClock.Instant?
    var killed = false
    /// When the child was seen to have exited (left a zombie, not yet reaped).
    var exitedAt: ContinuousClock.Instant?

    init(pid: pid_t, output: Int32, error: Int32, limit: Int) {
        self.pid = pid
        self.output = output
        self.error = error
        self.limit = limit
    }

    /// How often the child and the cancellation flag are looked at while the pipes are quiet.
    private static let tick: Int32 = 50

    mutating func untilDone(timeout: Duration, killGrace: Duration, isCancelled: () -> Bool) -> BoundedProcess.Outcome {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            readAvailable(waitingMilliseconds: Self.tick)
            let now = clock.now
            if exitedAt == nil, childHasExited() { exitedAt = now }
            if let exitedAt {
                // Done when the pipes are closed, or once a grandchild has held them open past the grace.
                if output < 0 && error < 0 { break }
                if now >= exitedAt + killGrace || interruption != nil { break }
                continue
            }
            if interruption == nil, isCancelled() { interruption = .cancelled }
            if interruption == nil, now >= deadline { interruption = .timedOut }
            if interruption != nil {
                if terminatedAt == nil {
                    signalGroup(SIGTERM)
                    terminatedAt = now
                } else if !killed, let terminatedAt, now >= terminatedAt + killGrace {
                    signalGroup(SIGKILL)
                    killed = true
                }
            }
        }
        // Whatever of the group still runs (a grandchild holding a pipe, or the group after a timeout)
        // goes now. The child is still an unreaped zombie, so its pid, the group's id, cannot be reused.
        if output >= 0 || error >= 0 || interruption != nil { signalGroup(SIGKILL) }
        closePipes()
        return BoundedProcess.Outcome(termination: reap(), interruption: interruption, standardOutput: standardOutput,
                                     standardError: standardError, outputTruncated: truncated)
    }

    /// Waits up to `waitingMilliseconds` for data, then drains whatever both pipes hold.
    private mutating func readAvailable(waitingMilliseconds: Int32) {
        var fds: [pollfd] = []
        if output >= 0 { fds.append(pollfd(fd: output, events: Int16(POLLIN), revents: 0)) }
        if error >= 0 { fds.append(pollfd(fd: error, events: Int16(POLLIN), revents: 0)) }
        guard !fds.isEmpty else {
            // Nothing to read: wait for the child alone.
            usleep(useconds_t(waitingMilliseconds) * 1000)
            return
        }
        let ready = poll(&fds, nfds_t(fds.count), waitingMilliseconds)
        guard ready > 0 else { return }
        for entry in fds where entry.revents != 0 {
            if entry.fd == output { readOutput() }
            if entry.fd == error { readError() }
        }
    }

    private mutating func readOutput() {
        guard let chunk = Self.read(output) else {
            close(output)
            output = -1
            return
        }
        // Past the limit the pipe is still drained, so the program is never stuck writing.
        let room = max(0, limit - standardOutput.count)
        if chunk.count > room { truncated = true }
        standardOutput.append(contentsOf: chunk.prefix(room))
    }

    /// stderr is only shown as its last lines, so only its tail is kept.
    private mutating func readError() {
        guard let chunk = Self.read(error) else {
            close(error)
            error = -1
            return
        }
        standardError.append(contentsOf: chunk)
        if standardError.count > 128 << 10 { standardError = Data(standardError.suffix(64 << 10)) }
    }

    /// One read from `fd`: the bytes (empty when interrupted), or nil at end of file or on an error.
    private static func read(_ fd: Int32) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR || errno == EAGAIN { return [] }
        guard count > 0 else { return nil }
        return Array(buffer[0..<count])
    }

    /// True once the child has exited; it stays a zombie until ``reap()``.
    private func childHasExited() -> Bool {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return errno == ECHILD }
        return info._sifields._sigchld.si_pid == pid
    }

    private func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }

    private mutating func closePipes() {
        if output >= 0 { close(output); output = -1 }
        if error >= 0 { close(error); error = -1 }
    }

    private func reap() -> BoundedProcess.Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .signalled(SIGKILL) }
        }
        let signal = kcw_termination_signal(status)
        return signal != 0 ? .signalled(signal) : .exited(kcw_exit_status(status))
    }
}
