import ArgumentParser
import Foundation
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
            """)

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Do one scan, deliver its notifications and exit (1 if the scan failed).")
    var once = false

    func run() async throws {
        let config = try options.load(requireFile: true)
        let logger = Logs.logger(level: config.general.logLevel)
        let engine: WatchEngine
        do {
            // The same preflight as check-config: any configuration problem stops the start with 78.
            engine = try await WatchEngine(configuration: config, logger: logger)
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
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
