import Foundation
import Testing
@testable import Alerting

@Suite struct AlertTrackerTests {
    typealias F = Fixture

    struct Script: Sendable, CustomTestStringConvertible {
        var name: String
        var reminderCount: Int = 3
        var unreachableAfter: Int = 3
        var steps: [ScanStep]
        var expected: [String]
        var testDescription: String { name }
    }

    /// n1's CPU requests per scan, in millicores of 1000 (so 900 is 90%); the threshold is 80%.
    static func breached(_ scans: Int, then steps: [ScanStep] = [.cpu(500)]) -> [ScanStep] {
        Array(repeating: .cpu(900), count: scans) + steps
    }

    static let scripts: [Script] = [
        Script(name: "first breach fires once", steps: [.cpu(500), .cpu(900)], expected: ["2 FIRING node/n1 cpu_requests"]),
        Script(name: "reminder_count 0 never reminds", reminderCount: 0, steps: breached(8), expected: [
            "1 FIRING node/n1 cpu_requests", "9 RESOLVED node/n1 cpu_requests",
        ]),
        Script(name: "reminder_count 1 reminds every scan", reminderCount: 1, steps: breached(4), expected: [
            "1 FIRING node/n1 cpu_requests", "2 REMINDER #1 node/n1 cpu_requests", "3 REMINDER #2 node/n1 cpu_requests",
            "4 REMINDER #3 node/n1 cpu_requests", "5 RESOLVED node/n1 cpu_requests",
        ]),
        Script(name: "reminder_count 3 reminds on breach scans 4, 7, 10", reminderCount: 3, steps: breached(10), expected: [
            "1 FIRING node/n1 cpu_requests", "4 REMINDER #1 node/n1 cpu_requests", "7 REMINDER #2 node/n1 cpu_requests",
            "10 REMINDER #3 node/n1 cpu_requests", "11 RESOLVED node/n1 cpu_requests",
        ]),
        Script(name: "exactly at the threshold is not a breach", steps: [.cpu(800), .cpu(801), .cpu(800)], expected: [
            "2 FIRING node/n1 cpu_requests", "3 RESOLVED node/n1 cpu_requests",
        ]),
        Script(name: "flapping: every re-breach is a new FIRING", reminderCount: 1,
               steps: [.cpu(900), .cpu(500), .cpu(900), .cpu(900), .cpu(500), .cpu(900)], expected: [
                   "1 FIRING node/n1 cpu_requests", "2 RESOLVED node/n1 cpu_requests",
                   "3 FIRING node/n1 cpu_requests", "4 REMINDER #1 node/n1 cpu_requests",
                   "5 RESOLVED node/n1 cpu_requests", "6 FIRING node/n1 cpu_requests",
               ]),
        Script(name: "object deleted resolves", steps: [.cpu(900), .cpu(nil), .cpu(900)], expected: [
            "1 FIRING node/n1 cpu_requests", "2 RESOLVED node/n1 cpu_requests", "3 FIRING node/n1 cpu_requests",
        ]),
        Script(name: "threshold switched off by a reload resolves",
               steps: [.cpu(900), .reload(F.rules(defaultThresholds: F.thresholds(cpuRequests: nil))), .cpu(900),
                       .reload(F.rules()), .cpu(900)],
               expected: ["1 FIRING node/n1 cpu_requests", "2 RESOLVED node/n1 cpu_requests", "3 FIRING node/n1 cpu_requests"]),
        Script(name: "report_type narrowed by a reload resolves",
               steps: [.cpu(900), .reload(F.rules(reportType: .memory)), .cpu(900)],
               expected: ["1 FIRING node/n1 cpu_requests", "2 RESOLVED node/n1 cpu_requests"]),
        Script(name: "a failed scan neither counts nor resolves", reminderCount: 2, unreachableAfter: 5,
               steps: [.cpu(900), .fail("timeout"), .cpu(900), .fail("timeout"), .cpu(900), .cpu(500)], expected: [
                   "1 FIRING node/n1 cpu_requests", "5 REMINDER #1 node/n1 cpu_requests", "6 RESOLVED node/n1 cpu_requests",
               ]),
        Script(name: "unreachable after 3 failures, reminded per reminder_count, resolved by a success",
               reminderCount: 2, unreachableAfter: 3,
               steps: [.cpu(500)] + Array(repeating: .fail("connection refused"), count: 6) + [.cpu(500), .fail("x")],
               expected: [
                   "4 FIRING cluster cluster_unreachable", "6 REMINDER #1 cluster cluster_unreachable",
                   "8 RESOLVED cluster cluster_unreachable",
               ]),
        Script(name: "fewer failures than unreachable_after raise nothing", unreachableAfter: 3,
               steps: [.fail("x"), .fail("x"), .cpu(500), .fail("x"), .fail("x"), .cpu(500)], expected: []),
        Script(name: "unreachable_after 1 fires on the first failure", reminderCount: 0, unreachableAfter: 1,
               steps: [.fail("403 Forbidden"), .fail("403 Forbidden"), .cpu(900)], expected: [
                   "1 FIRING cluster cluster_unreachable",
                   "3 FIRING node/n1 cpu_requests", "3 RESOLVED cluster cluster_unreachable",
               ]),
    ]

    @Test(arguments: scripts)
    func scanSequences(_ script: Script) throws {
        var harness = ScanHarness(reminderCount: script.reminderCount, unreachableAfter: script.unreachableAfter)
        try harness.run(script.steps)
        #expect(harness.log == script.expected)
    }

    @Test func firingCarriesTheFiguresAnOperatorNeeds() throws {
        var harness = ScanHarness()
        try harness.run([.cpu(500), .cpu(913)])
        let notification = try #require(harness.notifications.only)
        #expect(notification.cluster == F.cluster)
        #expect(notification.createdAt == F.time(ofScan: 2))
        let alert = try #require(notification.firing.only)
        #expect(alert.state == .firing)
        #expect(alert.key == F.key(.node("n1")))
        #expect(alert.firingSince == F.time(ofScan: 2))
        #expect(alert.breachedScans == 1)
        #expect(alert.reminder == 0)
        #expect(alert.figures == AlertFigures(value: 913, valueText: "913m", allocatable: 1000, allocatableText: "1000m",
                                              percent: 91.3, threshold: 80))
    }

    @Test func remindersKeepFiringSinceAndCarryCurrentFigures() throws {
        var harness = ScanHarness(reminderCount: 2)
        try harness.run([.cpu(900), .cpu(950), .cpu(990)])
        let reminder = try #require(harness.notifications.last?.reminders.only)
        #expect(reminder.firingSince == F.time(ofScan: 1))
        #expect(reminder.breachedScans == 3)
        #expect(reminder.reminder == 1)
        #expect(reminder.figures?.value == 990)
    }

    @Test func resolutionCarriesCurrentFiguresAndHowLongItFired() throws {
        var harness = ScanHarness()
        try harness.run([.cpu(900), .cpu(900), .cpu(750)])
        let notification = try #require(harness.notifications.last)
        let resolved = try #require(notification.resolved.only)
        #expect(resolved.state == .resolved)
        #expect(resolved.figures?.value == 750)
        #expect(resolved.figures?.percent == 75)
        #expect(resolved.firingSince == F.time(ofScan: 1))
        #expect(notification.createdAt.timeIntervalSince(resolved.firingSince) == 2 * F.interval)
        #expect(resolved.breachedScans == 2)
        #expect(harness.tracker.state.open.isEmpty)
    }

    @Test func deletedObjectResolvesWithoutFiguresAndQuotesTheLastOnes() throws {
        var harness = ScanHarness()
        try harness.run([.scan([F.pod("shop", "api", cpuRequests: 913, cpuAllocatable: 1000)]), .scan([])])
        let resolved = try #require(harness.notifications.last?.resolved.only)
        #expect(resolved.key == F.key(.pod(namespace: "shop", name: "api")))
        #expect(resolved.figures == nil)
        #expect(resolved.detail == "pod no longer in the cluster (deleted or finished); last seen at 91.30% > 80%"
            + " (913m of 1000m allocatable)")
    }

    @Test func measureSwitchedOffByAReloadSaysSo() throws {
        var harness = ScanHarness()
        try harness.run([.cpu(900), .reload(F.rules(defaultThresholds: F.thresholds(cpuRequests: nil))), .cpu(900)])
        let resolved = try #require(harness.notifications.last?.resolved.only)
        #expect(resolved.figures == nil)
        #expect(resolved.detail?.hasPrefix("no longer checked: the cpu_requests threshold is switched off; last seen at 90.00%") == true)
    }

    @Test func scopeNarrowedByAReloadResolvesPodAlertsAsNotChecked() throws {
        var harness = ScanHarness()
        let pod = F.pod("shop", "api", cpuRequests: 900)
        try harness.run([.scan([pod]), .reload(F.rules(scope: .node)), .scan([])])
        let resolved = try #require(harness.notifications.last?.resolved.only)
        #expect(resolved.detail?.hasPrefix("no longer checked: pods are not checked (scope = node)") == true)
    }

    @Test func oneScanIsOneGroupedNotification() throws {
        var harness = ScanHarness(reminderCount: 1)
        let nodes = (1...200).map { F.node(String(format: "n%03d", $0), cpuRequests: 900) }
        try harness.run([.scan(nodes), .scan(Array(nodes.dropFirst(50))), .scan(nodes.dropFirst(50).map {
            F.node($0.object.name, cpuRequests: 100)
        } + [F.node("fresh", cpuRequests: 900, memoryRequests: 15 * F.gi)])])
        #expect(harness.notifications.count == 3)
        #expect(harness.notifications[0].firing.count == 200)
        #expect(harness.notifications[0].firing.map(\.key) == harness.notifications[0].firing.map(\.key).sorted())
        #expect(harness.notifications[1].reminders.count == 150)
        #expect(harness.notifications[1].resolved.count == 50)
        let last = harness.notifications[2]
        #expect(last.firing.map(\.key) == [F.key(.node("fresh")), F.key(.node("fresh"), .memoryRequests)])
        #expect(last.resolved.count == 150)
        #expect(last.reminders.isEmpty)
    }

    @Test func failedScanChangesNoCapacityAlertState() throws {
        var harness = ScanHarness(reminderCount: 2, unreachableAfter: 2)
        try harness.run([.scan([F.node("n1", cpuRequests: 900), F.node("n2", memoryLimits: 15 * F.gi)])])
        let before = harness.tracker.state.open
        try harness.run([.fail("API server 500"), .fail("API server 500")])
        let after = harness.tracker.state
        #expect(after.open.filter { $0.key.measure != .clusterUnreachable } == before)
        #expect(after.consecutiveFailures == 2)
        #expect(after.failingSince == F.time(ofScan: 2))
        #expect(after.lastSuccessfulScan == F.time(ofScan: 1))
        #expect(harness.tracker.openKeys == Set(before.keys))
    }

    @Test func unreachableAlertNamesTheReasonAndWhenFailuresBegan() throws {
        var harness = ScanHarness(reminderCount: 0, unreachableAfter: 3)
        try harness.run([.cpu(500), .fail("connect timeout"), .fail("connect timeout"), .fail("403 Forbidden: nodes is forbidden")])
        let alert = try #require(harness.notifications.only?.firing.only)
        #expect(alert.key == .clusterUnreachable(F.cluster))
        #expect(alert.figures == nil)
        #expect(alert.firingSince == F.time(ofScan: 2))
        #expect(alert.detail == "403 Forbidden: nodes is forbidden (3 consecutive failed scans)")
        try harness.run(.cpu(500))
        let resolved = try #require(harness.notifications.last?.resolved.only)
        #expect(resolved.key == .clusterUnreachable(F.cluster))
        #expect(resolved.detail == "scans succeed again after 3 consecutive failures")
        #expect(harness.tracker.state.consecutiveFailures == 0)
        #expect(harness.tracker.state.failingSince == nil)
    }

    @Test func lastNotificationIsKeptForResubmissionAfterACrash() throws {
        var harness = ScanHarness()
        let firing = try #require(try harness.run(.cpu(900)))
        #expect(harness.tracker.state.lastNotification == firing)
        try harness.run(.cpu(900))
        #expect(harness.tracker.state.lastNotification == nil)
    }

    @Test func rebuildingTheSameScanGivesTheSameNotificationID() throws {
        var first = ScanHarness(), second = ScanHarness()
        try first.run([.cpu(900), .cpu(500)])
        try second.run([.cpu(900), .cpu(500)])
        #expect(first.notifications.map(\.id) == second.notifications.map(\.id))
        #expect(Set(first.notifications.map(\.id)).count == 2)
    }

    @Test(arguments: [(0, [Int?](repeating: nil, count: 8)), (1, [nil, 1, 2, 3, 4, 5, 6, 7]),
                      (3, [nil, nil, nil, 1, nil, nil, 2, nil])] as [(Int, [Int?])])
    func reminderNumbers(reminderCount: Int, expected: [Int?]) {
        let tracker = AlertTracker(cluster: F.cluster, reminderCount: reminderCount, unreachableAfter: 3)
        #expect((1...8).map(tracker.reminderNumber) == expected)
    }

    @Test func changingReminderCountOnReloadFollowsTheNewCadence() throws {
        var harness = ScanHarness(reminderCount: 5)
        try harness.run([.cpu(900), .cpu(900)])
        harness.tracker.reminderCount = 2
        try harness.run([.cpu(900), .cpu(900), .cpu(900)])
        #expect(harness.log == ["1 FIRING node/n1 cpu_requests", "3 REMINDER #1 node/n1 cpu_requests",
                                "5 REMINDER #2 node/n1 cpu_requests"])
    }

    @Test func openAlertsListsWhatIsFiring() throws {
        var harness = ScanHarness()
        try harness.run([.scan([F.node("n1", cpuRequests: 900, cpuLimits: 900)])])
        #expect(harness.tracker.openAlerts.map(\.key) == [F.key(.node("n1")), F.key(.node("n1"), .cpuLimits)])
        #expect(harness.tracker.openAlerts.allSatisfy { $0.state == .firing })
    }

    @Test func notifierFailingFiresOnceResolvesOnRecoveryAndNeverTouchesCapacityAlerts() throws {
        var harness = ScanHarness(reminderCount: 1)
        try harness.run(.cpu(900))
        let capacity = harness.tracker.state.open
        var tracker = harness.tracker
        let failing = tracker.recordNotifierFailing("slack", reason: "rejected (no_service): hooks answered 404", now: F.time(ofScan: 2))
        let alert = try #require(failing.firing.only)
        #expect(alert.key == AlertKey(cluster: F.cluster, object: .notifier("slack"), measure: .notifierFailing))
        #expect(alert.detail == "notifier slack is failing: rejected (no_service): hooks answered 404")
        #expect(alert.figures == nil)
        #expect(tracker.failingNotifiers == ["slack"])
        #expect(tracker.state.lastNotification == failing)
        // Reported again while open: nothing new.
        #expect(tracker.recordNotifierFailing("slack", reason: "again", now: F.time(ofScan: 3)).isEmpty)
        // Scans neither remind of it nor resolve it, and it is not a capacity key.
        harness.tracker = tracker
        try harness.run([.cpu(900), .cpu(500)])
        #expect(harness.tracker.failingNotifiers == ["slack"])
        #expect(!harness.tracker.openKeys.contains(alert.key))
        #expect(!harness.log.contains { $0.contains("notifier/slack") }, "\(harness.log)")
        #expect(capacity.keys.allSatisfy { !harness.tracker.state.open.keys.contains($0) })

        tracker = harness.tracker
        let resolved = tracker.recordNotifierRecovered("slack", detail: "delivers again", now: F.time(ofScan: 9))
        let gone = try #require(resolved.resolved.only)
        #expect(gone.key == alert.key && gone.state == .resolved)
        #expect(gone.detail == "notifier slack delivers again")
        #expect(gone.firingSince == F.time(ofScan: 2))
        #expect(tracker.failingNotifiers.isEmpty)
        #expect(tracker.recordNotifierRecovered("slack", detail: "delivers again", now: F.time(ofScan: 10)).isEmpty)
    }
}
