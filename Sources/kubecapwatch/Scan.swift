import ArgumentParser
import Capacity
import Foundation
import KubeModel
import Watcher
import WatcherConfig

/// `kubecapwatch scan`: one capacity report.
struct Scan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print node and pod capacity: requests and limits as a share of allocatable.",
        discussion: """
            Figures equal the "Allocated resources" of `kubectl describe node`: CPU in millicores, memory in bytes \
            (table: Mi), percentages of allocatable (the table prints kubectl's whole numbers, JSON and CSV the \
            exact share to two decimals). Node figures always count every pod on the node; a namespace list \
            narrows the pod rows only. Objects that cannot be read are reported on standard error and skipped; \
            the rest of the scan completes. On a terminal, a progress line on standard error shows what has been \
            read.
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var source: SourceOptions

    @Option(help: ArgumentHelp("What to list: node, pod or all (default: the config's scope; without a config file, "
                               + "node, or all with --namespace)."))
    var scope: CapacityScope?

    @Option(name: .customLong("report-type"), help: "Which resources: all, cpu or memory (default: the config's report_type).")
    var reportType: CapacityReportType?

    @Option(help: ArgumentHelp("Pod rows of these namespaces only, comma-separated (default: the config's namespace); "
                               + "node figures still count every pod.", valueName: "a,b"))
    var namespace: String?

    @Option(name: .customLong("node-selector"), help: ArgumentHelp("Only nodes matching this label selector.", valueName: "selector"))
    var nodeSelector: String?

    @Option(help: "Output format.")
    var output: CapacityOutputFormat = .table

    @Option(help: ArgumentHelp("Sort by a figure: name, cpu-requests, cpu-limits, cpu-requests-percent, memory-requests, "
                               + "memory-limits-percent, pods, … (figures largest first).", valueName: "key"))
    var sort: String?

    func validate() throws {
        if let sort, CapacitySortKey(argument: sort) == nil {
            throw ValidationError("unknown sort key \"\(sort)\"; use one of name, pods, "
                + "cpu-requests, cpu-limits, memory-requests, memory-limits (add -percent for the percentages)")
        }
        if let nodeSelector {
            do { _ = try LabelSelector(parsing: nodeSelector) } catch { throw ValidationError("--node-selector: \(error)") }
        }
    }

    func run() async throws {
        let config = try options.load(requireFile: false)
        let logger = Logs.logger(level: config.general.logLevel)
        let capacityOptions = capacityOptions(config)
        let settings = SourceSettings(configuration: config.kubernetes, kubeconfig: source.kubeconfig,
                                      context: source.context, snapshots: source.snapshot)
        let report: CapacityReport
        let progress = ProgressLine.onTerminal()
        do {
            let connection = try ClusterConnection.open(settings, logger: logger)
            report = try await CapacityScanner(options: capacityOptions).scan(connection, progress: { progress?.show($0) })
        } catch {
            progress?.clear()
            throw Failure.exit(for: error)
        }
        progress?.clear()
        for issue in report.issues { Terminal.standardError("warning: \(issue)") }
        if let warning = report.namespacesWithoutPodsWarning { Terminal.standardError("warning: \(warning)") }
        write(report, config: config)
    }

    private func capacityOptions(_ config: Configuration) -> CapacityOptions {
        let namespaces = namespace.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            ?? config.general.namespaces
        // `validate()` has parsed --node-selector already, and the config layer its node_selector.
        let selector = (try? nodeSelector.map { try LabelSelector(parsing: $0) }) ?? config.kubernetes.nodeSelector
        return CapacityOptions(
            scope: scope ?? defaultScope(config),
            reportType: reportType ?? config.general.reportType,
            namespaces: Set(namespaces.filter { !$0.isEmpty }), nodeSelector: selector ?? .everything,
            sort: sort.flatMap(CapacitySortKey.init(argument:)) ?? .name)
    }

    /// With a config file, its `scope`. Without one, node rows only, as kube-capacity shows them, unless
    /// `--namespace` asks for some namespaces' pods: it narrows nothing else, so it would otherwise do nothing.
    private func defaultScope(_ config: Configuration) -> CapacityScope {
        guard options.readsFile else { return namespace == nil ? .node : .all }
        return config.general.scope
    }

    /// Streamed: at 150,000 pods the output is tens of MB. The table marks cells over the `[general]` thresholds.
    private func write(_ report: CapacityReport, config: Configuration) {
        output.render(report, thresholds: config.general.thresholds, colour: Terminal.outputIsTerminal) {
            Terminal.standardOutput($0)
        }
    }
}

extension CapacityOutputFormat: ExpressibleByArgument {}
extension CapacityScope: ExpressibleByArgument {}
extension CapacityReportType: ExpressibleByArgument {}
