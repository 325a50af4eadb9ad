import ArgumentParser
import Watcher
import WatcherConfig

/// `kubecapwatch check-config`: validate and print the effective configuration.
struct CheckConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and print it with defaults filled in and secrets redacted.",
        discussion: """
            Runs every check `run` makes at start, through the same code, without contacting the cluster or a \
            notifier: the file's keys and values, each notifier's settings and files (secrets, CA bundles), the \
            kubeconfig (readable, parseable, its context and TLS files present) or the snapshot files. Exits 78 \
            with one line per problem (file:line: key: what was expected) when the configuration cannot be used.
            """)

    @OptionGroup var options: ConfigOptions

    /// Documentation output, generated from the same schema the loader validates against.
    enum ReferenceFormat: String, ExpressibleByArgument, CaseIterable { case markdown, ini }

    @Option(help: ArgumentHelp("Print the configuration reference (markdown) or the example file (ini) instead.",
                               valueName: "format"))
    var reference: ReferenceFormat?

    func run() async throws {
        switch reference {
        case .markdown: Terminal.standardOutput(ConfigurationReference.markdown())
        case .ini: Terminal.standardOutput(ConfigurationReference.exampleINI())
        case nil:
            let configuration = try options.load(requireFile: true)
            try preflight(configuration)
            Terminal.standardOutput(ConfigurationPrinter.render(configuration))
            Terminal.standardError("\(configuration.file): OK")
        }
    }

    /// `run`'s start-up checks. A notifier that cannot be set up now (its secret file unreadable…) is refused
    /// here, though `run` would start with the other notifiers and keep retrying it.
    private func preflight(_ configuration: Configuration) throws {
        var issues: [ConfigIssue]
        do {
            let prepared = try Preflight.prepare(configuration, logger: Logs.logger(level: configuration.general.logLevel))
            issues = prepared.notifiers.unavailable.map { NotifierSetup.issue(for: $0, in: configuration) }
        } catch {
            issues = error.issues
        }
        guard !issues.isEmpty else { return }
        for issue in issues { Terminal.standardError(issue.description) }
        throw ExitCode(78)
    }
}
