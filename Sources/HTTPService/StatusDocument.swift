import Capacity
import Foundation
import Watcher

/// `/service/status`: running or paused, how scans go, readiness and the open alerts.
///
/// `data` is what KubeCapWatch's endpoint answered — `["KubeCapWatch service is 'running'!", <report>]` while it
/// runs, `"KubeCapWatch service is 'stopped'!"` when stopped — so its clients keep working; the other fields are
/// kubecapwatch's.
enum StatusDocument {
    static func render(_ snapshot: ServiceSnapshot, version: String, now: Date) -> String {
        var json = JSONWriter(pretty: true)
        json.beginObject()
        if snapshot.paused {
            json.string("data", "KubeCapWatch service is 'stopped'!")
        } else {
            json.beginArray("data")
            json.string(nil, "KubeCapWatch service is 'running'!")
            json.string(nil, summary(snapshot))
            json.endArray()
        }
        json.string("apiVersion", "kubecapwatch/v1")
        json.string("kind", "ServiceStatus")
        json.string("state", snapshot.paused ? "paused" : "running")
        json.string("cluster", snapshot.cluster)
        json.string("version", version)
        json.string("generatedAt", CapacityJSONRenderer.timestamp(now))
        json.string("startedAt", CapacityJSONRenderer.timestamp(snapshot.startedAt))
        json.integer("intervalSeconds", Int64(snapshot.interval))
        json.bool("ready", snapshot.notReadyReason == nil)
        json.string("notReadyReason", snapshot.notReadyReason)
        json.bool("scanning", snapshot.scanningSince != nil)
        let scans = snapshot.scans
        json.beginObject("scans")
        json.integer("completed", Int64(scans.completed))
        json.string("lastAttempt", scans.lastAttempt.map(CapacityJSONRenderer.timestamp))
        json.string("lastSuccess", scans.lastSuccess.map(CapacityJSONRenderer.timestamp))
        json.number("lastDurationSeconds", scans.lastDuration.map { ($0.secondsValue * 1000).rounded() / 1000 })
        json.string("lastFailure", scans.lastFailure)
        json.integer("consecutiveFailures", Int64(scans.consecutiveFailures))
        json.endObject()
        if let capacity = snapshot.capacity {
            let report = capacity.report(CapacityOptions(scope: .node, nodeSelector: snapshot.reportOptions.nodeSelector))
            json.beginObject("counted")
            json.integer("nodes", Int64(report.nodes.count))
            json.integer("pods", Int64(report.totals.pods.count))
            json.endObject()
        }
        AlertsDocument.write(snapshot, into: &json, key: "openAlerts")
        json.endObject()
        return json.finish()
    }

    /// `last scan ok at 2026-11-23T10:00:00Z; 3 alerts open`, KubeCapWatch's "report" in a line.
    static func summary(_ snapshot: ServiceSnapshot) -> String {
        let scans = snapshot.scans
        let open = "\(snapshot.alerts.count) alert\(snapshot.alerts.count == 1 ? "" : "s") open"
        guard let attempt = scans.lastAttempt else { return "no scan has completed yet; \(open)" }
        let when = CapacityJSONRenderer.timestamp(attempt)
        if let failure = scans.lastFailure { return "last scan failed at \(when): \(failure); \(open)" }
        return "last scan ok at \(when); \(open)"
    }

    /// `/service/start` and `/service/stop`: what changed, in KubeCapWatch's words.
    static func control(paused: Bool, changed: Bool) -> String {
        let message = switch (paused, changed) {
        case (true, true): "KubeCapWatch service is stopped!"
        case (true, false): "KubeCapWatch service is already stopped!"
        case (false, true): "KubeCapWatch service is started!"
        case (false, false): "KubeCapWatch service is already running!"
        }
        var json = JSONWriter(pretty: true)
        json.beginObject()
        json.string("data", message)
        json.string("state", paused ? "paused" : "running")
        json.bool("changed", changed)
        json.endObject()
        return json.finish()
    }
}

extension Duration {
    /// Whole and fractional seconds.
    var secondsValue: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
