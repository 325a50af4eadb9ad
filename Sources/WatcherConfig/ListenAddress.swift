import Foundation

/// Where `run`'s HTTP service listens (`[http] listen`): an IP address and a port.
///
/// Forms: `127.0.0.1:9798`, `[::1]:9798`, `0.0.0.0:9798` (every IPv4 address), `[::]:9798`, `localhost:9798`
/// (the IPv4 loopback address). Host names other than `localhost` are refused: an address to bind is a choice
/// of interface, which a name that resolves to several addresses (or none, offline) does not make. Port 0 asks
/// for any free port (the log names the one chosen).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// The default: loopback only, so nothing but this machine can read the cluster's figures.
    public static let defaultText = "127.0.0.1:9798"

    /// The address to bind, without brackets: `127.0.0.1`, `::1`.
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses one of the forms above; nil when `raw` is none of them.
    public init?(parsing raw: String) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].first == ":" else { return nil }
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[text.index(close, offsetBy: 2)...]
            guard Self.isIPv6(hostPart) else { return nil }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            guard hostPart == "localhost" || Self.isIPv4(hostPart) else { return nil }
        }
        guard portPart.allSatisfy(\.isASCII), let port = Int(portPart), (0...65_535).contains(port) else { return nil }
        self.host = hostPart == "localhost" ? "127.0.0.1" : String(hostPart)
        self.port = port
    }

    /// True for an IPv6 address.
    public var isIPv6: Bool { host.contains(":") }

    /// True when only this machine can connect: 127.0.0.0/8 or ::1.
    public var isLoopback: Bool { host == "::1" || host.hasPrefix("127.") }

    /// `127.0.0.1:9798` or `[::1]:9798`, as it is written in config.ini.
    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The URL a client on this machine reaches the service at: an address bound to every interface is
    /// reached through loopback.
    public var localURL: String {
        switch host {
        case "0.0.0.0": "http://127.0.0.1:\(port)"
        case "::": "http://[::1]:\(port)"
        default: isIPv6 ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
        }
    }

    private static func isIPv4(_ text: Substring) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, String(text), &address) == 1
    }

    private static func isIPv6(_ text: Substring) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, String(text), &address) == 1
    }
}
