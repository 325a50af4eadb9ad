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
            with one line per problem (file:line: key: what was expected) when the configuration cannot be used. \
            A notifier whose file cannot be read now is a warning: run starts with the other notifiers.
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

    /// `run`'s start-up checks. A notifier that cannot be set up now (its secret file unreadable…) is a warning:
    /// `run`, and `ExecStartPre=… check-config`, start without it, as long as another notifier can deliver.
    private func preflight(_ configuration: Configuration) throws {
        do {
            let prepared = try Preflight.prepare(configuration, logger: Logs.logger(level: configuration.general.logLevel))
            for warning in prepared.warnings { Terminal.standardError("warning: \(warning)") }
        } catch {
            for issue in error.issues { Terminal.standardError(issue.description) }
            throw ExitCode(78)
        }
    }
}
