import ArgumentParser
import Foundation
import HTTPService
import ServiceLifecycle
import Watcher
import WatcherConfig

/// `kubecapwatch run`: the service.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan every interval, evaluate thresholds and send alerts (the systemd service).",
        discussion: """
            SIGHUP reloads the configuration (an invalid one is refused and the old one kept); SIGTERM or SIGINT \
            stop within seconds: the scan in progress gets 5 s to finish, then it is cancelled and records nothing, \
            and queued notifications get up to 20 s. Alert state and undelivered notifications are kept under \
            [state], so a restart neither repeats nor loses an alert.

            The HTTP service ([http] listen, 127.0.0.1:9798 by default; not with --once) answers health and \
            readiness probes, /metrics for Prometheus, the live report, alerts and graph under /api/v1, and \
            KubeCapWatch's /service endpoints; scanning starts once it listens, and a port it cannot take stops \
            run at once (exit 1).
            """)

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Do one scan, deliver its notifications and exit (1 if the scan failed).")
    var once = false

    func run() async throws {
        let config = try options.load(requireFile: true)
        let logger = Logs.logger(level: config.general.logLevel)
        let listen = once ? nil : config.http.listen
        // Before anything counts: the engine's notifiers declare their series as they are made.
        let metrics = listen.map { _ in MetricsExporter.bootstrap(version: KubeCapWatch.configuration.version) }
        let engine: WatchEngine
        do {
            // The same preflight as check-config: any configuration problem stops the start with 78.
            engine = try await WatchEngine(configuration: config, logger: logger, keepEveryPodRow: listen != nil)
        } catch let error as ConfigurationError {
            for issue in error.issues { Terminal.standardError(issue.description) }
            throw ExitCode(78)
        } catch {
            throw Failure.exit(for: error)
        }
        if once {
            await engine.start()
            let outcome = await engine.cycle()
            await engine.drain(timeout: .seconds(60))
            if !outcome.succeeded { throw ExitCode(1) }
            return
        }
        let service = WatchService(engine: engine, configurationPath: config.file, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: service)]
        if let listen, let metrics {
            // Scans start once the HTTP service listens; a stop shuts the scan loop down first (the group stops
            // its services last to first), so the service answers until the very end.
            let gate = StartGate()
            services = [.init(service: HTTPService(address: listen, live: engine, metrics: metrics,
                                                   version: KubeCapWatch.configuration.version, gate: gate, logger: logger)),
                        .init(service: GatedService(service, after: gate))]
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        if listen != nil {
            // The scan loop stops within 35 s; the HTTP service then waits for requests under way, which a graph
            // read could stretch past the unit's TimeoutStopSec=60s: cut them short rather than be killed.
            groupConfiguration.maximumGracefulShutdownDuration = .seconds(50)
            groupConfiguration.maximumCancellationDuration = .seconds(5)
        }
        let group = ServiceGroup(configuration: groupConfiguration)
        do {
            try await group.run()
        } catch let error as HTTPServiceError {
            throw Failure.exit("\(error)")
        }
    }
}
