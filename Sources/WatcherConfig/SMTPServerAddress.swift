import Foundation

/// The `[email] smtp_url` forms: a URL, or the bare `HOST` / `HOST:PORT` KubeCapWatch's `smtp_server` took.
///
/// KubeCapWatch handed `smtp_server` to Python's `smtplib.SMTP(host)`, which speaks plain SMTP on port 25 unless a
/// port follows a colon; a bare value therefore becomes `smtp://HOST:PORT` so such a config keeps working.
enum SMTPServerAddress {
    /// The `smtp://` or `smtps://` URL `raw` stands for, nil when it is neither a mail URL nor a bare host.
    static func url(_ raw: String) -> String? {
        if raw.contains("://") {
            guard let components = URLComponents(string: raw), let scheme = components.scheme?.lowercased(),
                  ["smtp", "smtps"].contains(scheme), let host = components.host, !host.isEmpty,
                  components.path.isEmpty || components.path == "/", components.query == nil
            else { return nil }
            return raw
        }
        guard let (host, port) = hostAndPort(raw) else { return nil }
        return "smtp://\(host):\(port)"
    }

    /// `localhost` → (`localhost`, 25); `mail:2525` → (`mail`, 2525); `[::1]:25` and a bare `::1` keep their brackets.
    private static func hostAndPort(_ raw: String) -> (String, Int)? {
        var host = raw
        var portText: Substring?
        if raw.hasPrefix("[") {
            guard let close = raw.firstIndex(of: "]") else { return nil }
            host = String(raw[...close])
            let rest = raw[raw.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { return nil }
                portText = rest.dropFirst()
            }
            guard isIPv6(host.dropFirst().dropLast()) else { return nil }
        } else if raw.filter({ $0 == ":" }).count > 1 {
            // A bare IPv6 address has no room for a port.
            guard isIPv6(Substring(raw)) else { return nil }
            host = "[\(raw)]"
        } else if let colon = raw.firstIndex(of: ":") {
            host = String(raw[..<colon])
            portText = raw[raw.index(after: colon)...]
        }
        if !host.hasPrefix("[") {
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._"))
            guard !host.isEmpty, host.allSatisfy(\.isASCII), host.unicodeScalars.allSatisfy(allowed.contains) else { return nil }
        }
        var port = 25
        if let portText {
            guard portText.allSatisfy(\.isASCII), let number = Int(portText), (1...65_535).contains(number) else { return nil }
            port = number
        }
        return (host, port)
    }

    private static func isIPv6(_ text: Substring) -> Bool {
        !text.isEmpty && text.contains(":") && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}
