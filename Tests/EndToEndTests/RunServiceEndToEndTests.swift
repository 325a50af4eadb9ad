import Foundation
import Testing
import TestSupport

/// `kubecapwatch run` as systemd runs it, against the HTTPS test API server whose cluster the tests change
/// between scans: the exact console notifications (DESIGN.md 4.5), restarts, reloads, stops and API faults.
///
/// Scans are a second apart; the tests synchronise on the per-scan summary lines on stderr. Each cluster state
/// has its own node/pod count, so a summary line says which state its scan saw, and a scan that still saw the
/// previous state (a late snapshot change) is not counted for the new one.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"), .serialized, .timeLimit(.minutes(3)))
struct RunServiceEndToEndTests {
    // The console lines of DESIGN.md 4.5 / issue 6 for node-a's CPU requests (durations blanked).
    static let firingA = "FIRING node/node-a cpu_requests 90.00% > 80% (3600m of 4000m allocatable) cluster=e2e for _"
    static func reminderA(_ number: Int) -> String {
        "REMINDER node/node-a cpu_requests 90.00% > 80% (3600m of 4000m allocatable) cluster=e2e for _ reminder=\(number)"
    }
    static let resolvedA = "RESOLVED node/node-a cpu_requests 12.50% <= 80% (500m of 4000m allocatable) cluster=e2e after _"

    let calm = E2ECluster.calm
    let breach = E2ECluster.breach

    /// What the run printed, for failure messages.
    func output(_ run: RunningBinary) -> Comment {
        "stdout:\n\(run.standardOutput)\nstderr:\n\(run.standardError.suffix(6000))"
    }

    @Test func exactSequenceOfConsoleNotificationsAsTheClusterChanges() async throws {
        let server = try await TestAPIServer.start(snapshot: calm.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath))
        let run = try fixture.start()
        defer { _ = run.wait(timeout: 0) }

        // Calm: nothing to say.
        try #require(await run.waitForScans(1, matching: calm.summaryCounts), output(run))
        // node-a goes to 90 % for five scans: FIRING on the first, REMINDER on the 3rd and 5th (reminder_count 2).
        var mark = run.summaries.count
        try await server.replaceSnapshot(breach.json)
        try #require(await run.waitForScans(5, matching: breach.summaryCounts, after: mark, timeout: 20), output(run))
        // Back to calm: RESOLVED with the current figures; a second calm scan says nothing.
        mark = run.summaries.count
        try await server.replaceSnapshot(calm.json)
        try #require(await run.waitForScans(2, matching: calm.summaryCounts, after: mark), output(run))
        // Flapping: a new breach is a new FIRING.
        mark = run.summaries.count
        try await server.replaceSnapshot(breach.json)
        try #require(await run.waitForScans(1, matching: breach.summaryCounts, after: mark), output(run))
        // node-a is drained and deleted while firing: RESOLVED, saying the node is gone.
        mark = run.summaries.count
        let deleted = E2ECluster.nodeADeleted
        try await server.replaceSnapshot(deleted.json)
        try #require(await run.waitForScans(2, matching: deleted.summaryCounts, after: mark), output(run))
        #expect(await run.waitForConsoleLines(6), output(run))

        let result = await run.terminate()
        #expect(result.exitCode == 0, output(run))
        #expect(run.consoleLines == [
            Self.firingA,
            Self.reminderA(1),
            Self.reminderA(2),
            Self.resolvedA,
            Self.firingA,
            "RESOLVED node/node-a cpu_requests cluster=e2e after _: node no longer in the cluster (deleted or finished);"
                + " last seen at 90.00% > 80% (3600m of 4000m allocatable)",
        ], output(run))
        let summaries = run.summaries
        #expect(summaries.allSatisfy { $0.hasPrefix("scan ok: ") }, output(run))
        #expect(summaries.filter { $0.contains("; 1 firing, 0 reminders, 0 resolved; 1 open") }.count == 2, output(run))
        #expect(summaries.filter { $0.contains("; 0 firing, 1 reminders, 0 resolved; 1 open") }.count == 2, output(run))
        #expect(summaries.filter { $0.contains("; 0 firing, 0 reminders, 1 resolved; 0 open") }.count == 2, output(run))
        #expect(summaries.last?.hasSuffix("; 0 firing, 0 reminders, 0 resolved; 0 open") == true, output(run))
        #expect(try fixture.openAlertsInState() == [])
    }

    @Test func restartWhileFiringNeitherRepeatsTheFiringNorForgetsToResolve() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath))

        // First run: the breach fires, then the service is stopped (as by `systemctl restart`).
        let first = try fixture.start()
        defer { _ = first.wait(timeout: 0) }
        try #require(await first.waitForScans(1, matching: breach.summaryCounts), output(first))
        try #require(await first.waitForConsoleLines(1), output(first))
        let firstResult = await first.terminate()
        #expect(firstResult.exitCode == 0, output(first))
        #expect(first.consoleLines == [Self.firingA], output(first))
        #expect(try fixture.openAlertsInState() == ["node/node-a cpu_requests"])
        let breachScansBefore = first.summaries.count

        // Second run, same state, still breached: no second FIRING; the reminder cadence goes on from the
        // saved count, so breach scan 3 is the first REMINDER.
        let second = try fixture.start()
        defer { _ = second.wait(timeout: 0) }
        try #require(await second.waitForScans(max(1, 3 - breachScansBefore), matching: breach.summaryCounts),
                     output(second))
        #expect(await second.waitForConsoleLines(1), output(second))
        #expect(await second.terminate().exitCode == 0, output(second))
        #expect(second.standardError.contains("1 alerts open from the previous run"), output(second))
        #expect(!second.standardError.contains("alert state:"), "the saved state loads without a warning")
        #expect(second.consoleLines == [Self.reminderA(1)], output(second))
        #expect(!second.standardOutput.contains(" for 0s "), "the reminder counts from the first FIRING: \(second.standardOutput)")

        // The load drops while the service is down: the third run resolves it on its first scan.
        try await server.replaceSnapshot(calm.json)
        let third = try fixture.start()
        defer { _ = third.wait(timeout: 0) }
        try #require(await third.waitForScans(2, matching: calm.summaryCounts), output(third))
        #expect(await third.waitForConsoleLines(1), output(third))
        #expect(await third.terminate().exitCode == 0, output(third))
        #expect(third.consoleLines == [Self.resolvedA], output(third))
        #expect(third.summaries.first?.contains("; 0 firing, 0 reminders, 1 resolved; 0 open") == true, output(third))
        #expect(try fixture.openAlertsInState() == [])
    }

    @Test func sighupAppliesAGoodConfigAndRefusesABadOneKeepingTheOld() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        // No reminders here, so "alerts unchanged" means "nothing printed".
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath, changes: ["reminder_count": "0"]))
        let run = try fixture.start()
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1, matching: breach.summaryCounts), output(run))
        try #require(await run.waitForConsoleLines(1), output(run))

        // A bad config that would also resolve the alert if it were (partly) applied: refused, named by
        // file:line:key, the old config stays in force, the process lives on, the alert stays open.
        let thresholdLine = 1 + 1 + WatcherFixture.general.firstIndex { $0.key == "mem_limit_threshold" }!
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath, changes: [
            "reminder_count": "0", "cpu_request_threshold": "95", "mem_limit_threshold": "9O",
        ]))
        run.signal(SIGHUP)
        try #require(await run.eventually(timeout: 10) { run.standardError.contains("configuration not reloaded") },
                     output(run))
        #expect(run.standardError.contains(
            "reload refused: \(fixture.configPath):\(thresholdLine): mem_limit_threshold: expected a number"), output(run))
        var mark = run.summaries.count
        try #require(await run.waitForScans(2, after: mark), output(run))
        #expect(run.process.isRunning)
        #expect(run.consoleLines == [Self.firingA], output(run))
        #expect(run.summaries.dropFirst(mark).allSatisfy { $0.hasSuffix("; 0 firing, 0 reminders, 0 resolved; 1 open") },
                output(run))

        // The same change without the typo: applied, and the next scan resolves against the new threshold.
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath, changes: [
            "reminder_count": "0", "cpu_request_threshold": "95",
        ]))
        mark = run.summaries.count
        run.signal(SIGHUP)
        try #require(await run.eventually(timeout: 10) { run.standardError.contains("configuration reloaded from") },
                     output(run))
        try #require(await run.waitForScans(2, after: mark), output(run))
        #expect(await run.waitForConsoleLines(2), output(run))
        #expect(run.process.isRunning)
        let result = await run.terminate()
        #expect(result.exitCode == 0, output(run))
        #expect(run.consoleLines == [
            Self.firingA,
            "RESOLVED node/node-a cpu_requests 90.00% <= 95% (3600m of 4000m allocatable) cluster=e2e after _",
        ], output(run))
        #expect(try fixture.openAlertsInState() == [])
    }

    @Test func sighupDuringAScanIsAppliedAfterThatScan() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath, changes: ["reminder_count": "0"]))
        let run = try fixture.start()
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1, matching: breach.summaryCounts), output(run))

        // A reload arrives while a scan waits 3 s for its pod list: that scan finishes under the old
        // threshold (nothing resolves half-way), the new one applies from the next scan on.
        let seen = try await server.requests().last?.seq ?? 0
        try await server.addFault(.delay(3, pathPrefix: "/api/v1/pods", count: 1))
        try #require(try await server.waitForScanInFlight(since: seen), output(run))
        let scans = run.summaries.count
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath, changes: [
            "reminder_count": "0", "cpu_request_threshold": "95",
        ]))
        run.signal(SIGHUP)
        try #require(await run.waitForScans(2, after: scans, timeout: 15), output(run))
        #expect(await run.waitForConsoleLines(2), output(run))
        #expect(await run.terminate().exitCode == 0, output(run))

        let slowScan = run.summaries[scans]
        #expect(slowScan.contains(" in 3.") && slowScan.hasSuffix("; 0 firing, 0 reminders, 0 resolved; 1 open"), output(run))
        let log = run.standardError
        let slowScanEnd = try #require(log.range(of: slowScan)).upperBound
        let reloaded = try #require(log.range(of: "configuration reloaded from"), output(run))
        #expect(slowScanEnd <= reloaded.lowerBound, "the reload waited for the scan in progress: \(log)")
        #expect(run.summaries[scans + 1].hasSuffix("; 0 firing, 0 reminders, 1 resolved; 0 open"), output(run))
        #expect(run.consoleLines == [
            Self.firingA,
            "RESOLVED node/node-a cpu_requests 90.00% <= 95% (3600m of 4000m allocatable) cluster=e2e after _",
        ], output(run))
    }

    @Test func sigtermDuringAScanFinishesItDeliversAndSavesState() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath))
        let run = try fixture.start()
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1, matching: breach.summaryCounts), output(run))
        try #require(await run.waitForConsoleLines(1), output(run))

        // The next scan sees the load gone, but its pod list takes 3 s to arrive.
        let seen = try await server.requests().last?.seq ?? 0
        try await server.addFault(.delay(3, pathPrefix: "/api/v1/pods", count: 1))
        try await server.replaceSnapshot(calm.json)
        try #require(try await server.waitForScanInFlight(since: seen), output(run))
        let scansBeforeSignal = run.summaries.count
        let signalled = Date()
        run.signal(SIGTERM)
        let result = await run.exit(timeout: 20)
        let stopSeconds = Date().timeIntervalSince(signalled)

        #expect(result.exitCode == 0, output(run))
        #expect(stopSeconds < 12, "stopped \(stopSeconds)s after SIGTERM")
        // The scan in progress was finished, not abandoned: its summary, its RESOLVED, its saved state.
        #expect(run.summaries.count == scansBeforeSignal + 1, output(run))
        #expect(run.summaries.last?.contains("\(calm.summaryCounts) in ") == true, output(run))
        #expect(run.summaries.last?.hasSuffix("; 0 firing, 0 reminders, 1 resolved; 0 open") == true, output(run))
        #expect(run.consoleLines == [Self.firingA, Self.resolvedA], output(run))
        #expect(run.standardError.contains("stopped"), output(run))
        #expect(try fixture.openAlertsInState() == [])
        let slow = try await server.requests(since: seen).filter { $0.path == "/api/v1/pods" }
        #expect(slow.count == 1 && slow.first?.status == 200 && slow.first?.fault != nil, "\(slow)")
    }

    @Test func unreachableClusterFiresAfterFailedScansAndResolvesOnRecovery() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath))  // unreachable_after = 2
        let run = try fixture.start()
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1, matching: breach.summaryCounts), output(run))
        try #require(await run.waitForConsoleLines(1), output(run))

        // Exactly two scans' worth of 500s (each scan tries its first request 5 times), and meanwhile the
        // load drops: failed scans must not resolve node-a's alert.
        try await server.addFault(.status(500, pathPrefix: "/api/v1/", count: 10))
        try await server.replaceSnapshot(calm.json)
        try #require(await run.waitForScans(2, matching: "scan failed in ", timeout: 40), output(run))
        try #require(await run.waitForScans(1, matching: calm.summaryCounts, timeout: 15), output(run))
        #expect(await run.waitForConsoleLines(4), output(run))
        let result = await run.terminate()
        #expect(result.exitCode == 0, output(run))

        let reason = "https://127.0.0.1:\(server.port)/api/v1/nodes answered 500 Internal Server Error after 5 attempts"
        let failed = run.summaries.filter { $0.hasPrefix("scan failed in ") }
        #expect(failed.count == 2, output(run))
        #expect(failed.allSatisfy { $0.contains(reason) }, output(run))
        #expect(failed.first?.hasSuffix("; 0 firing, 0 reminders, 0 resolved; 1 open") == true, output(run))
        #expect(failed.last?.hasSuffix("; 1 firing, 0 reminders, 0 resolved; 2 open") == true, output(run))
        let lines = run.consoleLines
        try #require(lines.count == 4, output(run))
        #expect(lines[0] == Self.firingA)
        #expect(lines[1].hasPrefix("FIRING cluster cluster_unreachable cluster=e2e for _: \(reason)"), "\(lines[1])")
        #expect(lines[1].hasSuffix("(2 consecutive failed scans)"), "\(lines[1])")
        // Recovery: one scan resolves the watcher's own alert and, with current figures, node-a's.
        #expect(lines[2] == "RESOLVED cluster cluster_unreachable cluster=e2e after _: scans succeed again after 2 consecutive failures")
        #expect(lines[3] == Self.resolvedA)
        #expect(try fixture.openAlertsInState() == [])
    }

    @Test func onceExitsZeroAfterAGoodScanAndDeliversItsNotification() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath))
        let run = try fixture.start(["--once"])
        let result = await run.exit(timeout: 30)
        #expect(result.exitCode == 0, output(run))
        #expect(run.consoleLines == [Self.firingA], output(run))
        #expect(run.summaries.count == 1 && run.summaries[0].hasPrefix("scan ok: \(breach.summaryCounts) in "), output(run))
        #expect(try fixture.openAlertsInState() == ["node/node-a cpu_requests"])

        // The next one-off run, with the state of the first: nothing new to say.
        let again = try fixture.start(["--once"])
        #expect(await again.exit(timeout: 30).exitCode == 0, output(again))
        #expect(again.consoleLines == [], output(again))
    }

    @Test func notificationLostByACrashBeforeItWasQueuedIsSentAtTheNextStart() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath))
        let first = try fixture.start(["--once"])
        #expect(await first.exit(timeout: 30).exitCode == 0, output(first))
        #expect(first.consoleLines == [Self.firingA], output(first))

        // As if the process had died after saving the alert state but before queueing the notification:
        // the state says FIRING, the outbox (and its record of deliveries) knows nothing of it.
        try FileManager.default.removeItem(atPath: fixture.outboxPath)
        let second = try fixture.start(["--once"])
        #expect(await second.exit(timeout: 30).exitCode == 0, output(second))
        #expect(second.consoleLines == [Self.firingA], output(second))
        #expect(second.summaries.count == 1 && second.summaries[0].hasSuffix("; 0 firing, 0 reminders, 0 resolved; 1 open"),
                output(second))
    }

    @Test func sigintStopsGracefullyLikeSigterm() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath))
        let run = try fixture.start()
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1, matching: breach.summaryCounts), output(run))
        #expect(await run.waitForConsoleLines(1), output(run))
        run.signal(SIGINT)
        let result = await run.exit(timeout: 20)
        #expect(result.exitCode == 0, output(run))
        #expect(run.standardError.contains("stopped"), output(run))
        #expect(run.consoleLines == [Self.firingA], output(run))
        #expect(try fixture.openAlertsInState() == ["node/node-a cpu_requests"])
    }

    @Test func onceExitsOneWhenTheClusterIsUnreachable() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        // The server's kubeconfig (CA and credentials inline), pointed at a port where nothing listens.
        let kubeconfig = try String(contentsOfFile: server.embeddedKubeconfigPath, encoding: .utf8)
            .replacingOccurrences(of: "https://127.0.0.1:\(server.port)", with: "https://127.0.0.1:1")
        let path = try fixture.writeFile("refused.kubeconfig", kubeconfig)
        try fixture.writeConfig(fixture.configText(kubeconfig: path, changes: ["unreachable_after": "1"]))
        let run = try fixture.start(["--once"])
        let result = await run.exit(timeout: 35)
        #expect(result.exitCode == 1, output(run))
        let failed = run.summaries.filter { $0.hasPrefix("scan failed in ") }
        #expect(failed.count == 1 && failed[0].contains("https://127.0.0.1:1") && failed[0].contains("connection refused"),
                output(run))
        #expect(run.consoleLines.count == 1, output(run))
        #expect(run.consoleLines.first?.hasPrefix("FIRING cluster cluster_unreachable cluster=e2e for _: ") == true, output(run))
        #expect(run.consoleLines.first?.contains("connection refused") == true, output(run))
    }

    /// Pod scope with a namespace policy: each pod is a share of its node's 4000m, [general] alerts above 5 %,
    /// `[policy shop]` above 50 % for the shop namespace. ops/monitor (250m, 6.25 %) breaches the general
    /// threshold, shop/batch (3100m, 77.50 %) the shop one; shop/db (25 %) and shop/api (12.50 %) are over 5 %
    /// but under their policy's 50 %, and node-a's 90 % is not looked at.
    @Test func podScopeAlertsPerPodUnderTheMostSpecificPolicy() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        try fixture.writeConfig(fixture.configText(
            kubeconfig: server.kubeconfigPath, changes: ["scope": "pod", "cpu_request_threshold": "5"],
            extra: "[policy shop]\nnamespaces = shop\ncpu_request_threshold = 50\n"))
        let run = try fixture.start(["--once"])
        let result = await run.exit(timeout: 30)
        #expect(result.exitCode == 0, output(run))
        #expect(run.consoleLines.sorted() == [
            "FIRING pod/ops/monitor cpu_requests 6.25% > 5% (250m of 4000m allocatable) cluster=e2e for _",
            "FIRING pod/shop/batch cpu_requests 77.50% > 50% (3100m of 4000m allocatable) cluster=e2e for _: policy shop",
        ], output(run))
        #expect(try fixture.openAlertsInState() == ["pod/ops/monitor cpu_requests", "pod/shop/batch cpu_requests"])
    }

    @Test(arguments: [["--once"], []])
    func badConfigExitsSeventyEightNamingFileLineAndKey(_ arguments: [String]) async throws {
        let fixture = try WatcherFixture()
        try fixture.writeConfig(fixture.configText(kubeconfig: "/nonexistent/kubeconfig",
                                                   changes: ["cpu_limit_threshold": "9O", "intervall": "5s"]))
        let run = try fixture.start(arguments)
        let result = await run.exit(timeout: 20)
        #expect(result.exitCode == 78, output(run))
        #expect(result.standardOutput.isEmpty)
        let line = 1 + 1 + WatcherFixture.general.firstIndex { $0.key == "cpu_limit_threshold" }!
        let lines = result.standardError.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(fixture.configPath):\(line): cpu_limit_threshold: expected a number") },
                output(run))
        #expect(lines.contains { $0.hasPrefix("\(fixture.configPath):\(WatcherFixture.general.count + 2): intervall: unknown key") },
                output(run))
        #expect(!FileManager.default.fileExists(atPath: fixture.statePath))
    }
}
