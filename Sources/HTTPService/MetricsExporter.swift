import Alerting
import Capacity
import Foundation
import KubeClient
import Metrics
import Prometheus
import Synchronization
import Watcher

/// `/metrics`: one Prometheus registry behind swift-metrics (which the scan loop, the API client and the
/// notifiers count into), plus the series derived from the service's snapshot, set at each scrape.
///
/// Snapshot series are registered directly, with help text, and follow the cluster: a node that leaves it (or
/// the node selector) leaves `/metrics` at the next scrape, and so does a pod with `pod_metrics = on`.
/// Units are Prometheus' base units: CPU in cores, memory in bytes, shares as ratios (1 = 100 %).
public final class MetricsExporter: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let series = Mutex(SeriesState())

    private struct SeriesState {
        /// What the capacity series were last set from: they are only worked out again when it changes (a
        /// scan, or a reload that changes what is watched), not at every scrape.
        var capacityBasis: CapacityBasis?
        /// Every series set from a snapshot, by name and labels, to unregister those that are gone.
        var status: [SeriesKey: Prometheus.Gauge] = [:]
        var capacity: [SeriesKey: Prometheus.Gauge] = [:]
    }

    private struct CapacityBasis: Equatable {
        var generatedAt: Date?
        var podMetrics: Bool
        var nodeSelector: String
        var namespaces: Set<String>

        init(_ snapshot: ServiceSnapshot) {
            generatedAt = snapshot.capacity?.generatedAt
            podMetrics = snapshot.podMetrics
            nodeSelector = snapshot.reportOptions.nodeSelector.description
            namespaces = snapshot.watchedNamespaces
        }
    }

    private struct SeriesKey: Hashable {
        var name: String
        var labels: [String]
    }

    /// Buckets of `kubecapwatch_scan_duration_seconds`: a small cluster scans in tenths of a second, 150,000
    /// pods in about a minute.
    static let scanDurationBuckets: [Duration] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300].map {
        .milliseconds(Int64($0 * 1000))
    }

    /// An exporter with a registry of its own, which swift-metrics does not count into (see ``bootstrap(version:)``).
    init(version: String) {
        registry = PrometheusCollectorRegistry()
        registry.makeGauge(descriptor: Self.descriptor("kubecapwatch_build_info"), labels: [("version", version)]).set(to: 1.0)
    }

    /// The process's exporter: swift-metrics is pointed at its registry (once per process, so call it before
    /// anything counts), and the series that must show before their first event are declared.
    public static func bootstrap(version: String) -> MetricsExporter {
        let exporter = MetricsExporter(version: version)
        var factory = PrometheusMetricsFactory(registry: exporter.registry)
        factory.durationHistogramBuckets["kubecapwatch_scan_duration_seconds"] = scanDurationBuckets
        MetricsSystem.bootstrap(factory)
        ScanMetrics.declare()
        WatchMetrics.declare()
        return exporter
    }

    /// The exposition text for `snapshot`: its series are brought up to date first.
    public func exposition(of snapshot: ServiceSnapshot) -> [UInt8] {
        series.withLock { state in update(&state, from: snapshot) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.emit(into: &buffer)
        return buffer
    }

    // MARK: - Series from the snapshot

    private struct Sample {
        var name: String
        var labels: [(String, String)]
        var value: Double
    }

    private func update(_ state: inout SeriesState, from snapshot: ServiceSnapshot) {
        state.status = set(statusSamples(snapshot), replacing: state.status)
        let basis = CapacityBasis(snapshot)
        guard basis != state.capacityBasis else { return }
        var samples: [Sample] = []
        if let capacity = snapshot.capacity {
            samples = nodeSamples(capacity, snapshot)
            if snapshot.podMetrics { samples += podSamples(capacity, snapshot) }
        }
        state.capacity = set(samples, replacing: state.capacity)
        state.capacityBasis = basis
    }

    /// Sets the series of `samples` and unregisters those of `previous` that are not among them.
    private func set(_ samples: [Sample], replacing previous: [SeriesKey: Prometheus.Gauge]) -> [SeriesKey: Prometheus.Gauge] {
        var current: [SeriesKey: Prometheus.Gauge] = [:]
        current.reserveCapacity(samples.count)
        for sample in samples {
            let key = SeriesKey(name: sample.name, labels: sample.labels.map { "\($0.0)=\($0.1)" })
            let gauge = previous[key]
                ?? registry.makeGauge(descriptor: Self.descriptor(sample.name), labels: sample.labels)
            gauge.set(to: sample.value)
            current[key] = gauge
        }
        for (key, gauge) in previous where current[key] == nil { registry.unregisterGauge(gauge) }
        return current
    }

    private func statusSamples(_ snapshot: ServiceSnapshot) -> [Sample] {
        var open: [String: Int] = [:]
        for alert in snapshot.alerts { open["\(alert.key.measure.rawValue) \(Self.scope(of: alert.key.object))", default: 0] += 1 }
        var samples = Self.alertSeries.map { measure, scope in
            Sample(name: "kubecapwatch_alerts_open", labels: [("measure", measure.rawValue), ("scope", scope)],
                   value: Double(open["\(measure.rawValue) \(scope)"] ?? 0))
        }
        samples.append(Sample(name: "kubecapwatch_paused", labels: [], value: snapshot.paused ? 1 : 0))
        samples.append(Sample(name: "kubecapwatch_ready", labels: [], value: snapshot.notReadyReason == nil ? 1 : 0))
        return samples
    }

    private func nodeSamples(_ capacity: CapacitySnapshot, _ snapshot: ServiceSnapshot) -> [Sample] {
        let report = capacity.report(CapacityOptions(scope: .node, nodeSelector: snapshot.reportOptions.nodeSelector))
        var samples: [Sample] = []
        samples.reserveCapacity(report.nodes.count * 13)
        for node in report.nodes {
            for (resource, figures, unit) in [("cpu", node.cpu, 1000.0), ("memory", node.memory, 1.0)] {
                let labels = [("node", node.name), ("resource", resource)]
                samples.append(Sample(name: "kubecapwatch_node_capacity", labels: labels, value: Double(figures.capacity) / unit))
                samples.append(Sample(name: "kubecapwatch_node_allocatable", labels: labels, value: Double(figures.allocatable) / unit))
                samples.append(Sample(name: "kubecapwatch_node_requests", labels: labels, value: Double(figures.requests) / unit))
                samples.append(Sample(name: "kubecapwatch_node_limits", labels: labels, value: Double(figures.limits) / unit))
                // No ratio for a node without allocatable: there is nothing to be a share of.
                if figures.allocatable != 0 {
                    let allocatable = Double(figures.allocatable)
                    samples.append(Sample(name: "kubecapwatch_node_requests_ratio", labels: labels,
                                          value: Double(figures.requests) / allocatable))
                    samples.append(Sample(name: "kubecapwatch_node_limits_ratio", labels: labels,
                                          value: Double(figures.limits) / allocatable))
                }
            }
            samples.append(Sample(name: "kubecapwatch_node_pods", labels: [("node", node.name)], value: Double(node.pods.count)))
        }
        return samples
    }

    private func podSamples(_ capacity: CapacitySnapshot, _ snapshot: ServiceSnapshot) -> [Sample] {
        let report = capacity.report(CapacityOptions(scope: .pod, namespaces: snapshot.watchedNamespaces,
                                                     nodeSelector: snapshot.reportOptions.nodeSelector))
        var samples: [Sample] = []
        for pod in report.pods ?? [] {
            for (resource, figures, unit) in [("cpu", pod.cpu, 1000.0), ("memory", pod.memory, 1.0)] {
                let labels = [("namespace", pod.namespace), ("pod", pod.name), ("node", pod.node), ("resource", resource)]
                samples.append(Sample(name: "kubecapwatch_pod_requests", labels: labels, value: Double(figures.requests) / unit))
                samples.append(Sample(name: "kubecapwatch_pod_limits", labels: labels, value: Double(figures.limits) / unit))
            }
        }
        return samples
    }

    /// Every (measure, scope) an alert can have, so the open counts show 0 rather than nothing.
    static let alertSeries: [(Measure, String)] =
        Measure.capacityMeasures.flatMap { [($0, "node"), ($0, "pod")] }
        + [(.clusterUnreachable, "cluster"), (.notifierFailing, "notifier")]

    static func scope(of object: AlertObject) -> String {
        switch object {
        case .node: "node"
        case .pod: "pod"
        case .cluster: "cluster"
        case .notifier: "notifier"
        }
    }

    /// `name` with its help text.
    static func descriptor(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help[name] ?? "")
    }

    static let help: [String: String] = [
        "kubecapwatch_build_info": "Always 1; the version label says which kubecapwatch runs.",
        "kubecapwatch_alerts_open": "Open alerts by measure and by what they are about (node, pod, cluster, notifier).",
        "kubecapwatch_paused": "1 while /service/stop holds scans and their notifications.",
        "kubecapwatch_ready": "1 when the latest scan succeeded (what /readyz answers 200 for).",
        "kubecapwatch_node_capacity": "Node capacity (cpu: cores, memory: bytes).",
        "kubecapwatch_node_allocatable": "Node allocatable, the denominator of the ratios (cpu: cores, memory: bytes).",
        "kubecapwatch_node_requests": "Sum of the requests of the pods counted on the node (cpu: cores, memory: bytes).",
        "kubecapwatch_node_limits": "Sum of the limits of the pods counted on the node (cpu: cores, memory: bytes).",
        "kubecapwatch_node_requests_ratio": "Requests as a share of allocatable (1 = 100 %).",
        "kubecapwatch_node_limits_ratio": "Limits as a share of allocatable (1 = 100 %).",
        "kubecapwatch_node_pods": "Pods counted on the node (bound, not Succeeded or Failed), of every namespace.",
        "kubecapwatch_pod_requests": "A pod's effective requests (cpu: cores, memory: bytes); [http] pod_metrics = on.",
        "kubecapwatch_pod_limits": "A pod's effective limits (cpu: cores, memory: bytes); [http] pod_metrics = on.",
    ]
}
