import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The receiving end of the sd_notify protocol, as systemd holds it: a unix datagram socket bound to a path
/// (give it to the service as `NOTIFY_SOCKET`). Every datagram is one message of `KEY=VALUE` lines.
final class NotifySocket: @unchecked Sendable {
    /// One datagram and when it arrived.
    struct Message: Sendable {
        var text: String
        var time: Date
        /// The `KEY=VALUE` lines of the message.
        var lines: [String] { text.split(separator: "\n").map(String.init) }
    }

    let path: String
    private let descriptor: Int32
    private let lock = NSLock()
    private var received: [Message] = []

    /// Binds a new socket at `path` (which must not exist and must be shorter than 108 bytes).
    init(path: String) throws {
        self.path = path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { throw NotifySocketError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(descriptor)
            throw NotifySocketError("socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            let message = String(cString: strerror(errno))
            close(descriptor)
            throw NotifySocketError("bind \(path): \(message)")
        }
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// Every message received so far, oldest first (reads what is waiting on the socket first).
    var messages: [Message] {
        lock.lock()
        defer { lock.unlock() }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            guard count > 0 else { break }
            received.append(Message(text: String(decoding: buffer[0..<count], as: UTF8.self), time: Date()))
        }
        return received
    }

    /// Polls every 20 ms until `condition` holds on the messages so far, or `timeout` passes.
    func waitFor(timeout: TimeInterval, _ condition: ([Message]) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(messages) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(messages)
    }
}

/// Why the notify socket could not be set up.
struct NotifySocketError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
