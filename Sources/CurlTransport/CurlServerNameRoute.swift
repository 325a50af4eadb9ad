import Foundation

/// How a request reaches a server whose certificate carries a different name than the URL's host
/// (kubeconfig `tls-server-name`).
///
/// client-go puts that name in `tls.Config.ServerName`, which Go uses both as the SNI it sends and
/// as the name the certificate must match, while it still connects to, and sends `Host:` for, the
/// URL's host. libcurl 7.88 has no option for either name on its own, so the request URL is
/// rewritten to the server name (libcurl derives SNI and verification from the URL host),
/// `CURLOPT_CONNECT_TO` sends the TCP connection to the real host and port, and an explicit `Host:`
/// header keeps what the server sees unchanged. The server name itself is never resolved.
///
/// Limits: through a proxy the tunnel is opened to the real host (libcurl uses the connect-to
/// host for `CONNECT`); libcurl's own messages name the server name rather than the URL host.
struct CurlServerNameRoute {
    /// The URL to hand libcurl.
    let url: String
    /// `HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT`, when the route is rewritten.
    let connectTo: String?
    /// The `Host:` value the original URL would have produced, when rewritten.
    let hostHeader: String?

    init(url: String, serverName: String?) throws(CurlTransportError) {
        guard let serverName, !serverName.isEmpty else {
            self.url = url
            connectTo = nil
            hostHeader = nil
            return
        }
        guard var components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw CurlTransportError(kind: .invalidRequest, url: RedactedURL.string(url),
                                     reason: "URL has no host", curlCode: -1)
        }
        let explicitPort = components.port
        let port = explicitPort ?? (components.scheme?.lowercased() == "http" ? 80 : 443)
        let bracketedHost = Self.bracketed(host)
        if serverName.caseInsensitiveCompare(host) == .orderedSame {
            self.url = url
            connectTo = nil
            hostHeader = nil
            return
        }
        components.host = serverName
        components.port = port
        guard let rewritten = components.string else {
            throw CurlTransportError(kind: .invalidRequest, url: RedactedURL.string(url),
                                     reason: "TLS server name \(serverName) is not a valid host name", curlCode: -1)
        }
        self.url = rewritten
        connectTo = "\(Self.bracketed(serverName)):\(port):\(bracketedHost):\(port)"
        // As Go does: the URL's authority as written, port only when the URL has one.
        hostHeader = explicitPort.map { "\(bracketedHost):\($0)" } ?? bracketedHost
    }

    private static func bracketed(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }
}
