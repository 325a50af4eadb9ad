import CurlTransport

/// What a request needs to authenticate: an `Authorization` value, a client certificate, or both,
/// plus any impersonation headers.
///
/// Its description names which parts are present and never their values.
public struct RequestCredentials: Sendable, Equatable, CustomStringConvertible {
    /// The full `Authorization` header value (`Bearer …`, `Basic …`).
    public var authorization: String?
    public var clientCertificate: PEMSource?
    public var clientKey: PEMSource?
    /// `Impersonate-User` and friends.
    public var extraHeaders: HTTPHeaders

    public init(authorization: String? = nil, clientCertificate: PEMSource? = nil, clientKey: PEMSource? = nil,
                extraHeaders: HTTPHeaders = [:]) {
        self.authorization = authorization
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.extraHeaders = extraHeaders
    }

    /// No credentials at all.
    public static let anonymous = RequestCredentials()

    public var description: String {
        var parts: [String] = []
        if let authorization { parts.append(authorization.split(separator: " ").first.map(String.init) ?? "authorization") }
        if clientCertificate != nil { parts.append("client certificate") }
        return parts.isEmpty ? "anonymous" : parts.joined(separator: " + ")
    }
}
