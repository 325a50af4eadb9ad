import ArgumentParser

/// `kubecapwatch graph`: the volume relationship graph.
struct Graph: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw Pods, PersistentVolumeClaims, PersistentVolumes, StorageClasses and Nodes and what links them.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var source: SourceOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, dot, mermaid, svg, png }

    @Option(help: ArgumentHelp("Only these namespaces, comma-separated.", valueName: "a,b"))
    var namespace: String?

    @Option(help: "Output format.")
    var format: Format = .json

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func run() async throws {
        _ = try options.load(requireFile: false)
        Terminal.standardError("kubecapwatch graph: not built yet (the volume graph lands with its issue)")
        throw ExitCode(1)
    }
}
