import Alerting
import Foundation
import Notifiers
import Synchronization
import Testing

/// A broken channel never silences the others: the dispatcher says when a notifier starts failing and when it
/// delivers again (for the watcher's own "notifier failing" alert), keeps that alert from the notifier it is
/// about, and tries a failed channel again as soon as there is news.
@Suite struct ChannelHealthTests {
    /// Health changes as the dispatcher reported them.
    final class Events: Sendable {
        private let storage = Mutex<[ChannelHealth]>([])
        func append(_ event: ChannelHealth) { storage.withLock { $0.append(event) } }
        var all: [ChannelHealth] { storage.withLock { $0 } }
    }

    private func configuration(failingAfter: Duration = .seconds(60)) -> Dispatcher.Configuration {
        Dispatcher.Configuration(attemptTimeout: .seconds(5), backoff: DeliveryBackoff(jitter: 0), failingAfter: failingAfter)
    }

    private func selfAlert(_ notifier: String) -> AlertNotification {
        let key = AlertKey(cluster: "prod", object: .notifier(notifier), measure: .notifierFailing)
        let alert = Alert(key: key, state: .firing, figures: nil, firingSince: Fixtures.scanTime, detail: "notifier \(notifier) is failing")
        return AlertNotification(cluster: "prod", createdAt: Fixtures.scanTime, firing: [alert])
    }

    @Test func permanentErrorIsReportedOnceAndTheParkedAreRetriedInOrderWhenTheChannelIsFixed() async {
        let slack = ScriptedNotifier("slack", then: .fail(.rejected("no_service")))
        let events = Events()
        let dispatcher = Dispatcher(notifiers: [slack], configuration: configuration(), environment: VirtualClock().environment)
        await dispatcher.onHealthChange { events.append($0) }
        let a = Fixtures.single("node-a"), b = Fixtures.single("node-b"), c = Fixtures.single("node-c")
        await dispatcher.submit(a)
        await dispatcher.waitUntilIdle()
        await dispatcher.submit(b)
        await dispatcher.waitUntilIdle()
        // The parked one is tried once more before the newcomer, which is parked in turn; one report only.
        #expect(slack.calls == [a.id, a.id, b.id])
        #expect(events.all.count == 1)
        guard case .failing(let error)? = events.all.first else { Issue.record("no failing report"); return }
        #expect(error.notifier == "slack" && error.reason == .rejected("no_service"))

        // The webhook is fixed: the next notification first delivers the parked ones, oldest first.
        slack.script([], then: .succeed)
        await dispatcher.submit(c)
        await dispatcher.waitUntilIdle()
        #expect(slack.calls == [a.id, a.id, b.id, a.id, b.id, c.id])
        #expect(events.all.last == .recovered(notifier: "slack"))
        #expect(events.all.count == 2)
        #expect(await dispatcher.pendingCounts() == ["slack": 0])
    }

    @Test func transientErrorsAreReportedOnlyWhenTheyLastLongerThanFailingAfter() async {
        // Backoff 2, 4, 8, 16, 30 s: the 5th failure comes 30 s after the first, the 6th 60 s after.
        let brief = ScriptedNotifier("email", script: Array(repeating: .fail(.connection), count: 5))
        let briefEvents = Events()
        let first = Dispatcher(notifiers: [brief], configuration: configuration(), environment: VirtualClock().environment)
        await first.onHealthChange { briefEvents.append($0) }
        await first.submit(Fixtures.mixed)
        await first.waitUntilIdle()
        #expect(brief.calls.count == 6)
        #expect(briefEvents.all.isEmpty)

        let long = ScriptedNotifier("email", script: Array(repeating: .fail(.serverError(503)), count: 6))
        let longEvents = Events()
        let second = Dispatcher(notifiers: [long], configuration: configuration(), environment: VirtualClock().environment)
        await second.onHealthChange { longEvents.append($0) }
        await second.submit(Fixtures.mixed)
        await second.waitUntilIdle()
        #expect(long.calls.count == 7)
        #expect(longEvents.all.map(\.notifier) == ["email", "email"])
        guard case .failing(let error)? = longEvents.all.first else { Issue.record("no failing report"); return }
        #expect(error.reason == .serverError(503))
        #expect(longEvents.all.last == .recovered(notifier: "email"))
    }

    @Test func defaultBackoffIsCappedAtThirtySeconds() {
        let policy = DeliveryBackoff()
        #expect(policy.delay(afterFailures: 1, random: 0.5) == .seconds(2))
        for failures in 5...40 {
            #expect(policy.delay(afterFailures: failures, random: 1) <= .seconds(30))
        }
    }

    @Test func aNewNotificationEndsTheBackoffOfAFailedChannel() async {
        // Real waits of an hour: only the newcomer can get the channel tried again within the test.
        let hourLong = DispatchEnvironment(now: { Date() }, sleep: { _ in try await Task.sleep(for: .seconds(3600)) },
                                           random: { 0.5 })
        let slack = ScriptedNotifier("slack", script: [.fail(.connection)], then: .succeed)
        let dispatcher = Dispatcher(notifiers: [slack], configuration: configuration(), environment: hourLong)
        let a = Fixtures.single("node-a", at: Date()), b = Fixtures.single("node-b", at: Date())
        await dispatcher.submit(a)
        #expect(await eventually { slack.calls == [a.id] })
        await dispatcher.submit(b)
        #expect(await eventually { slack.calls == [a.id, a.id, b.id] }, "\(slack.calls)")
        #expect(await dispatcher.pendingCounts() == ["slack": 0])
        await dispatcher.stop()
    }

    @Test func aNotifiersOwnFailingAlertGoesThroughTheOthersOnly() async {
        let console = ScriptedNotifier("console"), slack = ScriptedNotifier("slack")
        let dispatcher = Dispatcher(notifiers: [console, slack], configuration: configuration(),
                                    environment: VirtualClock().environment)
        await dispatcher.submit(selfAlert("slack"))
        await dispatcher.waitUntilIdle()
        #expect(console.calls == [selfAlert("slack").id])
        #expect(slack.calls.isEmpty)
    }

    @Test func waitUntilIdleIncludesWhatTheHealthHandlerQueued() async {
        let console = ScriptedNotifier("console")
        let slack = ScriptedNotifier("slack", then: .fail(.rejected("no_service")))
        let dispatcher = Dispatcher(notifiers: [console, slack], configuration: configuration(),
                                    environment: VirtualClock().environment)
        let alert = selfAlert("slack")
        await dispatcher.onHealthChange { event in
            if case .failing = event { await dispatcher.submit(alert) }
        }
        await dispatcher.submit(Fixtures.mixed)
        await dispatcher.waitUntilIdle()
        // Console had finished before Slack failed; the alert queued on the failure was still waited for.
        #expect(console.calls == [Fixtures.mixed.id, alert.id])
        #expect(slack.calls == [Fixtures.mixed.id])
    }

    @Test func aChannelMarkedFailingReportsItsRecoveryAtItsNextDelivery() async {
        let slack = ScriptedNotifier("slack")
        let events = Events()
        let dispatcher = Dispatcher(notifiers: [slack], configuration: configuration(), environment: VirtualClock().environment)
        await dispatcher.onHealthChange { events.append($0) }
        await dispatcher.markFailing("slack")
        #expect(events.all.isEmpty)
        await dispatcher.submit(Fixtures.mixed)
        await dispatcher.waitUntilIdle()
        #expect(events.all == [.recovered(notifier: "slack")])
    }
}
