import CurlTransport
import Foundation
import KubeModel
import Logging
import Synchronization

/// Reads a Kubernetes API server: paged LISTs handed over one page at a time, and single GETs.
///
/// Thread safety: `Sendable`; concurrent calls share the connection pool of one ``CurlSession``
/// (a new one is made only when an exec plugin hands out a different client certificate).
/// `list` and `get` run in the caller's isolation, so their closures need not be `Sendable`.
///
/// Failures come as ``KubeClientError``: 401 (after one credential refresh for exec plugins and
/// token files), 403, 404, 410 on a continue token (the list restarts, then falls back to one
/// unpaged LIST), 429/5xx and network
/// errors retried with backoff per ``APIRetryPolicy``.
public final class KubeClient: Sendable {
    public let configuration: KubeClientConfiguration
    private let logger: Logger
    private let sessions = Mutex<(key: CertificateKey, session: CurlSession)?>(nil)

    private struct CertificateKey: Equatable {
        var certificate: PEMSource?
        var key: PEMSource?
    }

    public init(configuration: KubeClientConfiguration, logger: Logger = Logger(label: "kubecapwatch.kubeclient")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// A client configured like kubectl would be (see ``KubeClientConfiguration/automatic(kubeconfigPath:context:environment:homeDirectory:execTimeout:inClusterRoot:)``).
    public convenience init(kubeconfigPath: String? = nil, context: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            logger: Logger = Logger(label: "kubecapwatch.kubeclient")) throws(KubeconfigError) {
        self.init(configuration: try .automatic(kubeconfigPath: kubeconfigPath, context: context, environment: environment),
                  logger: logger)
    }

    /// The server URL as it may appear in messages.
    public var server: String { RedactedURL.string(configuration.server) }

    // MARK: LIST

    /// Lists `resource` page by page (``ListOptions/limit`` items each), decoding each page with
    /// `decodePage` (JSONDecoder unless a faster decoder is given) and handing it to `onPage` before fetching
    /// the next, so memory stays flat however big the cluster.
    ///
    /// Items that fail to decode are in the page's `rejected` (and logged), not fatal; a page `decodePage`
    /// cannot decode at all fails the list.
    /// - Parameter onRestart: called when the server expired the continue token (410) and the list
    ///   starts over: drop what the earlier pages contributed. The first time it starts over page by
    ///   page, the second time as one LIST without `limit`; only if even that answers 410 does it
    ///   throw ``KubeClientError/listExpired(server:resource:)``.
    nonisolated(nonsending)
    public func list<Item: Decodable & Sendable>(
        _ resource: ResourcePath, as type: Item.Type = Item.self, options: ListOptions = ListOptions(),
        decodePage: (Data) throws -> KubeList<Item> = { try FoundationListDecoder.decodeList($0) },
        onPage: (KubeList<Item>) throws -> Void, onRestart: () throws -> Void
    ) async throws {
        try await pages(resource, options: options, onRestart: onRestart) { response, path in
            let page: KubeList<Item>
            do {
                page = try decodePage(response.body)
            } catch {
                throw KubeClientError.malformedResponse(server: server, path: path, contentType: response.headers["Content-Type"],
                                                        reason: DecodingFailure.describe(error))
            }
            for rejected in page.rejected {
                logger.warning("skipped a malformed object", metadata: ["resource": "\(resource)", "object": "\(rejected)"])
            }
            try onPage(page)
            return page.metadata
        }
    }

    /// Fetches the pages of a LIST. A 410 on a continue token (the server compacted the list's
    /// revision away) restarts the list from the first page once, which keeps memory flat; a second
    /// one falls back, as client-go's pager does, to one LIST without `limit`, which has no token
    /// to expire. `onRestart` runs before each new start, so no page is counted twice.
    nonisolated(nonsending)
    private func pages(_ resource: ResourcePath, options: ListOptions, onRestart: () throws -> Void,
                       onPage: (HTTPResponse, String) throws -> ListMeta) async throws {
        let path = resource.path()
        var pageOptions = options
        var token: String?
        var expiries = 0
        var count = 0
        while true {
            let query = ListOptions.encode(pageOptions.queryItems(continueToken: token))
            let response: HTTPResponse
            do {
                response = try await send(path: path, query: query, resource: resource, name: nil)
            } catch ExpiredToken.gone {
                guard token != nil || expiries > 0 else {
                    throw KubeClientError.unexpectedStatus(server: server, path: path, status: 410, message: "Gone")
                }
                expiries += 1
                guard expiries <= 2 else { throw KubeClientError.listExpired(server: server, resource: resource.description) }
                if expiries == 2 { pageOptions.limit = 0 }
                logger.notice(expiries == 1 ? "continue token expired; restarting the list"
                                            : "continue token expired again; listing everything at once, without paging",
                              metadata: ["resource": "\(resource)", "pages": "\(count)"])
                token = nil
                count = 0
                try onRestart()
                continue
            }
            count += 1
            token = try onPage(response, path).continueToken
            if token == nil { return }
        }
    }

    // MARK: GET

    /// Fetches one object; 404 is ``KubeClientError/objectNotFound(server:resource:name:message:)``.
    public func get<Item: Decodable & Sendable>(_ resource: ResourcePath, name: String, as type: Item.Type = Item.self) async throws -> Item {
        let path = resource.path(name: name)
        let response = try await send(path: path, query: nil, resource: resource, name: name)
        do {
            return try JSONDecoder().decode(Item.self, from: response.body)
        } catch {
            throw KubeClientError.malformedResponse(server: server, path: path, contentType: response.headers["Content-Type"],
                                                    reason: DecodingFailure.describe(error))
        }
    }

    /// GETs an arbitrary API path (`/version`, `/apis`) with the client's credentials and retries.
    public func getRaw(_ path: String) async throws -> HTTPResponse {
        try await send(path: path, query: nil, resource: nil, name: nil)
    }

    // MARK: transport

    /// 410 is resolved by the list loop, not shown to callers.
    private enum ExpiredToken: Error { case gone }

    /// Sends one GET, trying again while the failure is one time can cure: one retry stage for network errors and
    /// for 429/5xx answers alike, paced by ``RetryPolicy`` (a server's `Retry-After` replaces the computed wait).
    /// A 401 is tried once more with refreshed credentials (exec plugins, token files), which is no retry.
    private func send(path: String, query: String?, resource: ResourcePath?, name: String?) async throws -> HTTPResponse {
        let retry = configuration.retry
        var attempt = 1
        var refreshedCredentials = false
        while true {
            // A cancelled scan (the service stopping) sends nothing more.
            try Task.checkCancellation()
            switch try await attemptOnce(path: path, query: query, resource: resource, name: name) {
            case .answered(let response):
                return response
            case .unauthorized(let message):
                if !refreshedCredentials, await configuration.credentials.invalidate() {
                    refreshedCredentials = true
                    continue
                }
                throw KubeClientError.unauthorized(server: server, credentials: configuration.identity.credentialsDescription, message: message)
            case .failed(let failure):
                guard failure.isRetriable, attempt < retry.maxAttempts else {
                    throw failure.error(server: server, path: path, attempts: attempt)
                }
                let delay = retry.delay(afterAttempt: attempt, retryAfter: failure.retryAfter)
                logger.warning(failure.retryMessage, metadata: failure.metadata.merging([
                    "path": "\(path)", "attempt": "\(attempt)", "delay": "\(delay.secondsText)"]) { first, _ in first })
                try await retry.sleep(delay)
                attempt += 1
            }
        }
    }

    /// What one request came to, for ``send(path:query:resource:name:)``.
    private enum Attempt {
        /// A 2xx answer.
        case answered(HTTPResponse)
        /// 401: the credentials were refused; the server's message, if any.
        case unauthorized(String?)
        /// A failure the retry stage judges.
        case failed(AttemptFailure)
    }

    /// A network error or a 429/5xx answer: retried while attempts remain, reported after the last.
    private enum AttemptFailure {
        case transport(CurlTransportError)
        case busy(HTTPResponse, message: String?)

        /// Network trouble and a busy or failing server may pass; a TLS or request error will not.
        var isRetriable: Bool {
            switch self {
            case .transport(let error): error.isTransient
            case .busy: true
            }
        }

        var retryAfter: Duration? {
            switch self {
            case .transport: nil
            case .busy(let response, _): response.head.retryAfter()
            }
        }

        var retryMessage: Logger.Message {
            switch self {
            case .transport: "API request failed; retrying"
            case .busy: "API server busy or failing; retrying"
            }
        }

        var metadata: Logger.Metadata {
            switch self {
            case .transport(let error): ["error": "\(error.kind.rawValue)"]
            case .busy(let response, _): ["status": "\(response.status)"]
            }
        }

        func error(server: String, path: String, attempts: Int) -> KubeClientError {
            switch self {
            case .transport(let error):
                .unreachable(server: server, error: error, attempts: attempts)
            case .busy(let response, let message):
                .unavailable(server: server, path: path, status: response.status, attempts: attempts, message: message)
            }
        }
    }

    /// One request, its answer sorted: what the retry stage decides on comes back, what no retry can change
    /// (403, 404, a 410 the list loop resolves, another status) is thrown.
    private func attemptOnce(path: String, query: String?, resource: ResourcePath?, name: String?) async throws -> Attempt {
        let credentials = try await currentCredentials()
        let request = makeRequest(path: path, query: query, credentials: credentials)
        let verb = resource != nil && name == nil ? "LIST" : "GET"
        let started = ContinuousClock.now
        let response: HTTPResponse
        do {
            response = try await session(for: credentials).send(request)
        } catch let error as CurlTransportError {
            if error.kind == .cancelled { throw CancellationError() }
            APIRequestMetrics.recordFailure(verb: verb)
            return .failed(.transport(error))
        }
        APIRequestMetrics.record(verb: verb, code: response.status)
        logger.debug("GET", metadata: ["path": "\(path)", "status": "\(response.status)",
                                       "bytes": "\(response.body.count)", "elapsed": "\((ContinuousClock.now - started).secondsText)"])
        let message = response.isSuccess ? nil : KubeStatus.message(from: response.body)
        switch response.status {
        case 200..<300:
            return .answered(response)
        case 401:
            return .unauthorized(message)
        case 403:
            throw KubeClientError.forbidden(server: server, credentials: configuration.identity.credentialsDescription,
                                            message: message ?? "no reason given")
        case 404:
            if let name, let resource {
                throw KubeClientError.objectNotFound(server: server, resource: resource.description, name: name, message: message)
            }
            throw KubeClientError.resourceNotFound(server: server, resource: resource.map { "\($0.resource) (\($0.groupVersion))" } ?? path, path: path)
        case 410 where resource != nil && name == nil:
            throw ExpiredToken.gone
        case 429, 500...599:
            return .failed(.busy(response, message: message))
        default:
            throw KubeClientError.unexpectedStatus(server: server, path: path, status: response.status, message: message)
        }
    }

    private func currentCredentials() async throws -> RequestCredentials {
        do {
            return try await configuration.credentials.credentials()
        } catch let error as CredentialError {
            throw KubeClientError.credentials(error.message)
        }
    }

    private func makeRequest(path: String, query: String?, credentials: RequestCredentials) -> HTTPRequest {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if let authorization = credentials.authorization { headers.add("Authorization", authorization) }
        for field in credentials.extraHeaders { headers.add(field.name, field.value) }
        let url = configuration.server + path + (query.map { $0.isEmpty ? "" : "?\($0)" } ?? "")
        return HTTPRequest(url: url, headers: headers)
    }

    /// One session per client certificate: static ones never change, an exec plugin's may rotate.
    private func session(for credentials: RequestCredentials) -> CurlSession {
        let key = CertificateKey(certificate: credentials.clientCertificate, key: credentials.clientKey)
        return sessions.withLock { cached in
            if let cached, cached.key == key { return cached.session }
            var tls = configuration.tls
            if let certificate = key.certificate {
                tls.clientCertificate = certificate
                tls.clientKey = key.key
            }
            let session = CurlSession(configuration: CurlSessionConfiguration(
                connectTimeout: configuration.connectTimeout, timeout: configuration.requestTimeout, tls: tls,
                proxy: configuration.proxy, userAgent: "kubecapwatch"))
            cached = (key, session)
            return session
        }
    }
}
