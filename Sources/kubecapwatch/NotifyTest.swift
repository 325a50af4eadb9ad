import Alerting
import ArgumentParser
import Foundation
import Notifiers
import Watcher
import WatcherConfig

/// `kubecapwatch notify-test`: prove the notifiers deliver.
struct NotifyTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify-test",
        abstract: "Send a clearly marked test alert through the configured notifiers; exit 1 if any failed.",
        discussion: """
            Reports one line per notifier (`slack: delivered`, or why not); the others are tried whatever one of \
            them does. Exits 78 when the configuration or a notifier's settings are wrong.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Only this notifier: console, slack, email or logger.", valueName: "name"))
    var notifier: String?

    func validate() throws {
        if let notifier, !ConfigSchema.notifierNames.contains(notifier) {
            throw ValidationError("unknown notifier \"\(notifier)\"; use one of \(ConfigSchema.notifierNames.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let config = try options.load(requireFile: true)
        if let notifier, !config.general.notifiers.contains(notifier) {
            Terminal.standardError("\(config.file): notifiers: \"\(notifier)\" is not configured (notifiers = "
                                   + config.general.notifiers.joined(separator: ", ") + ")")
            throw ExitCode(78)
        }
        // The same set-up as check-config and run: settings a notifier refuses are a configuration error; a
        // notifier that cannot be set up now (its secret file unreadable…) fails its own line below.
        let prepared = NotifierSetup.prepare(config, only: notifier)
        if !prepared.issues.isEmpty {
            for issue in prepared.issues { Terminal.standardError(issue.description) }
            throw ExitCode(78)
        }
        let cluster = config.kubernetes.clusterName ?? config.kubernetes.context ?? "kubecapwatch"
        let dispatcher = Dispatcher(notifiers: prepared.notifiers)
        let reports = await dispatcher.deliverNow(AlertNotification.test(cluster: cluster, at: Date()))
        for report in reports { Terminal.standardError(report.description) }
        if reports.contains(where: { !$0.isDelivered }) { throw ExitCode(1) }
    }
}
