import Alerting
import Foundation
import Testing
@testable import HTTPService
import Watcher

/// `/metrics` from snapshots: the figures in base units, series that follow the cluster, per-pod series only when
/// asked. (The exposition's syntax is checked by a real Prometheus parser in the end-to-end tests.)
@Suite struct MetricsExporterTests {
    typealias F = SnapshotFixture

    static func cluster() throws -> ServiceSnapshot {
        try F.snapshot(nodes: [F.node("node-a", cpu: "3920m", memory: "15Gi"), F.node("node-b")],
                       pods: [F.pod("shop", "api", node: "node-a", cpu: "250m", memory: "512Mi"),
                              F.pod("ops", "dns", node: "node-b", cpu: "1")])
    }

    /// `name{labels} value` lines of the exposition, without comments.
    private func lines(_ exporter: MetricsExporter, _ snapshot: ServiceSnapshot) -> [String] {
        String(decoding: exporter.exposition(of: snapshot), as: UTF8.self).split(separator: "\n")
            .filter { !$0.hasPrefix("#") }.map(String.init)
    }

    @Test func nodeFiguresInCoresBytesAndRatios() throws {
        let exported = lines(MetricsExporter(version: "9.9.9"), try Self.cluster())
        #expect(exported.contains(#"kubecapwatch_node_allocatable{node="node-a",resource="cpu"} 3.92"#))
        #expect(exported.contains(#"kubecapwatch_node_requests{node="node-a",resource="cpu"} 0.25"#))
        #expect(exported.contains(#"kubecapwatch_node_requests{node="node-a",resource="memory"} 536870912.0"#))
        #expect(exported.contains(#"kubecapwatch_node_requests_ratio{node="node-b",resource="cpu"} 0.25"#))
        #expect(exported.contains(#"kubecapwatch_node_pods{node="node-a"} 1.0"#))
        #expect(exported.contains(#"kubecapwatch_build_info{version="9.9.9"} 1.0"#))
        #expect(exported.contains("kubecapwatch_ready 1.0"))
        #expect(exported.contains("kubecapwatch_paused 0.0"))
        #expect(!exported.contains { $0.hasPrefix("kubecapwatch_pod_") })
    }

    @Test func goneNodesLeaveAndPodSeriesFollowTheSwitch() throws {
        let exporter = MetricsExporter(version: "1")
        var snapshot = try Self.cluster()
        #expect(lines(exporter, snapshot).contains { $0.contains(#"node="node-b""#) })
        snapshot.capacity = try F.snapshot(nodes: [F.node("node-a")], pods: []).capacity
        snapshot.podMetrics = true
        var exported = lines(exporter, snapshot)
        #expect(!exported.contains { $0.contains(#"node="node-b""#) })
        #expect(exported.contains(#"kubecapwatch_node_allocatable{node="node-a",resource="cpu"} 4.0"#))
        snapshot = try Self.cluster()
        snapshot.podMetrics = true
        snapshot.watchedNamespaces = ["shop"]
        exported = lines(exporter, snapshot)
        #expect(exported.filter { $0.hasPrefix("kubecapwatch_pod_requests{") }.sorted() == [
            #"kubecapwatch_pod_requests{namespace="shop",pod="api",node="node-a",resource="cpu"} 0.25"#,
            #"kubecapwatch_pod_requests{namespace="shop",pod="api",node="node-a",resource="memory"} 536870912.0"#,
        ])
        snapshot.podMetrics = false
        #expect(!lines(exporter, snapshot).contains { $0.hasPrefix("kubecapwatch_pod_") })
    }

    @Test func openAlertsAreCountedByMeasureAndScopeWithZeros() throws {
        var snapshot = try Self.cluster()
        snapshot.alerts = [
            TrackedAlert(key: AlertKey(cluster: "test", object: .node("node-a"), measure: .cpuRequests), firingSince: F.now),
            TrackedAlert(key: AlertKey(cluster: "test", object: .pod(namespace: "shop", name: "api"), measure: .cpuRequests),
                         firingSince: F.now),
            TrackedAlert(key: AlertKey(cluster: "test", object: .node("node-b"), measure: .cpuRequests), firingSince: F.now),
            TrackedAlert(key: .clusterUnreachable("test"), firingSince: F.now),
        ]
        let exported = lines(MetricsExporter(version: "1"), snapshot)
        #expect(exported.contains(#"kubecapwatch_alerts_open{measure="cpu_requests",scope="node"} 2.0"#))
        #expect(exported.contains(#"kubecapwatch_alerts_open{measure="cpu_requests",scope="pod"} 1.0"#))
        #expect(exported.contains(#"kubecapwatch_alerts_open{measure="cluster_unreachable",scope="cluster"} 1.0"#))
        #expect(exported.contains(#"kubecapwatch_alerts_open{measure="memory_limits",scope="pod"} 0.0"#))
        #expect(exported.filter { $0.hasPrefix("kubecapwatch_alerts_open{") }.count == 10)
    }
}
