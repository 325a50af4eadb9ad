/// The limits that keep clients of the HTTP service from holding the watcher's resources: however a client
/// behaves (slowly, hugely, in thousands), scans and notifications go on, and other clients are served once
/// the limits have let the hostile ones go.
public struct ServerBounds: Sendable {
    /// Connections open at once; further ones wait in the listen backlog until one closes.
    public var maxConnections: Int
    /// Pending connections the kernel queues beyond that (then it refuses them).
    public var backlog: Int
    /// The request line and all header fields together, in bytes (a larger request gets 400 and is closed).
    public var maxHeaderBytes: Int
    /// Header fields in one request.
    public var maxHeaderFields: Int
    /// Body bytes in one request (no endpoint takes a body; more closes the connection).
    public var maxBodyBytes: Int
    /// From the connection's start, or the end of the previous response, to the end of the next request
    /// (a slow-loris client, or an idle keep-alive connection, is closed after it).
    public var requestTimeout: Duration
    /// From the first byte of a response to its last being handed to the kernel (a client that does not read is
    /// closed after it).
    public var responseTimeout: Duration
    /// Responses that are expensive to make (reports with pod rows, graphs) being made at once; more get 503.
    public var maxConcurrentReports: Int

    public init(maxConnections: Int = 64, backlog: Int = 64, maxHeaderBytes: Int = 16 * 1024, maxHeaderFields: Int = 100,
                maxBodyBytes: Int = 64 * 1024, requestTimeout: Duration = .seconds(10), responseTimeout: Duration = .seconds(30),
                maxConcurrentReports: Int = 2) {
        self.maxConnections = maxConnections
        self.backlog = backlog
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderFields = maxHeaderFields
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeout = requestTimeout
        self.responseTimeout = responseTimeout
        self.maxConcurrentReports = maxConcurrentReports
    }
}
