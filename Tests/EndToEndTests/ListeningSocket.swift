import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP port held by the test: bound on `host` (IPv4 or IPv6 literal) to a free port and listening, until released.
final class ListeningSocket: @unchecked Sendable {
    private let descriptor: Int32
    let port: Int

    init?(host: String = "127.0.0.1") {
        let ipv6 = host.contains(":")
        let fd = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var storage = sockaddr_storage()
        var length: socklen_t
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else { close(fd); return nil }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeBytes(of: address) { bytes in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: bytes) } }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr(host)
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeBytes(of: address) { bytes in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: bytes) } }
        }
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            close(fd)
            return nil
        }
        let found = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard found == 0 else {
            close(fd)
            return nil
        }
        let port: UInt16 = ipv6
            ? withUnsafeBytes(of: storage) { $0.load(as: sockaddr_in6.self).sin6_port }
            : withUnsafeBytes(of: storage) { $0.load(as: sockaddr_in.self).sin_port }
        descriptor = fd
        self.port = Int(UInt16(bigEndian: port))
    }

    deinit { close(descriptor) }
}
