import Foundation
import Testing
import TestSupport

/// Two `run` processes on one `[state] path` would both send every alert: the second one refuses to start,
/// naming the state path and the holder's pid (exit 1), while the first goes on alerting; the lock dies with its
/// holder, even under SIGKILL. `check-config` never takes it.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"), .serialized, .timeLimit(.minutes(3)))
struct StateLockEndToEndTests {
    @Test func secondServiceOnTheSameStateRefusesAndTheFirstKeepsAlerting() async throws {
        let breach = E2ECluster.breach
        let (server, fixture) = try await WatcherFixture.watching(breach)
        defer { server.stop() }
        let first = try fixture.start()
        defer { _ = first.wait(timeout: 0) }
        try #require(await first.waitForScans(1, matching: breach.summaryCounts), first.transcript)
        try #require(await first.waitForConsoleLines(1), first.transcript)

        let refusal = "error: the alert state \(fixture.statePath) is in use by another kubecapwatch process "
            + "(pid \(first.process.processIdentifier)); only one `run` may use a state path at a time"
        for arguments in [[], ["--once"]] {
            let second = try fixture.start(arguments)
            let result = await second.exit(timeout: 30)
            #expect(result.exitCode == 1, second.transcript)
            #expect(result.standardError.hasPrefix(refusal), second.transcript)
            #expect(result.standardOutput.isEmpty, "the second process sent nothing: \(result.standardOutput)")
        }
        #expect(try BuiltBinary.run(["check-config", "--config", fixture.configPath],
                                    environment: WatcherFixture.environment()).exitCode == 0)

        // The first one is unaffected: breach scan 3 brings its REMINDER (reminder_count 2).
        try #require(await first.waitForConsoleLines(2, timeout: 20), first.transcript)
        #expect(first.consoleLines.prefix(2) == [
            RunServiceEndToEndTests.firingA, RunServiceEndToEndTests.reminderA(1),
        ], first.transcript)

        // Killed outright, it leaves no stale lock: the next run starts and finds the alert already firing.
        first.signal(SIGKILL)
        _ = await first.exit(timeout: 10)
        let next = try fixture.start(["--once"])
        let result = await next.exit(timeout: 30)
        #expect(result.exitCode == 0, next.transcript)
        #expect(!result.standardError.contains("in use by"), next.transcript)
        #expect(result.standardError.contains("1 alerts open from the previous run"), next.transcript)
    }
}
