import Foundation
import Alerting
import Capacity
import Persistence

/// Builders and a scripted scan loop shared by the Alerting tests.
enum Fixture {
    static let cluster = "prod-eu"
    /// 2026-11-23T10:00:00Z: whole seconds, so dates survive the state file's millisecond precision.
    static let start = Date(timeIntervalSince1970: 1_795_428_000)
    static let interval: TimeInterval = 60
    static let gi: Int64 = 1 << 30

    /// The injected clock: scan `n` (1-based) happens at `start + (n - 1) × interval`.
    static func time(ofScan scan: Int) -> Date {
        start.addingTimeInterval(Double(scan - 1) * interval)
    }

    static func percent(_ value: Int) -> Threshold { Threshold(percent: Int64(value)) }

    /// `[general]` thresholds of 80% everywhere unless given.
    static func thresholds(cpuRequests: Threshold? = percent(80), cpuLimits: Threshold? = percent(80),
                           memoryRequests: Threshold? = percent(80),
                           memoryLimits: Threshold? = percent(80)) -> Thresholds {
        Thresholds(cpuRequests: cpuRequests, cpuLimits: cpuLimits, memoryRequests: memoryRequests, memoryLimits: memoryLimits)
    }

    static func rules(scope: CapacityScope = .all, reportType: CapacityReportType = .all, namespaces: Set<String> = [],
                      defaultThresholds: Thresholds? = thresholds(), policies: [AlertPolicy] = []) -> AlertRules {
        AlertRules(scope: scope, reportType: reportType, namespaces: namespaces, defaultThresholds: defaultThresholds,
                   policies: policies)
    }

    /// A node with 1000m CPU and 16Gi memory allocatable; figures in millicores and bytes.
    static func node(_ name: String, cpuRequests: Int64 = 0, cpuLimits: Int64 = 0, memoryRequests: Int64 = 0,
                     memoryLimits: Int64 = 0, cpuAllocatable: Int64? = 1000, memoryAllocatable: Int64? = 16 * gi,
                     labels: [String: String] = [:]) -> CapacityObservation {
        CapacityObservation(object: .node(name), nodeLabels: labels,
                            cpu: .init(requests: cpuRequests, limits: cpuLimits, allocatable: cpuAllocatable),
                            memory: .init(requests: memoryRequests, limits: memoryLimits, allocatable: memoryAllocatable))
    }

    /// A pod on a node with 1000m CPU and 16Gi memory allocatable.
    static func pod(_ namespace: String, _ name: String, cpuRequests: Int64 = 0, cpuLimits: Int64 = 0,
                    memoryRequests: Int64 = 0, memoryLimits: Int64 = 0, cpuAllocatable: Int64? = 1000,
                    memoryAllocatable: Int64? = 16 * gi, nodeLabels: [String: String] = [:]) -> CapacityObservation {
        CapacityObservation(object: .pod(namespace: namespace, name: name), nodeLabels: nodeLabels,
                            cpu: .init(requests: cpuRequests, limits: cpuLimits, allocatable: cpuAllocatable),
                            memory: .init(requests: memoryRequests, limits: memoryLimits, allocatable: memoryAllocatable))
    }

    static func key(_ object: AlertObject, _ measure: Measure = .cpuRequests) -> AlertKey {
        AlertKey(cluster: cluster, object: object, measure: measure)
    }
}

/// One step of a scripted run.
enum ScanStep: Sendable {
    /// A successful scan observing these objects.
    case scan([CapacityObservation])
    /// A failed scan.
    case fail(String)
    /// A configuration reload: new rules (the next step scans with them).
    case reload(AlertRules)

    /// A successful scan of one node `n1` whose CPU requests are `millicores` of 1000m (so the value is
    /// also the percentage × 10); nil scans a cluster without `n1`.
    static func cpu(_ millicores: Int64?) -> ScanStep {
        .scan(millicores.map { [Fixture.node("n1", cpuRequests: $0)] } ?? [])
    }
}

/// Runs scan scripts through evaluator → tracker (→ store), the way the service loop does, and logs
/// every alert as `SCAN STATE object measure` (reminders with their number).
struct ScanHarness {
    var evaluator: PolicyEvaluator
    var tracker: AlertTracker
    var store: FileAlertStateStore?
    /// Successful and failed scans so far; the clock reads `Fixture.time(ofScan:)` of the next one.
    private(set) var scans = 0
    private(set) var log: [String] = []
    private(set) var notifications: [AlertNotification] = []

    init(rules: AlertRules = Fixture.rules(), reminderCount: Int = 3, unreachableAfter: Int = 3,
         state: AlertTrackerState = AlertTrackerState(), store: FileAlertStateStore? = nil, scansSoFar: Int = 0) {
        evaluator = PolicyEvaluator(cluster: Fixture.cluster, rules: rules)
        tracker = AlertTracker(cluster: Fixture.cluster, reminderCount: reminderCount, unreachableAfter: unreachableAfter,
                               state: state)
        self.store = store
        scans = scansSoFar
    }

    mutating func run(_ steps: [ScanStep]) throws {
        for step in steps { try run(step) }
    }

    /// Runs one step; returns the notification of a scan (nil for a reload).
    @discardableResult
    mutating func run(_ step: ScanStep) throws -> AlertNotification? {
        let notification: AlertNotification
        switch step {
        case .reload(let rules):
            evaluator.rules = rules
            return nil
        case .scan(let observations):
            scans += 1
            let evaluation = evaluator.evaluate(observations, watching: tracker.openKeys)
            notification = tracker.recordScan(evaluation, now: Fixture.time(ofScan: scans))
        case .fail(let reason):
            scans += 1
            notification = tracker.recordFailure(reason: reason, now: Fixture.time(ofScan: scans))
        }
        try store?.save(tracker.state, now: Fixture.time(ofScan: scans))
        record(notification)
        return notification
    }

    private mutating func record(_ notification: AlertNotification) {
        guard !notification.isEmpty else { return }
        notifications.append(notification)
        for alert in notification.alerts {
            let number = alert.state == .reminder ? " #\(alert.reminder)" : ""
            log.append("\(scans) \(alert.state.label)\(number) \(alert.key.object) \(alert.key.measure.rawValue)")
        }
    }
}

/// A fresh folder under the system temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("alerting-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
