import Foundation
import Notifiers
import Persistence
import WatcherConfig

/// The notifiers a configuration lists, set up, and what stands in the way of those that could not be.
public struct NotifierSet: Sendable {
    /// One per listed notifier, in `notifiers` order: ready ones, and a ``DeferredNotifier`` for each one in
    /// ``unavailable`` (it tries its set-up again at every delivery).
    public var notifiers: [any Notifier]
    /// Notifiers that could not be set up for a reason a configuration change is not needed to fix: a secret,
    /// CA or log folder that cannot be read now. `check-config` warns about them and `run` starts with the
    /// others (unless none is left: see ``Preflight``).
    public var unavailable: [NotifierError]
    /// Settings a notifier refuses (a scheme, an address, credentials without TLS): configuration errors,
    /// placed at their key's line.
    public var issues: [ConfigIssue]
}

/// Builds the configured notifiers (`[general] notifiers`) from their sections, with each notifier's own checks:
/// the one place `check-config`, `run` and `notify-test` set notifiers up, so they cannot disagree.
public enum NotifierSetup {
    /// Sets up every notifier `notifiers` lists (or only `only`, for `notify-test`), reading secret files now.
    public static func prepare(_ configuration: Configuration, only: String? = nil) -> NotifierSet {
        var set = NotifierSet(notifiers: [], unavailable: [], issues: [])
        for name in configuration.general.notifiers where only == nil || only == name {
            do {
                guard let notifier = try make(name, configuration) else { continue }
                set.notifiers.append(notifier)
            } catch where error.reason == .unavailable {
                set.unavailable.append(error)
                set.notifiers.append(DeferredNotifier(name: name) { () throws(NotifierError) -> any Notifier in
                    guard let notifier = try make(name, configuration) else { throw error }
                    return notifier
                })
            } catch {
                set.issues.append(issue(for: error, in: configuration))
            }
        }
        return set
    }

    /// A notifier's set-up error as a configuration problem at the line of the key at fault (the notifier's
    /// name is its section's name).
    public static func issue(for error: NotifierError, in configuration: Configuration) -> ConfigIssue {
        configuration.issue(section: error.notifier, key: error.key, message: error.message)
    }

    /// The dispatcher settings of `[state]`.
    public static func dispatcherConfiguration(_ configuration: Configuration) -> Dispatcher.Configuration {
        Dispatcher.Configuration(outbox: FileOutboxStore(directory: URL(fileURLWithPath: configuration.state.outboxDirectory)),
                                 outboxMaxAge: .seconds(configuration.state.outboxMaxAge))
    }

    /// The notifier `name` of `configuration`, filtered when it does not send resolved alerts; nil for a name
    /// without settings (the configuration layer has already refused that).
    private static func make(_ name: String, _ configuration: Configuration) throws(NotifierError) -> (any Notifier)? {
        let made: (notifier: any Notifier, sendResolved: Bool)
        switch name {
        case "console":
            let console = configuration.console
            let settings = ConsoleNotifier.Configuration(
                format: ConsoleNotifier.Configuration.Format(rawValue: console.format) ?? .text,
                colour: ConsoleNotifier.Configuration.Colour(rawValue: console.colour) ?? .auto)
            made = (ConsoleNotifier(configuration: settings), console.sendResolved)
        case "slack":
            guard let slack = configuration.slack else { return nil }
            made = (try slackNotifier(slack), slack.sendResolved)
        case "email":
            guard let email = configuration.email else { return nil }
            let settings = EmailNotifier.Configuration(
                smtpURL: email.smtpURL, starttls: EmailNotifier.Configuration.StartTLS(rawValue: email.starttls) ?? .auto,
                username: email.username, password: try email.password.map { secret throws(NotifierError) in
                    try read(secret, notifier: name)
                },
                from: email.from, to: email.to, subjectPrefix: email.subjectPrefix, caFile: email.caFile,
                timeout: .seconds(email.timeout))
            made = (try EmailNotifier(configuration: settings), email.sendResolved)
        case "logger":
            guard let logFile = configuration.logFile else { return nil }
            let settings = FileNotifier.Configuration(
                path: logFile.path, format: ConsoleNotifier.Configuration.Format(rawValue: logFile.format) ?? .text)
            made = (try FileNotifier(configuration: settings), logFile.sendResolved)
        default:
            return nil
        }
        return made.sendResolved ? made.notifier : ResolvedFilter(wrapped: made.notifier)
    }

    private static func slackNotifier(_ slack: Configuration.Slack) throws(NotifierError) -> SlackNotifier {
        let url = try read(slack.webhookURL, notifier: "slack")
        let settings = SlackNotifier.Configuration(
            webhookURL: url, channel: slack.channel, username: slack.username, iconEmoji: slack.iconEmoji,
            mention: slack.mention, timeout: .seconds(slack.timeout), caFile: slack.caFile)
        do {
            return try SlackNotifier(configuration: settings)
        } catch where error.key == "webhook_url" {
            // A file's content can change without the configuration changing: that is not a configuration error.
            guard let path = slack.webhookURL.path else { throw error }
            throw NotifierError(notifier: "slack", reason: .unavailable, key: slack.webhookURL.key,
                                message: "\(path) does not hold a usable webhook URL: \(error.message)")
        }
    }

    /// The secret now; a file that cannot be read makes the notifier unavailable, not the configuration wrong.
    private static func read(_ secret: Secret, notifier: String) throws(NotifierError) -> String {
        switch secret.read() {
        case .success(let value): return value
        case .failure(let error):
            throw NotifierError(notifier: notifier, reason: .unavailable, key: error.key, message: error.message)
        }
    }
}
