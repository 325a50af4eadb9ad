import ArgumentParser
import CMalloc

/// The `kubecapwatch` command: a Kubernetes capacity threshold watcher.
@main
struct KubeCapWatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubecapwatch",
        abstract: "Watch Kubernetes node capacity and alert before nodes run out of schedulable CPU or memory.",
        discussion: """
            Exit codes: 0 success; 1 runtime failure (cluster unreachable, a notifier failed in notify-test, the \
            service not reachable by status); 3 the service is paused (status); 64 usage error; 78 configuration error.
            """,
        version: "0.1.0",
        subcommands: [Run.self, Scan.self, Graph.self, CheckConfig.self, NotifyTest.self, Status.self])

    static func main() async {
        limitHeapGrowth()
        await main(nil)
    }

    /// Keeps peak memory flat over hundreds of multi-megabyte API pages (see `Sources/CMalloc/shim.h`).
    private static func limitHeapGrowth() {
        kcw_limit_heap_growth()
    }
}
