import ArgumentParser
import WatcherConfig

/// `kubecapwatch check-config`: validate and print the effective configuration.
struct CheckConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and print it with defaults filled in and secrets redacted.",
        discussion: "Exits 78 with one line per problem (file:line: key: what was expected) when the file is invalid.")

    @OptionGroup var options: ConfigOptions

    /// Documentation output, generated from the same schema the loader validates against.
    enum ReferenceFormat: String, ExpressibleByArgument, CaseIterable { case markdown, ini }

    @Option(help: ArgumentHelp("Print the configuration reference (markdown) or the example file (ini) instead.",
                               visibility: .hidden))
    var reference: ReferenceFormat?

    func run() async throws {
        switch reference {
        case .markdown: Terminal.standardOutput(ConfigurationReference.markdown())
        case .ini: Terminal.standardOutput(ConfigurationReference.exampleINI())
        case nil:
            let configuration = try options.load(requireFile: true)
            Terminal.standardOutput(ConfigurationPrinter.render(configuration))
            Terminal.standardError("\(configuration.file): OK")
        }
    }
}
