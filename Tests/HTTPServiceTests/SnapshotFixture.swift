import Alerting
import Capacity
import Foundation
import KubeModel
@testable import Watcher
import WatcherConfig

/// Service snapshots made by hand: a few nodes and pods decoded from API JSON, aggregated as a scan would.
enum SnapshotFixture {
    static let now = Date(timeIntervalSince1970: 1_795_428_000) // 2026-11-23T10:00:00Z

    static func node(_ name: String, cpu: String = "4", memory: String = "16Gi", labels: [String: String] = [:]) throws -> CapacityNode {
        let object: [String: Any] = [
            "metadata": ["name": name, "labels": labels],
            "status": ["capacity": ["cpu": cpu, "memory": memory, "pods": "110"],
                       "allocatable": ["cpu": cpu, "memory": memory, "pods": "110"]],
        ]
        return try JSONDecoder().decode(CapacityNode.self, from: JSONSerialization.data(withJSONObject: object))
    }

    static func pod(_ namespace: String, _ name: String, node: String, cpu: String, memory: String = "256Mi") throws -> CapacityPod {
        let resources = ["cpu": cpu, "memory": memory]
        let object: [String: Any] = [
            "metadata": ["name": name, "namespace": namespace],
            "spec": ["nodeName": node, "containers": [["name": "main", "resources": ["requests": resources, "limits": resources]]]],
            "status": ["phase": "Running"],
        ]
        return try JSONDecoder().decode(CapacityPod.self, from: JSONSerialization.data(withJSONObject: object))
    }

    /// A snapshot of `nodes` and `pods` after one successful scan, everything kept.
    static func snapshot(nodes: [CapacityNode], pods: [CapacityPod], configuration text: String = "") throws -> ServiceSnapshot {
        let configuration = try ConfigurationLoader().load(text: text, file: "config.ini").configuration
        var aggregator = CapacityAggregator()
        aggregator.add(nodes: nodes)
        aggregator.add(pods: pods)
        var snapshot = ServiceSnapshot(cluster: "test", startedAt: now, interval: 60, reminderCount: 5,
                                       reportOptions: CapacityOptions(), watchedNamespaces: [],
                                       source: SourceSettings(configuration: configuration.kubernetes))
        snapshot.capacity = CapacitySnapshot(cluster: "test", generatedAt: now, aggregation: aggregator)
        snapshot.scans.record(ScanOutcome(succeeded: true, nodes: nodes.count, pods: pods.count, duration: .milliseconds(20),
                                          notification: AlertNotification(cluster: "test", createdAt: now), openAlerts: 0), at: now)
        return snapshot
    }
}
