import Alerting
import Foundation

/// Sample alerts and notifications shared by the notifier tests.
enum Fixtures {
    static let scanTime = Date(timeIntervalSince1970: 1_795_000_000)

    static func nodeAlert(_ node: String, state: AlertState = .firing, measure: Measure = .cpuRequests,
                          value: Int64 = 3650, allocatable: Int64 = 4000, threshold: Double = 80,
                          cluster: String = "prod", minutesAgo: Double = 15) -> Alert {
        let resource = measure.resource ?? .cpu
        let figures = AlertFigures(value: value, allocatable: allocatable,
                                   percent: Double(value) / Double(allocatable) * 100, threshold: threshold,
                                   resource: resource)
        return Alert(key: AlertKey(cluster: cluster, object: .node(node), measure: measure), state: state,
                     figures: figures, firingSince: scanTime.addingTimeInterval(-minutesAgo * 60),
                     breachedScans: 3, reminder: state == .reminder ? 2 : 0)
    }

    /// Two firing, one reminder, one resolved.
    static var mixed: AlertNotification {
        AlertNotification(cluster: "prod", createdAt: scanTime,
                          firing: [nodeAlert("node-a"), nodeAlert("node-b", measure: .memoryLimits,
                                                                  value: 15 * 1024 * 1024 * 1024,
                                                                  allocatable: 16 * 1024 * 1024 * 1024)],
                          reminders: [nodeAlert("node-c", state: .reminder, minutesAgo: 125)],
                          resolved: [nodeAlert("node-d", state: .resolved, value: 3000, minutesAgo: 45)])
    }

    static func firing(count: Int, cluster: String = "prod", at time: Date = scanTime) -> AlertNotification {
        AlertNotification(cluster: cluster, createdAt: time,
                          firing: (0..<count).map { nodeAlert(String(format: "node-%04d", $0), cluster: cluster) })
    }

    static func single(_ node: String, at time: Date = scanTime) -> AlertNotification {
        AlertNotification(cluster: "prod", createdAt: time, firing: [nodeAlert(node)])
    }
}

/// A thread-safe list of lines for capturing output.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    func append(_ line: String) { lock.withLock { storage.append(line) } }
    var all: [String] { lock.withLock { storage } }
}
