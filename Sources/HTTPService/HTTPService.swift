import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Synchronization
import NIOCore
import ServiceLifecycle
import Watcher
import WatcherConfig

/// `run`'s HTTP service (Hummingbird 2) as a swift-service-lifecycle service, in the same group as the scan loop:
/// probes, `/metrics`, the live report, alerts, the graph and KubeCapWatch's control endpoints, answered from a
/// ``LiveService``'s snapshot (docs/http-api.md).
///
/// It opens `gate` once it listens, so the scan loop starts only then; a port it cannot take fails `run` before
/// anything else happens, with ``HTTPServiceError``.
public struct HTTPService: Service {
    let address: ListenAddress
    let live: any LiveService
    let metrics: MetricsExporter
    let version: String
    let bounds: ServerBounds
    let gate: StartGate?
    let logger: Logger

    public init(address: ListenAddress, live: any LiveService, metrics: MetricsExporter, version: String,
                bounds: ServerBounds = ServerBounds(), gate: StartGate? = nil, logger: Logger) {
        self.address = address
        self.live = live
        self.metrics = metrics
        self.version = version
        self.bounds = bounds
        self.gate = gate
        self.logger = logger
    }

    public func run() async throws {
        let responder = ServiceResponder(live: live, metrics: metrics, version: version, bounds: bounds, logger: logger)
        let bounds = self.bounds
        var channel = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ExchangeDeadlineHandler(bounds: bounds)],
            idleTimeout: TimeAmount(bounds.requestTimeout),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: bounds.maxHeaderBytes, maxHeaderListSize: bounds.maxHeaderBytes,
                                            maxHeaderFieldCount: bounds.maxHeaderFields))
        channel.idleTimeout = TimeAmount(bounds.requestTimeout)
        let listening = ListeningFlag()
        let address = self.address, gate = self.gate, logger = self.logger
        let application = Application(
            responder: responder,
            server: .http1(configuration: channel),
            configuration: ApplicationConfiguration(
                address: .hostname(address.host, port: address.port), serverName: nil, backlog: bounds.backlog,
                reuseAddress: true, availableConnectionsDelegate: MaximumAvailableConnections(bounds.maxConnections, logger: logger)),
            onServerRunning: { channel in
                listening.set()
                let port = channel.localAddress?.port ?? address.port
                let bound = ListenAddress(host: address.host, port: port)
                logger.notice("HTTP service listening on \(bound.localURL) (\(address.isLoopback ? "loopback only" : "reachable from other machines"))")
                gate?.open(true)
            },
            logger: logger)
        do {
            try await application.run()
        } catch where !listening.isSet {
            throw HTTPServiceError(address: address.description, reason: Self.reason(error))
        }
    }

    /// `Address already in use` rather than NIO's `bind(descriptor:ptr:bytes:): Address already in use (errno: 98)`.
    private static func reason(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        return "\(error)"
    }
}

/// Whether the server got as far as listening: an error before that is a failure to start.
private final class ListeningFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
