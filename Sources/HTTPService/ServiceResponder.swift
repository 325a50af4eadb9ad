import Capacity
import Foundation
import Graphviz
import HTTPTypes
import Hummingbird
import Logging
import VolumeGraph
import Watcher

/// Answers every request of the HTTP service from a ``LiveService``'s snapshot: the probes, `/metrics`, the
/// `/api/v1` documents and KubeCapWatch's `/service` endpoints (see docs/http-api.md). Errors are JSON objects
/// `{"status": N, "message": "..."}`.
struct ServiceResponder: HTTPResponder {
    typealias Context = ServiceRequestContext

    let live: any LiveService
    let metrics: MetricsExporter
    let version: String
    let slots: ReportSlots
    let logger: Logger
    /// How long a scan may run before `/healthz` calls the loop stuck.
    let stuckAfter: @Sendable (ServiceSnapshot) -> TimeInterval
    let now: @Sendable () -> Date

    /// The endpoints, for the index at `/` and the 404 message.
    static let endpoints = ["/healthz", "/readyz", "/metrics", "/api/v1/capacity", "/api/v1/alerts", "/api/v1/graph",
                            "/service/status", "/service/stop", "/service/start"]

    /// The longest Graphviz may draw an `svg` for a request (docs/http-api.md's bounds table): within the
    /// minute a client may reasonably wait, where `graph --format svg` allows a person at a terminal 10 minutes.
    static let graphvizTimeout = Duration.seconds(60)

    /// A scan that runs longer than this many intervals (and at least 10 minutes) means the loop is stuck.
    static func defaultStuckAfter(_ snapshot: ServiceSnapshot) -> TimeInterval {
        TimeInterval(max(600, 3 * snapshot.interval))
    }

    init(live: any LiveService, metrics: MetricsExporter, version: String, bounds: ServerBounds, logger: Logger,
         stuckAfter: @escaping @Sendable (ServiceSnapshot) -> TimeInterval = ServiceResponder.defaultStuckAfter,
         now: @escaping @Sendable () -> Date = Date.init) {
        self.live = live
        self.metrics = metrics
        self.version = version
        self.slots = ReportSlots(limit: bounds.maxConcurrentReports)
        self.logger = logger
        self.stuckAfter = stuckAfter
        self.now = now
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        var response: Response
        do {
            response = try await route(request, context)
        } catch let error as APIError {
            response = Self.error(error)
        } catch {
            logger.error("HTTP \(request.method) \(request.uri.path): \(error)")
            response = Self.error(APIError(status: .internalServerError, message: "\(error)"))
        }
        response.headers[.cacheControl] = "no-store"
        logger.debug("HTTP \(request.method) \(request.uri.path) \(response.status.code)", metadata: ["peer": "\(context.peer)"])
        if request.method == .head { response.body = ResponseBody() }
        return response
    }

    private func route(_ request: Request, _ context: Context) async throws -> Response {
        let path = request.uri.path
        let readOnly: [HTTPRequest.Method] = [.get, .head]
        switch path {
        case "/", "/healthz", "/readyz", "/metrics", "/api/v1/capacity", "/api/v1/alerts", "/api/v1/graph", "/service/status":
            try Self.allow(request, readOnly)
        case "/service/stop", "/service/start":
            try Self.allow(request, [.get, .post])
            _ = try QueryParameters(request.uri, accepted: [])
            return try control(request, context, pause: path == "/service/stop")
        default:
            throw APIError(status: .notFound, message: "no such endpoint: \(QueryParameters.printable(path)); "
                           + "the endpoints are \(Self.endpoints.joined(separator: ", ")) (see docs/http-api.md)")
        }
        let snapshot = live.snapshot
        switch path {
        case "/":
            _ = try QueryParameters(request.uri, accepted: [])
            return index()
        case "/healthz":
            _ = try QueryParameters(request.uri, accepted: [])
            return health(snapshot)
        case "/readyz":
            _ = try QueryParameters(request.uri, accepted: [])
            return readiness(snapshot)
        case "/metrics":
            let exposition = try await offload { [metrics] in metrics.exposition(of: snapshot) }
            return Self.bytes(exposition, type: "text/plain; version=0.0.4; charset=utf-8")
        case "/api/v1/capacity":
            let query = try CapacityQuery(QueryParameters(request.uri, accepted: CapacityQuery.accepted),
                                          defaults: snapshot.reportOptions)
            return try await capacity(snapshot, query)
        case "/api/v1/alerts":
            _ = try QueryParameters(request.uri, accepted: [])
            return Self.json(AlertsDocument.render(snapshot, now: now()))
        case "/api/v1/graph":
            return try await graph(GraphQuery(QueryParameters(request.uri, accepted: GraphQuery.accepted)))
        default:
            _ = try QueryParameters(request.uri, accepted: [])
            return Self.json(StatusDocument.render(snapshot, version: version, now: now()))
        }
    }

    // MARK: - Endpoints

    private func index() -> Response {
        var json = JSONWriter(pretty: true)
        json.beginObject()
        json.string("service", "kubecapwatch")
        json.string("version", version)
        json.beginArray("endpoints")
        for endpoint in Self.endpoints { json.string(nil, endpoint) }
        json.endArray()
        json.endObject()
        return Self.json(json.finish())
    }

    /// Alive unless a scan has run for far longer than any scan should (the loop is stuck).
    private func health(_ snapshot: ServiceSnapshot) -> Response {
        if let since = snapshot.scanningSince {
            let running = now().timeIntervalSince(since), limit = stuckAfter(snapshot)
            if running > limit {
                return Self.error(APIError(status: .serviceUnavailable, message:
                    "the scan loop is stuck: a scan has been running for \(Int(running)) s (more than \(Int(limit)) s)"))
            }
        }
        var json = JSONWriter(pretty: true)
        json.beginObject()
        json.string("status", "alive")
        json.string("state", snapshot.paused ? "paused" : "running")
        json.endObject()
        return Self.json(json.finish())
    }

    private func readiness(_ snapshot: ServiceSnapshot) -> Response {
        if let reason = snapshot.notReadyReason {
            return Self.error(APIError(status: .serviceUnavailable, message: reason,
                                       headers: [.retryAfter: String(max(1, snapshot.interval))]))
        }
        var json = JSONWriter(pretty: true)
        json.beginObject()
        json.string("status", "ready")
        json.string("lastSuccess", snapshot.scans.lastSuccess.map(CapacityJSONRenderer.timestamp))
        json.endObject()
        return Self.json(json.finish())
    }

    private func capacity(_ snapshot: ServiceSnapshot, _ query: CapacityQuery) async throws -> Response {
        guard let capacity = snapshot.capacity else {
            throw APIError(status: .serviceUnavailable, message: snapshot.notReadyReason ?? "no scan has completed yet",
                           headers: [.retryAfter: String(max(1, snapshot.interval))])
        }
        return try await slots.run {
            try await offload {
                let report = capacity.report(query.options)
                switch query.format {
                case .json: return Self.json(CapacityJSONRenderer().render(report))
                case .pykles: return Self.json(PyklesRenderer().render(report))
                case .csv: return Self.text(CapacityCSVRenderer().render(report), type: "text/csv; charset=utf-8")
                }
            }
        }
    }

    private func graph(_ query: GraphQuery) async throws -> Response {
        try await slots.run {
            let read: GraphInventoryRead
            do {
                read = try await live.graphInventory(kinds: query.options.kinds, namespaces: query.namespaces)
            } catch let error as GraphInventoryCache.Timeout {
                throw APIError(status: .gatewayTimeout, message: "\(error)")
            } catch {
                throw APIError(status: .badGateway, message: "the cluster could not be read: \(error)")
            }
            let graph = try await offload {
                do {
                    return try GraphBuilder(query.options).build(from: read.inventory, generatedAt: read.readAt)
                } catch {
                    throw APIError(status: .notFound, message: "\(error)")
                }
            }
            switch query.format {
            case .json: return try await offload { Self.json(try GraphRenderer.json(graph)) }
            case .dot: return try await offload { Self.text(GraphRenderer.dot(graph), type: "text/vnd.graphviz; charset=utf-8") }
            case .mermaid: return try await offload { Self.text(GraphRenderer.mermaid(graph), type: "text/plain; charset=utf-8") }
            case .svg:
                let dot = try await offload { GraphRenderer.dot(graph) }
                do {
                    // GraphvizRunner runs dot off the cooperative pool itself, and stops it if the request is cancelled.
                    let image = try await GraphvizRunner(timeout: Self.graphvizTimeout).render(dot: dot, format: .svg)
                    return Self.bytes(Array(image), type: "image/svg+xml")
                } catch {
                    throw APIError(status: .serviceUnavailable, message: "\(error)")
                }
            }
        }
    }

    /// `/service/stop` and `/service/start`: they change what the service does, so they need the control token.
    private func control(_ request: Request, _ context: Context, pause: Bool) throws -> Response {
        try BearerAuthorization.check(request.headers[.authorization], against: live.snapshot.controlToken)
        let wasPaused = live.setPaused(pause)
        let changed = wasPaused != pause
        if changed {
            logger.notice(pause ? "paused by \(request.uri.path) from \(context.peer): no scans or notifications until /service/start"
                                : "resumed by \(request.uri.path) from \(context.peer): scans start again at the next interval")
        }
        return Self.json(StatusDocument.control(paused: pause, changed: changed))
    }

    // MARK: - Responses

    private static func allow(_ request: Request, _ methods: [HTTPRequest.Method]) throws(APIError) {
        guard !methods.contains(request.method) else { return }
        let list = methods.map(\.rawValue).joined(separator: ", ")
        throw APIError(status: .methodNotAllowed, message: "\(request.uri.path) accepts \(list), not \(request.method.rawValue)",
                       headers: [.allow: list])
    }

    static func json(_ text: String) -> Response { Self.text(text, type: "application/json; charset=utf-8") }

    static func text(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func bytes(_ bytes: [UInt8], type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func error(_ error: APIError) -> Response {
        var json = JSONWriter(pretty: true)
        json.beginObject()
        json.integer("status", Int64(error.status.code))
        json.string("message", error.message)
        json.endObject()
        var headers = error.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: error.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: json.finish())))
    }
}
