/// Settings shared by every request of a ``CurlSession``.
public struct CurlSessionConfiguration: Sendable, Equatable {
    /// Longest time to establish the TCP and TLS connection (zero = no limit).
    public var connectTimeout: Duration
    /// Longest time for a whole request, body included (zero = no limit, for watch streams).
    public var timeout: Duration
    /// TLS verification and credentials.
    public var tls: TLSOptions
    /// Proxy URL (`http://`, `https://`, `socks5://`); nil uses none. Environment proxies
    /// (`https_proxy`) are ignored unless ``useEnvironmentProxy`` is set, so behaviour is explicit.
    public var proxy: String?
    /// Lets libcurl honour `http_proxy`/`https_proxy`/`no_proxy` when ``proxy`` is nil.
    public var useEnvironmentProxy: Bool
    /// Idle easy handles kept for reuse; each keeps its own open connections.
    public var maxIdleHandles: Int
    /// Sent as `User-Agent` unless a request sets its own.
    public var userAgent: String

    /// Ten-second connect timeout and one-minute total timeout: long enough for a 500-item page
    /// from a busy API server, short enough that a hung server is noticed within one scan.
    public init(connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(60),
                tls: TLSOptions = TLSOptions(), proxy: String? = nil, useEnvironmentProxy: Bool = false,
                maxIdleHandles: Int = 4, userAgent: String = "kubecapwatch") {
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.tls = tls
        self.proxy = proxy
        self.useEnvironmentProxy = useEnvironmentProxy
        self.maxIdleHandles = maxIdleHandles
        self.userAgent = userAgent
    }
}
