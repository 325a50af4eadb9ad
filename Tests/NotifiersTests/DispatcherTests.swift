import Alerting
import Foundation
import Notifiers
import Persistence
import Testing

@Suite struct DispatcherTests {
    private func configuration(_ folder: TemporaryFolder?, maxAge: Duration = .seconds(3600),
                               timeout: Duration = .seconds(5)) -> Dispatcher.Configuration {
        Dispatcher.Configuration(outbox: folder.map { FileOutboxStore(directory: $0.url) }, outboxMaxAge: maxAge, attemptTimeout: timeout,
                                 backoff: DeliveryBackoff(initialDelay: .seconds(2), maximumDelay: .seconds(30), jitter: 0))
    }

    @Test func fansOutToEveryNotifier() async {
        let a = ScriptedNotifier("a"), b = ScriptedNotifier("b")
        let dispatcher = Dispatcher(notifiers: [a, b], configuration: configuration(nil), environment: VirtualClock().environment)
        await dispatcher.submit(Fixtures.mixed)
        await dispatcher.waitUntilIdle()
        #expect(a.calls == [Fixtures.mixed.id])
        #expect(b.calls == [Fixtures.mixed.id])
        #expect(await dispatcher.pendingCounts() == ["a": 0, "b": 0])
    }

    @Test func transientFailuresAreRetriedWithCappedExponentialBackoff() async {
        let clock = VirtualClock()
        let flaky = ScriptedNotifier("flaky", script: Array(repeating: .fail(.connection), count: 6))
        let dispatcher = Dispatcher(notifiers: [flaky], configuration: configuration(nil), environment: clock.environment)
        await dispatcher.submit(Fixtures.mixed)
        await dispatcher.waitUntilIdle()
        #expect(flaky.calls.count == 7)
        #expect(clock.sleeps == [.seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30), .seconds(30)])
    }

    @Test func jitterSpreadsTheDelay() {
        let policy = DeliveryBackoff(initialDelay: .seconds(10), maximumDelay: .seconds(100), multiplier: 2, jitter: 0.2)
        #expect(policy.delay(afterFailures: 1, random: 0) == .seconds(8))
        #expect(policy.delay(afterFailures: 1, random: 1) == .seconds(12))
        #expect(policy.delay(afterFailures: 10, random: 1) == .seconds(100))
    }

    @Test func retryAfterIsHonoured() async {
        let clock = VirtualClock()
        let limited = ScriptedNotifier("slack", script: [.fail(.rateLimited(retryAfter: .seconds(17)))])
        let dispatcher = Dispatcher(notifiers: [limited], configuration: configuration(nil), environment: clock.environment)
        await dispatcher.submit(Fixtures.mixed)
        await dispatcher.waitUntilIdle()
        #expect(limited.calls.count == 2)
        #expect(clock.sleeps == [.seconds(17)])
    }

    @Test func permanentErrorIsNotRetriedUntilTheNextStart() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let broken = ScriptedNotifier("slack", then: .fail(.rejected("no_service")))
        let first = Dispatcher(notifiers: [broken], configuration: configuration(folder), environment: VirtualClock().environment)
        await first.submit(Fixtures.mixed)
        await first.waitUntilIdle()
        #expect(broken.calls.count == 1)
        #expect(await first.pendingCounts() == ["slack": 1])
        #expect(folder.files("slack").count == 1)
        await first.stop()

        // The operator fixes the webhook and restarts: the parked notification gets its chance.
        let fixed = ScriptedNotifier("slack")
        let second = Dispatcher(notifiers: [fixed], configuration: configuration(folder), environment: VirtualClock().environment)
        await second.start()
        await second.waitUntilIdle()
        #expect(fixed.calls == [Fixtures.mixed.id])
        #expect(folder.files("slack").isEmpty)
    }

    @Test func aHangingNotifierDoesNotDelayTheOthers() async {
        let stuck = ScriptedNotifier("stuck", then: .hang)
        let healthy = ScriptedNotifier("healthy")
        let dispatcher = Dispatcher(notifiers: [stuck, healthy], configuration: configuration(nil, timeout: .seconds(5)),
                                    environment: VirtualClock().environment)
        await dispatcher.submit(Fixtures.mixed)
        await dispatcher.submit(Fixtures.single("node-z"))
        // Both notifications reach the healthy notifier while the stuck one still hangs on the first.
        #expect(await eventually { healthy.calls.count == 2 })
        #expect(stuck.calls == [Fixtures.mixed.id])
        #expect(await dispatcher.pendingCounts()["stuck"] == 2)
        await dispatcher.stop() // waits for the stuck attempt's 5 s timeout
        #expect(await dispatcher.pendingCounts()["stuck"] == 2)
    }

    @Test func aHungAttemptTimesOutAndIsRetried() async {
        let stuck = ScriptedNotifier("stuck", script: [.hang])
        let dispatcher = Dispatcher(notifiers: [stuck], configuration: configuration(nil, timeout: .milliseconds(200)),
                                    environment: VirtualClock().environment)
        await dispatcher.submit(Fixtures.mixed)
        await dispatcher.waitUntilIdle()
        #expect(stuck.calls.count == 2)
        #expect(await dispatcher.pendingCounts() == ["stuck": 0])
    }

    @Test func undeliveredNotificationsSurviveARestartAndAreDeliveredOnce() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let down = ScriptedNotifier("slack", then: .fail(.serverError(503)))
        let console = ScriptedNotifier("console")
        let first = Dispatcher(notifiers: [console, down], configuration: configuration(folder), environment: VirtualClock().environment)
        let older = Fixtures.single("node-a", at: Fixtures.scanTime)
        let newer = Fixtures.single("node-b", at: Fixtures.scanTime.addingTimeInterval(60))
        await first.submit(older)
        await first.submit(newer)
        #expect(await eventually { down.calls.count >= 3 })
        await first.stop()
        #expect(console.calls == [older.id, newer.id])
        #expect(folder.files("slack").count == 2)
        #expect(folder.files("console").isEmpty)

        let up = ScriptedNotifier("slack")
        let console2 = ScriptedNotifier("console")
        let second = Dispatcher(notifiers: [console2, up], configuration: configuration(folder), environment: VirtualClock().environment)
        await second.start()
        await second.submit(older) // a resubmission after the restart changes nothing
        await second.waitUntilIdle()
        #expect(up.calls == [older.id, newer.id])
        #expect(console2.calls.isEmpty)
        #expect(folder.files("slack").isEmpty)
    }

    @Test func aFileLeftBehindByACrashAfterDeliveryIsNotSentAgain() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let slackFolder = folder.url.appendingPathComponent("slack")
        let down = ScriptedNotifier("slack", then: .fail(.connection))
        let first = Dispatcher(notifiers: [down], configuration: configuration(folder), environment: VirtualClock().environment)
        await first.submit(Fixtures.mixed)
        #expect(await eventually { down.calls.count >= 1 })
        await first.stop()
        let name = try #require(folder.files("slack").first)
        let saved = try Data(contentsOf: slackFolder.appendingPathComponent(name))

        let up = ScriptedNotifier("slack")
        let second = Dispatcher(notifiers: [up], configuration: configuration(folder), environment: VirtualClock().environment)
        await second.start()
        await second.waitUntilIdle()
        #expect(up.calls == [Fixtures.mixed.id])

        // As if the process died after sending but before removing the file.
        try saved.write(to: slackFolder.appendingPathComponent(name))
        let again = ScriptedNotifier("slack")
        let third = Dispatcher(notifiers: [again], configuration: configuration(folder), environment: VirtualClock().environment)
        await third.start()
        await third.waitUntilIdle()
        #expect(again.calls.isEmpty)
        #expect(folder.files("slack").isEmpty)
    }

    @Test func staleNotificationsAreDroppedUnsent() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let clock = VirtualClock()
        let down = ScriptedNotifier("slack", then: .fail(.connection))
        let first = Dispatcher(notifiers: [down], configuration: configuration(folder), environment: clock.environment)
        await first.submit(Fixtures.mixed)
        #expect(await eventually { down.calls.count >= 1 })
        await first.stop()
        #expect(folder.files("slack").count == 1)

        clock.advance(by: 2 * 3600)
        let up = ScriptedNotifier("slack")
        let second = Dispatcher(notifiers: [up], configuration: configuration(folder, maxAge: .seconds(3600)),
                                environment: clock.environment)
        await second.start()
        await second.waitUntilIdle()
        #expect(up.calls.isEmpty)
        #expect(folder.files("slack").isEmpty)
    }

    @Test func pacingSpacesSendsToOneNotifier() async {
        let clock = VirtualClock()
        let paced = ScriptedNotifier("slack", minimumInterval: .seconds(1))
        let dispatcher = Dispatcher(notifiers: [paced], configuration: configuration(nil), environment: clock.environment)
        for minute in 0..<3 { await dispatcher.submit(Fixtures.single("node-\(minute)")) }
        await dispatcher.waitUntilIdle()
        #expect(paced.calls.count == 3)
        #expect(clock.sleeps == [.seconds(1), .seconds(1)])
    }

    @Test func corruptOutboxFilesAreMovedAside() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let slackFolder = folder.url.appendingPathComponent("slack")
        try FileManager.default.createDirectory(at: slackFolder, withIntermediateDirectories: true)
        try Data("{ not json".utf8).write(to: slackFolder.appendingPathComponent("000000000000001-broken.json"))
        let slack = ScriptedNotifier("slack")
        let dispatcher = Dispatcher(notifiers: [slack], configuration: configuration(folder), environment: VirtualClock().environment)
        await dispatcher.start()
        await dispatcher.waitUntilIdle()
        #expect(slack.calls.isEmpty)
        #expect(folder.files("slack").isEmpty)
        #expect(FileManager.default.fileExists(atPath: slackFolder.appendingPathComponent("000000000000001-broken.json.corrupt").path))
    }

    @Test func deliverNowReportsPerNotifier() async {
        let ok = ScriptedNotifier("console")
        let bad = ScriptedNotifier("email", then: .fail(.authenticationFailed))
        let dispatcher = Dispatcher(notifiers: [ok, bad], configuration: configuration(nil))
        let reports = await dispatcher.deliverNow(.test(cluster: "prod", at: Fixtures.scanTime))
        #expect(reports.map(\.notifier) == ["console", "email"])
        #expect(reports[0].isDelivered)
        #expect(!reports[1].isDelivered)
        #expect(await dispatcher.deliverNow(Fixtures.mixed, only: "console").count == 1)
    }

    @Test func outboxFoldersAreReadableByTheServiceOnly() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        func mode(_ url: URL) throws -> Int? {
            try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        }
        let down = ScriptedNotifier("slack", then: .fail(.connection))
        let first = Dispatcher(notifiers: [down], configuration: configuration(folder), environment: VirtualClock().environment)
        await first.submit(Fixtures.mixed)
        await first.stop()
        let slackFolder = folder.url.appendingPathComponent("slack")
        #expect(try mode(folder.url) == 0o700)
        #expect(try mode(slackFolder) == 0o700)
        let file = try #require(folder.files("slack").first)
        #expect(try mode(slackFolder.appendingPathComponent(file)) == 0o600)

        // Folders an older version created 0755 are tightened at the next write.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.url.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: slackFolder.path)
        let second = Dispatcher(notifiers: [down], configuration: configuration(folder), environment: VirtualClock().environment)
        await second.submit(Fixtures.single("node-z"))
        await second.stop()
        #expect(try mode(folder.url) == 0o700)
        #expect(try mode(slackFolder) == 0o700)
    }
}
