import Alerting
import Foundation

/// One alert as one JSON object on one line (`[console] format = json`), flat for log shippers.
struct ConsoleJSONLine: Encodable {
    var time: String
    var notification: String
    var test: Bool
    var state: String
    var cluster: String
    var object: String
    var kind: String
    var namespace: String?
    var name: String
    var measure: String
    var value: Int64?
    var valueText: String?
    var allocatable: Int64?
    var allocatableText: String?
    var percent: Double?
    var threshold: Double?
    var firingSince: String
    var durationSeconds: Int
    var breachedScans: Int
    var reminder: Int
    var detail: String?
    var message: String

    static func render(_ alert: Alert, in notification: AlertNotification, at now: Date) -> String {
        let (kind, namespace, name): (String, String?, String) = switch alert.key.object {
        case .node(let name): ("node", nil, name)
        case .pod(let namespace, let name): ("pod", namespace, name)
        case .cluster: ("cluster", nil, alert.key.cluster)
        case .notifier(let name): ("notifier", nil, name)
        }
        let line = ConsoleJSONLine(
            time: timestamp(now), notification: notification.id, test: notification.isTest,
            state: alert.state.rawValue, cluster: alert.key.cluster, object: alert.key.object.description,
            kind: kind, namespace: namespace, name: name, measure: alert.key.measure.rawValue,
            value: alert.figures?.value, valueText: alert.figures?.valueText,
            allocatable: alert.figures?.allocatable, allocatableText: alert.figures?.allocatableText,
            percent: alert.figures.map { ($0.percent * 100).rounded() / 100 }, threshold: alert.figures?.threshold,
            firingSince: timestamp(alert.firingSince),
            durationSeconds: max(0, Int(now.timeIntervalSince(alert.firingSince).rounded())),
            breachedScans: alert.breachedScans, reminder: alert.reminder, detail: alert.detail,
            message: AlertText.line(alert, at: now, isTest: notification.isTest))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // JSONEncoder escapes control characters, so the object stays on one line whatever the data.
        guard let data = try? encoder.encode(line) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
