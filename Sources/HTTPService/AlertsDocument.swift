import Alerting
import Capacity
import Foundation
import Watcher

/// `/api/v1/alerts` (and the open alerts of `/service/status`): the open alerts with what they measure, their
/// figures, when they began, when they were last notified and when the next reminder is due.
enum AlertsDocument {
    static func render(_ snapshot: ServiceSnapshot, now: Date) -> String {
        var json = JSONWriter(pretty: true)
        json.beginObject()
        json.string("apiVersion", "kubecapwatch/v1")
        json.string("kind", "AlertList")
        json.string("cluster", snapshot.cluster)
        json.string("generatedAt", CapacityJSONRenderer.timestamp(now))
        json.bool("paused", snapshot.paused)
        write(snapshot, into: &json, key: "alerts")
        json.endObject()
        return json.finish()
    }

    /// The open alerts as an array under `key`.
    static func write(_ snapshot: ServiceSnapshot, into json: inout JSONWriter, key: String) {
        json.beginArray(key)
        for alert in snapshot.alerts { write(alert, snapshot, &json) }
        json.endArray()
    }

    private static func write(_ alert: TrackedAlert, _ snapshot: ServiceSnapshot, _ json: inout JSONWriter) {
        let object = alert.key.object
        json.beginObject()
        json.string("object", object.description)
        json.string("scope", MetricsExporter.scope(of: object))
        if case .pod(let namespace, _) = object { json.string("namespace", namespace) } else { json.string("namespace", nil) }
        json.string("name", name(of: object))
        json.string("measure", alert.key.measure.rawValue)
        let figures = alert.figures
        json.optionalInteger("value", figures?.value)
        json.string("valueText", figures?.valueText)
        json.optionalInteger("allocatable", figures?.allocatable)
        json.string("allocatableText", figures?.allocatableText)
        json.number("percent", figures.map { ($0.percent * 100).rounded() / 100 })
        json.number("threshold", figures?.threshold)
        json.string("policy", alert.policy)
        json.string("since", CapacityJSONRenderer.timestamp(alert.firingSince))
        json.integer("breachedScans", Int64(alert.breachedScans))
        json.string("lastNotified", alert.lastNotified.map(CapacityJSONRenderer.timestamp))
        let scans = snapshot.scansUntilReminder(alert)
        json.optionalInteger("nextReminderInScans", scans.map(Int64.init))
        json.string("nextReminder", scans.map { nextReminder(in: $0, snapshot).map(CapacityJSONRenderer.timestamp) } ?? nil)
        json.string("detail", alert.detail)
        json.endObject()
    }

    /// When the scan `scans` intervals after the latest one ends, if every one of them breaches: an estimate.
    private static func nextReminder(in scans: Int, _ snapshot: ServiceSnapshot) -> Date? {
        snapshot.scans.lastAttempt.map { $0.addingTimeInterval(TimeInterval(scans * snapshot.interval)) }
    }

    private static func name(of object: AlertObject) -> String {
        switch object {
        case .node(let name), .notifier(let name): name
        case .pod(_, let name): name
        case .cluster: ""
        }
    }
}

extension JSONWriter {
    /// A whole number, or `null` for nil.
    mutating func optionalInteger(_ key: String?, _ value: Int64?) {
        if let value { integer(key, value) } else { string(key, nil) }
    }
}
