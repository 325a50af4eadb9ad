import Foundation
import Testing
import TestSupport

/// Issue 6, "Done when": with one channel down the other still delivers, and the failed notification is
/// delivered later, once, after the channel recovers, even though the service was restarted in between.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"), .timeLimit(.minutes(3)))
struct OutboxEndToEndTests {
    func output(_ run: RunningBinary) -> Comment {
        "stdout:\n\(run.standardOutput)\nstderr:\n\(run.standardError.suffix(6000))"
    }

    @Test func notificationSlackMissedIsDeliveredOnceAfterARestart() async throws {
        // No reminders: the only notification of both runs is node-a's FIRING.
        let setup = try await SlackRun.start(answer: "500", notifiers: "console, slack", changes: ["reminder_count": "0"])
        defer { setup.server.stop() }
        let slack = setup.slack, fixture = setup.fixture
        let secret = "s3cr3tT0k3n"

        // Run 1: console prints the FIRING at once while Slack answers 500 and is retried.
        let first = try fixture.start()
        defer { _ = first.wait(timeout: 0) }
        try #require(await first.waitForScans(1, matching: E2ECluster.breach.summaryCounts), output(first))
        #expect(await first.waitForConsoleLines(1), output(first))
        #expect(first.consoleLines == [RunServiceEndToEndTests.firingA], output(first))
        try #require(await first.eventually(timeout: 10) { ((try? slack.calls()) ?? []).count >= 1 }, output(first))

        // Stopped with Slack still down: the stop waits a bounded time for it (20 s), then leaves the
        // notification in the outbox.
        let signalled = Date()
        let stopped = await first.terminate(timeout: 35)
        let stopSeconds = Date().timeIntervalSince(signalled)
        #expect(stopped.exitCode == 0, output(first))
        #expect(stopSeconds < 30, "stopped \(stopSeconds)s after SIGTERM")
        let failedCalls = try slack.calls()
        #expect(!failedCalls.isEmpty && failedCalls.allSatisfy { $0.status == 500 }, "\(failedCalls.map(\.status))")
        #expect(fixture.outboxEntries("slack").count == 1, "\(fixture.outboxEntries("slack"))")
        #expect(fixture.outboxEntries("console").isEmpty, "\(fixture.outboxEntries("console"))")
        #expect(first.standardError.contains("retrying"), output(first))

        // Run 2, Slack back: the FIRING arrives exactly once; console does not print it again.
        try slack.script([], default: "ok")
        let second = try fixture.start()
        defer { _ = second.wait(timeout: 0) }
        try #require(await second.eventually(timeout: 15) {
            ((try? slack.calls()) ?? []).dropFirst(failedCalls.count).contains { $0.status == 200 }
        }, output(second))
        // A few more scans (the cluster is still breached) bring nothing new.
        let scans = second.summaries.count
        try #require(await second.waitForScans(2, after: scans), output(second))
        let result = await second.terminate()
        #expect(result.exitCode == 0, output(second))
        #expect(second.consoleLines == [], output(second))
        let newCalls = Array(try slack.calls().dropFirst(failedCalls.count))
        try #require(newCalls.count == 1, "\(newCalls.map(\.status))")
        #expect(newCalls[0].status == 200)
        #expect(newCalls[0].body.contains("node-a") && newCalls[0].body.contains("cpu_requests"), "\(newCalls[0].body)")
        #expect(newCalls[0].body.contains("FIRING"), "\(newCalls[0].body)")
        #expect(fixture.outboxEntries("slack").isEmpty, "\(fixture.outboxEntries("slack"))")

        for run in [first, second] {
            #expect(!run.standardOutput.contains(secret) && !run.standardError.contains(secret), "webhook secret printed")
        }
    }
}
