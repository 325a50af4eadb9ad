#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The sd_notify protocol spoken directly over `$NOTIFY_SOCKET`: readiness, reloads, watchdog pings and status.
///
/// Does nothing when the service is not started by systemd with `Type=notify` (no socket in the environment).
public struct SystemdNotifier: Sendable {
    private let socketPath: String?
    /// How often systemd expects a watchdog ping (`WatchdogSec=`), if it asked for them.
    public let watchdogInterval: Duration?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        if let usec = environment["WATCHDOG_USEC"].flatMap(UInt64.init), usec > 0,
           environment["WATCHDOG_PID"].flatMap(Int32.init).map({ $0 == getpid() }) ?? true {
            watchdogInterval = .microseconds(usec)
        } else {
            watchdogInterval = nil
        }
    }

    public var isEnabled: Bool { socketPath != nil }

    public func ready(status: String? = nil) { send(["READY=1"] + statusLine(status)) }
    public func reloading() { send(["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"]) }
    public func stopping() { send(["STOPPING=1"]) }
    public func watchdog() { send(["WATCHDOG=1"]) }
    public func status(_ text: String) { send(statusLine(text)) }

    private func statusLine(_ text: String?) -> [String] {
        text.map { ["STATUS=" + $0.replacingOccurrences(of: "\n", with: " ")] } ?? []
    }

    private func send(_ lines: [String]) {
        guard let socketPath, !lines.isEmpty else { return }
        let message = lines.joined(separator: "\n")
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        // A leading "@" names a socket in the abstract namespace, whose first byte is NUL.
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: pathBytes)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count)
        _ = message.withCString { text in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, text, strlen(text), Int32(MSG_NOSIGNAL), $0, length)
                }
            }
        }
    }

    private static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}
