import ArgumentParser
import Foundation
import Graphviz
import Persistence
import UnixSignals
import Watcher
import VolumeGraph

/// `kubecapwatch graph`: the volume relationship graph.
struct Graph: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw Pods, PersistentVolumeClaims, PersistentVolumes, StorageClasses and Nodes and what links them.",
        discussion: """
            A whole-cluster or --namespace graph is a volume graph: pods that mount no PersistentVolumeClaim and \
            the Nodes (with the Pod -> Node edges) are left out unless --all-pods or --nodes bring them back; \
            --kinds all and --focus draw every object they reach. Pictures group objects by namespace; above \
            \(GraphSizeAdvice.readableObjectLimit) objects the picture is still written, with a note advising \
            --namespace or --focus.

            Findings (unbound or lost claims, pods waiting on storage, released or unclaimed volumes, missing \
            volumes and StorageClasses, claims no pod uses, …) are part of every format. svg and png are drawn by \
            Graphviz's `dot` (Debian package graphviz).
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var source: SourceOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, dot, mermaid, svg, png }

    @Option(help: ArgumentHelp("Only these namespaces, comma-separated (cluster-scoped objects they use are kept).",
                               valueName: "a,b"))
    var namespace: String?

    @Option(help: "volumes: pods with claims, claims, volumes, storage classes (see --all-pods, --nodes); all: also every pod and node, owners, Services, ConfigMaps and Secrets.")
    var kinds: GraphKinds = .volumes

    @Flag(help: "Also draw pods that mount no PersistentVolumeClaim (left out of a volume graph by default).")
    var allPods = false

    @Flag(help: "Also draw Nodes and the Pod -> Node (runs_on) edges (left out of a volume graph by default).")
    var nodes = false

    @Option(help: ArgumentHelp("Only this object's neighbourhood: kind/namespace/name or kind/name.", valueName: "object"))
    var focus: String?

    @Option(help: "How many relationships away from --focus to go, both ways.")
    var depth: Int = 1

    @Option(help: "Output format.")
    var format: Format = .json

    @Option(help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Keep running and rewrite --output every --interval, until SIGTERM or SIGINT (exit 0).")
    var watch = false

    @Option(help: ArgumentHelp("Seconds between rewrites with --watch.", valueName: "seconds"))
    var interval: Int = 30

    func validate() throws {
        if let focus, let problem = Self.focusProblem(focus, depth: depth) {
            throw ValidationError("--focus: \(problem)")
        }
        if depth < 0 { throw ValidationError("--depth must be 0 or more") }
        if watch, output == nil { throw ValidationError("--watch needs --output FILE") }
        if interval < 1 { throw ValidationError("--interval must be at least 1 second") }
        if (format == .png || format == .svg), output == nil, Terminal.outputIsTerminal, format == .png {
            throw ValidationError("png is binary: give --output FILE")
        }
    }

    /// Why `text` is not a usable focus, or nil. (A typed `catch` here miscompiled in Swift 6.3 debug builds.)
    static func focusProblem(_ text: String, depth: Int) -> String? {
        let result = Result { () throws(GraphFocusError) -> GraphFocus in try GraphFocus(parsing: text, depth: depth) }
        guard case .failure(let error) = result else { return nil }
        return error.description
    }

    func run() async throws {
        let config = try options.load(requireFile: false)
        let logger = Logs.logger(level: config.general.logLevel)
        let namespaces = namespace.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        let graphOptions = GraphOptions(namespaces: Set(namespaces), kinds: kinds,
                                        focus: try focus.map { try GraphFocus(parsing: $0, depth: depth) },
                                        allPods: allPods, showNodes: nodes)
        let settings = SourceSettings(configuration: config.kubernetes, kubeconfig: source.kubeconfig,
                                      context: source.context, snapshots: source.snapshot)
        let connection: ClusterConnection
        do { connection = try ClusterConnection.open(settings, logger: logger) } catch { throw Failure.exit(for: error) }
        guard watch else {
            try await drawOnce(connection, namespaces: namespaces, graphOptions: graphOptions)
            return
        }
        try await redrawUntilStopped(connection, namespaces: namespaces, graphOptions: graphOptions)
    }

    /// `--watch`: redraws every interval until SIGTERM or SIGINT, then exits 0. The signal cancels the redraw in
    /// progress (its API requests too); the output file is only ever replaced whole, so it stays the last one drawn.
    private func redrawUntilStopped(_ connection: ClusterConnection, namespaces: [String], graphOptions: GraphOptions) async throws {
        // Trapped before the first draw, so a stop at any moment is a stop, never the default kill.
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let redraw = Task {
            while true {
                try await drawOnce(connection, namespaces: namespaces, graphOptions: graphOptions)
                try await Task.sleep(for: .seconds(interval))
            }
        }
        let stop = Task {
            for await _ in signals {
                redraw.cancel()
                return
            }
        }
        defer { stop.cancel() }
        do {
            try await redraw.value
        } catch is CancellationError {
            Terminal.standardError("graph: stopped")
        }
    }

    private func drawOnce(_ connection: ClusterConnection, namespaces: [String], graphOptions: GraphOptions) async throws {
        let data: Data
        let graph: RelationshipGraph
        do {
            let (inventory, rejected) = try await InventoryReader(kinds: kinds, namespaces: namespaces).read(connection)
            for item in rejected { Terminal.standardError("warning: \(item)") }
            graph = try GraphBuilder(graphOptions).build(from: inventory, generatedAt: Date())
            data = try await render(graph)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            if watch {
                Terminal.standardError("error: \(error); keeping the previous \(output ?? "output")")
                return
            }
            throw Failure.exit("\(error)")
        }
        if let output {
            do {
                // Replaced whole, so a reader (a web server, --watch's next round) never sees half a picture.
                try AtomicFile.replace(URL(fileURLWithPath: output), with: data, permissions: 0o666)
            } catch {
                throw Failure.exit("cannot write \(output): \(error)")
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
        // After the output is in place: with --watch this line says the file holds this draw.
        Terminal.standardError("graph: \(graph.nodes.count) objects, \(graph.relationships.count) relationships, "
                               + "\(graph.findings.count) findings")
        if format != .json, let note = GraphSizeAdvice.note(for: graph) { Terminal.standardError("note: " + note) }
    }

    private func render(_ graph: RelationshipGraph) async throws -> Data {
        switch format {
        case .json: return Data(try GraphRenderer.json(graph).utf8)
        case .dot: return Data(GraphRenderer.dot(graph).utf8)
        case .mermaid: return Data(GraphRenderer.mermaid(graph).utf8)
        case .svg: return try await GraphvizRunner().render(dot: GraphRenderer.dot(graph), format: .svg)
        case .png: return try await GraphvizRunner().render(dot: GraphRenderer.dot(graph), format: .png)
        }
    }
}

extension GraphKinds: ExpressibleByArgument {}
