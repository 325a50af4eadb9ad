import CCurl

/// A request that got no HTTP response: what went wrong, where, and libcurl's explanation.
///
/// HTTP error statuses are not errors at this level; they come back as responses.
public struct CurlTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure, for retry decisions and messages.
    public enum Kind: String, Sendable, Equatable {
        /// Nothing listens at the address, or the connection was refused or unreachable.
        case connectionRefused = "connection refused"
        /// Connect or total timeout elapsed.
        case timeout = "timed out"
        /// Handshake, certificate verification or client certificate failure.
        case tls = "TLS failure"
        /// The host name did not resolve.
        case dns = "host name not resolved"
        /// The proxy could not be resolved or reached, or refused the tunnel.
        case proxy = "proxy failure"
        /// The connection broke after it was established (reset, dropped mid-body, empty reply).
        case connectionLost = "connection lost"
        /// The request itself is invalid (bad URL, unsupported scheme, bad option).
        case invalidRequest = "invalid request"
        /// The transfer was cancelled by the caller.
        case cancelled = "cancelled"
        /// Anything else libcurl reports.
        case other = "transfer failed"
    }

    /// The class of failure.
    public var kind: Kind
    /// The URL without query or userinfo (see ``RedactedURL``).
    public var url: String
    /// libcurl's error buffer text, or its short error string.
    public var reason: String
    /// The `CURLcode`, for diagnostics.
    public var curlCode: Int

    public init(kind: Kind, url: String, reason: String, curlCode: Int) {
        self.kind = kind
        self.url = url
        self.reason = reason
        self.curlCode = curlCode
    }

    /// For a TLS failure, what it means (an untrusted server certificate, an unusable CA…), when known.
    public var tlsProblem: TLSProblem? {
        kind == .tls ? TLSProblem.classify(code: curlCode, reason: reason) : nil
    }

    /// True for failures a retry may cure (network trouble, timeouts), false for configuration errors.
    public var isTransient: Bool {
        switch kind {
        case .connectionRefused, .timeout, .connectionLost, .dns, .proxy: return true
        case .tls, .invalidRequest, .cancelled, .other: return false
        }
    }

    /// `https://host:6443/api/v1/pods: connection refused (Failed to connect to ...)`.
    public var description: String {
        let place = url.isEmpty ? "" : "\(url): "
        return reason.isEmpty ? "\(place)\(kind.rawValue)" : "\(place)\(kind.rawValue) (\(reason))"
    }

    /// Maps a libcurl result code and its message to a kind.
    ///
    /// With TLS 1.3 the server checks the client certificate after the handshake, so a rejected or
    /// missing one surfaces as a read error carrying a TLS alert; that is a TLS failure, not a
    /// network one, and retrying would not help.
    static func kind(for code: CURLcode, reason: String) -> Kind {
        let base = kind(for: code)
        if base == .connectionLost, reason.contains("SSL"), reason.contains("alert") { return .tls }
        return base
    }

    /// Maps a libcurl result code to a kind.
    static func kind(for code: CURLcode) -> Kind {
        switch code {
        case CURLE_COULDNT_CONNECT: return .connectionRefused
        case CURLE_OPERATION_TIMEDOUT: return .timeout
        case CURLE_COULDNT_RESOLVE_HOST: return .dns
        case CURLE_COULDNT_RESOLVE_PROXY: return .proxy
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_CRL_BADFILE, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED,
             CURLE_SSL_CLIENTCERT:
            return .tls
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE,
             CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3:
            return .connectionLost
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT,
             CURLE_UNKNOWN_OPTION, CURLE_NOT_BUILT_IN:
            return .invalidRequest
        case CURLE_ABORTED_BY_CALLBACK: return .cancelled
        default: return .other
        }
    }
}
