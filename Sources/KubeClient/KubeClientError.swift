import CurlTransport

/// A failed API request, as one line an operator can act on.
///
/// Every case names the API server (scheme, host, port and path only) and never a credential.
public enum KubeClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 401: the server did not accept the credentials of this user entry.
    case unauthorized(server: String, credentials: String, message: String?)
    /// 403: RBAC denies the request; `message` is the server's, naming user, verb and resource.
    case forbidden(server: String, credentials: String, message: String)
    /// 404 on a LIST: the resource or its API group does not exist on this server.
    case resourceNotFound(server: String, resource: String, path: String)
    /// 404 on a GET: the object does not exist.
    case objectNotFound(server: String, resource: String, name: String, message: String?)
    /// 410 even for the LIST without paging that followed two expired `continue` tokens.
    case listExpired(server: String, resource: String)
    /// 429 or 5xx, still failing after every retry.
    case unavailable(server: String, path: String, status: Int, attempts: Int, message: String?)
    /// Any other unexpected HTTP status.
    case unexpectedStatus(server: String, path: String, status: Int, message: String?)
    /// No HTTP answer: connection refused, timeout, TLS failure, DNS…
    case unreachable(server: String, error: CurlTransportError, attempts: Int)
    /// A 2xx body that is not what was asked for.
    case malformedResponse(server: String, path: String, contentType: String?, reason: String)
    /// Credentials could not be obtained (token file, exec plugin).
    case credentials(String)

    public var description: String {
        switch self {
        case let .unauthorized(server, credentials, message):
            return "\(server) rejected the credentials of \(credentials) (401 Unauthorized\(message.map { ": \($0)" } ?? "")); renew the token or certificate in that entry"
        case let .forbidden(server, credentials, message):
            return "\(server) denied \(credentials) (403 Forbidden): \(message)"
        case let .resourceNotFound(server, resource, path):
            return "\(server) does not serve \(resource) (404 Not Found on \(path)); is the API group installed and the version right?"
        case let .objectNotFound(server, resource, name, message):
            return "\(server): \(message ?? "\(resource) \"\(name)\" not found") (404 Not Found)"
        case let .listExpired(server, resource):
            return "\(server): the list of \(resource) could not be read: its continue token expired twice and the list without paging answered 410 Gone too; try again"
        case let .unavailable(server, path, status, attempts, message):
            return "\(server)\(path) answered \(status) \(Self.reasonPhrase(status)) \(Self.times(attempts))\(message.map { ": \($0)" } ?? "")"
        case let .unexpectedStatus(server, path, status, message):
            return "\(server)\(path) answered \(status) \(Self.reasonPhrase(status))\(message.map { ": \($0)" } ?? "")"
        case let .unreachable(server, error, _) where error.tlsProblem != nil:
            return "\(server): \(error.tlsProblem?.rawValue ?? "TLS failure")\(error.reason.isEmpty ? "" : " (\(error.reason))"); \(Self.tlsAdvice(error.tlsProblem))"
        case let .unreachable(server, error, attempts):
            return "cannot reach the API server \(server): \(error.kind.rawValue)\(error.reason.isEmpty ? "" : " (\(error.reason))")\(attempts > 1 ? ", \(Self.times(attempts))" : "")"
        case let .malformedResponse(server, path, contentType, reason):
            return "\(server)\(path) sent a response that is not valid Kubernetes JSON\(contentType.map { " (Content-Type \($0))" } ?? ""): \(reason)"
        case let .credentials(message):
            return message
        }
    }

    /// True for failures a later scan may not see (network trouble, overload), false for
    /// configuration problems that need a person (401, 403, 404, TLS).
    public var isTransient: Bool {
        switch self {
        case .unavailable, .listExpired: return true
        case let .unreachable(_, error, _): return error.isTransient
        default: return false
        }
    }

    /// Which part of the kubeconfig (or service account) to look at.
    private static func tlsAdvice(_ problem: TLSProblem?) -> String {
        switch problem {
        case .clientCertificate?:
            return "check the user's client-certificate and client-key (or their -data forms)"
        case .unusableCertificateAuthority?:
            return "check that the cluster's certificate-authority file (or certificate-authority-data) holds PEM certificates"
        case .untrustedCertificate?, nil:
            return "check that the cluster's certificate-authority (or certificate-authority-data) is the CA that signed the API server's certificate"
        }
    }

    private static func times(_ attempts: Int) -> String {
        attempts == 1 ? "on the only attempt" : "after \(attempts) attempts"
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 405: return "Method Not Allowed"
        case 406: return "Not Acceptable"
        case 409: return "Conflict"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return ""
        }
    }
}
