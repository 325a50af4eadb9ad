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
        abstract: "Send a clearly marked test alert through the configured notifiers; exit 1 if any failed.")

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Only this notifier: console, slack or email.", valueName: "name"))
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
        let notifiers: [any Notifier]
        do {
            notifiers = try NotifierSetup.notifiers(for: config, only: notifier)
        } catch {
            throw Failure.exit("\(error)")
        }
        let cluster = config.kubernetes.clusterName ?? config.kubernetes.context ?? "kubecapwatch"
        let dispatcher = Dispatcher(notifiers: notifiers)
        let reports = await dispatcher.deliverNow(AlertNotification.test(cluster: cluster, at: Date()))
        for report in reports { Terminal.standardError(report.description) }
        if reports.contains(where: { !$0.isDelivered }) { throw ExitCode(1) }
    }
}
