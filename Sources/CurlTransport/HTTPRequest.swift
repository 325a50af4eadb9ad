import Foundation

/// One HTTP request for ``CurlSession``.
public struct HTTPRequest: Sendable {
    /// The HTTP method, e.g. `GET`, `POST`.
    public var method: String
    /// The full URL, including any query. Only its redacted form appears in errors.
    public var url: String
    /// Request header fields, sent in order.
    public var headers: HTTPHeaders
    /// The request body; nil sends none.
    public var body: Data?
    /// Overrides the session's connect timeout for this request (zero = no limit).
    public var connectTimeout: Duration?
    /// Overrides the session's total timeout for this request (zero = no limit, for streams).
    public var timeout: Duration?

    /// Creates a request; the timeouts default to the session's.
    public init(method: String = "GET", url: String, headers: HTTPHeaders = [:], body: Data? = nil,
                connectTimeout: Duration? = nil, timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }
}
