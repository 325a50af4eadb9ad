import Alerting
import Foundation
import Testing
@testable import HTTPService
@testable import Watcher

/// The JSON documents: KubeCapWatch's `data` shapes, alert times and the reminder estimate, readiness reasons.
@Suite struct DocumentTests {
    typealias F = SnapshotFixture

    private func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func statusSpeaksKubeCapWatchWhileRunningAndPaused() throws {
        var snapshot = try MetricsExporterTests.cluster()
        let running = try object(StatusDocument.render(snapshot, version: "1.2.3", now: F.now))
        let data = try #require(running["data"] as? [String])
        #expect(data == ["KubeCapWatch service is 'running'!", "last scan ok at 2026-11-23T10:00:00Z; 0 alerts open"])
        #expect(running["state"] as? String == "running")
        #expect(running["ready"] as? Bool == true)
        snapshot.paused = true
        let paused = try object(StatusDocument.render(snapshot, version: "1.2.3", now: F.now))
        #expect(paused["data"] as? String == "KubeCapWatch service is 'stopped'!")
        #expect(paused["state"] as? String == "paused")
        let control = try object(StatusDocument.control(paused: false, changed: false))
        #expect(control["data"] as? String == "KubeCapWatch service is already running!")
    }

    @Test func alertsCarryTheirTimesAndTheNextReminder() throws {
        var snapshot = try MetricsExporterTests.cluster()
        snapshot.reminderCount = 3
        snapshot.interval = 60
        let figures = AlertFigures(value: 3650, allocatable: 4000, percent: 91.254, threshold: 80, resource: .cpu)
        snapshot.alerts = [
            TrackedAlert(key: AlertKey(cluster: "test", object: .node("node-a"), measure: .cpuRequests),
                         firingSince: F.now.addingTimeInterval(-300), breachedScans: 5, figures: figures,
                         lastNotified: F.now.addingTimeInterval(-60)),
            TrackedAlert(key: AlertKey(cluster: "test", object: .notifier("slack"), measure: .notifierFailing),
                         firingSince: F.now, detail: "notifier slack is failing: 404"),
        ]
        let alerts = try #require(try object(AlertsDocument.render(snapshot, now: F.now))["alerts"] as? [[String: Any]])
        let node = try #require(alerts.first)
        #expect(node["object"] as? String == "node/node-a")
        #expect(node["percent"] as? Double == 91.25)
        #expect(node["value"] as? Int == 3650)
        #expect(node["since"] as? String == "2026-11-23T09:55:00Z")
        #expect(node["lastNotified"] as? String == "2026-11-23T09:59:00Z")
        // Breach scan 5 of a reminder every 3rd: the next REMINDER is breach scan 7, two intervals after the last scan.
        #expect(node["nextReminderInScans"] as? Int == 2)
        #expect(node["nextReminder"] as? String == "2026-11-23T10:02:00Z")
        let notifier = try #require(alerts.last)
        #expect(notifier["nextReminderInScans"] is NSNull, "notifier_failing is never reminded of")
        #expect(notifier["value"] is NSNull)
        #expect(notifier["detail"] as? String == "notifier slack is failing: 404")
    }

    @Test func readinessSaysWhyNot() throws {
        var snapshot = try MetricsExporterTests.cluster()
        #expect(snapshot.notReadyReason == nil)
        snapshot.scans.record(ScanOutcome(succeeded: false, failure: "connection refused", nodes: 0, pods: 0, duration: .zero,
                                          notification: AlertNotification(cluster: "test", createdAt: F.now), openAlerts: 0),
                              at: F.now)
        #expect(snapshot.notReadyReason == "the cluster is unreachable: the last scan failed: connection refused")
        snapshot.capacity = nil
        snapshot.scans = ScanStatus()
        #expect(snapshot.notReadyReason == "no scan has completed yet")
    }
}
