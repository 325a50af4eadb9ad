import Foundation
import Testing
@testable import Alerting

/// When an open alert was last told of, and how many scans until its next reminder (the HTTP API's
/// `lastNotified` and `nextReminder`).
@Suite struct AlertNotificationTimesTests {
    typealias F = Fixture

    private func open(_ harness: ScanHarness, _ measure: Measure = .cpuRequests,
                      _ object: AlertObject = .node("n1")) throws -> TrackedAlert {
        try #require(harness.tracker.state.open[F.key(object, measure)])
    }

    @Test func lastNotifiedFollowsFiringAndReminders() throws {
        var harness = ScanHarness(reminderCount: 3)
        try harness.run([.cpu(900)])
        #expect(try open(harness).lastNotified == F.time(ofScan: 1))
        try harness.run([.cpu(900), .cpu(900)])                     // breach scans 2 and 3: quiet
        #expect(try open(harness).lastNotified == F.time(ofScan: 1))
        try harness.run([.cpu(900)])                                // breach scan 4: REMINDER #1
        #expect(try open(harness).lastNotified == F.time(ofScan: 4))
        #expect(harness.log.last == "4 REMINDER #1 node/n1 cpu_requests")
        try harness.run([.fail("timeout")])                         // a failed scan changes nothing
        #expect(try open(harness).lastNotified == F.time(ofScan: 4))
    }

    @Test func unreachableAlertIsStampedLikeTheOthers() throws {
        var harness = ScanHarness(reminderCount: 2, unreachableAfter: 2)
        try harness.run([.cpu(500), .fail("refused"), .fail("refused")])
        let unreachable = try open(harness, .clusterUnreachable, .cluster)
        #expect(unreachable.lastNotified == F.time(ofScan: 3))
        try harness.run([.fail("refused"), .fail("refused")])       // failing scans 2 and 3 of the alert: reminder at 3
        #expect(try open(harness, .clusterUnreachable, .cluster).lastNotified == F.time(ofScan: 5))
    }

    @Test(arguments: [(3, 1, 3), (3, 2, 2), (3, 3, 1), (3, 4, 3), (1, 1, 1), (1, 7, 1), (2, 5, 2), (2, 6, 1)])
    func scansUntilTheNextReminder(reminderCount: Int, breachedScans: Int, expected: Int) {
        let tracker = AlertTracker(cluster: F.cluster, reminderCount: reminderCount, unreachableAfter: 3)
        #expect(tracker.scansUntilReminder(after: breachedScans) == expected)
        // The scan that many breaches on is indeed a reminder, and none before it is.
        #expect(tracker.reminderNumber(breachedScans + expected) != nil)
        for earlier in breachedScans + 1 ..< breachedScans + expected { #expect(tracker.reminderNumber(earlier) == nil) }
    }

    @Test func noRemindersWhenReminderCountIsZero() {
        #expect(AlertTracker(cluster: F.cluster, reminderCount: 0, unreachableAfter: 3).scansUntilReminder(after: 4) == nil)
    }

    @Test func stateWithoutTheStampStillLoads() throws {
        let json = #"{"key":{"cluster":"c","object":{"node":{"_0":"n1"}},"measure":"cpu_requests"},"firingSince":0,"breachedScans":2}"#
        let alert = try JSONDecoder().decode(TrackedAlert.self, from: Data(json.utf8))
        #expect(alert.lastNotified == nil)
        #expect(alert.breachedScans == 2)
    }
}
