import Foundation
import Notifiers
import WatcherConfig

/// Builds the configured notifiers (`[general] notifiers`) from their sections.
public enum NotifierSetup {
    /// One notifier per name in `notifiers`, in that order; `only` narrows to one (for `notify-test`).
    /// Throws when a notifier's own validation refuses its settings.
    public static func notifiers(for configuration: Configuration, only: String? = nil) throws(NotifierError) -> [any Notifier] {
        var result: [any Notifier] = []
        for name in configuration.general.notifiers where only == nil || only == name {
            let (notifier, sendResolved) = try make(name, configuration)
            guard let notifier else { continue }
            result.append(sendResolved ? notifier : ResolvedFilter(wrapped: notifier))
        }
        return result
    }

    /// The dispatcher settings of `[state]`.
    public static func dispatcherConfiguration(_ configuration: Configuration) -> Dispatcher.Configuration {
        Dispatcher.Configuration(outboxDirectory: URL(fileURLWithPath: configuration.state.outboxDirectory),
                                 outboxMaxAge: .seconds(configuration.state.outboxMaxAge))
    }

    private static func make(_ name: String, _ configuration: Configuration) throws(NotifierError) -> ((any Notifier)?, Bool) {
        switch name {
        case "console":
            let console = configuration.console
            let settings = ConsoleNotifier.Configuration(
                format: ConsoleNotifier.Configuration.Format(rawValue: console.format) ?? .text,
                colour: ConsoleNotifier.Configuration.Colour(rawValue: console.colour) ?? .auto)
            return (ConsoleNotifier(configuration: settings), console.sendResolved)
        case "slack":
            guard let slack = configuration.slack else { return (nil, true) }
            let settings = SlackNotifier.Configuration(
                webhookURL: slack.webhookURL.value, channel: slack.channel, username: slack.username,
                iconEmoji: slack.iconEmoji, mention: slack.mention, timeout: .seconds(slack.timeout), caFile: slack.caFile)
            return (try SlackNotifier(configuration: settings), slack.sendResolved)
        case "email":
            guard let email = configuration.email else { return (nil, true) }
            let settings = EmailNotifier.Configuration(
                smtpURL: email.smtpURL, starttls: email.starttlsRequired ? .required : .off, username: email.username,
                password: email.password?.value, from: email.from, to: email.to, subjectPrefix: email.subjectPrefix,
                caFile: email.caFile, timeout: .seconds(email.timeout))
            return (try EmailNotifier(configuration: settings), email.sendResolved)
        default:
            return (nil, true)
        }
    }
}
