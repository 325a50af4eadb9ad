import Alerting
import Foundation
import Notifiers
import Testing
import TestSupport

/// Against a local HTTPS receiver that answers like Slack's incoming webhook.
@Suite struct SlackNotifierTests {
    private let secretPath = "/services/T0000TEST/B0000TEST/s3cr3tT0k3nXXXXXXXXXXXX"

    private func slack(_ receiver: SlackTestReceiver, path: String? = nil, mention: String? = nil,
                       timeout: Duration = .seconds(5)) throws -> SlackNotifier {
        try SlackNotifier(configuration: .init(
            webhookURL: receiver.webhookURL(path: path ?? secretPath), channel: "#capacity", username: "kubecapwatch",
            iconEmoji: ":rotating_light:", mention: mention, timeout: timeout, caFile: receiver.caFile,
            minimumInterval: .milliseconds(20)))
    }

    @Test func oneNotificationIsOneValidMessage() async throws {
        let receiver = try await SlackTestReceiver()
        try await slack(receiver, mention: "<!here>").deliver(Fixtures.mixed)

        let calls = try receiver.calls()
        #expect(calls.count == 1)
        let call = try #require(calls.first)
        #expect(call.status == 200, "\(call.reason ?? "")")
        #expect(call.path == secretPath)
        let json = try #require(call.json)
        #expect(json["channel"] as? String == "#capacity")
        #expect(json["username"] as? String == "kubecapwatch")
        #expect(json["icon_emoji"] as? String == ":rotating_light:")
        let text = try #require(json["text"] as? String)
        #expect(text.hasPrefix("<!here> kubecapwatch *prod*: 2 firing, 1 reminder, 1 resolved"))
        #expect(text.contains("`node/node-a` cpu_requests 91.25% &gt; 80% (3650m of 4000m allocatable) cluster=prod for 15m"))
        let attachments = try #require(json["attachments"] as? [[String: Any]])
        #expect(attachments.map { $0["color"] as? String } == ["#E01E5A", "#F2952F", "#2EB67D"])
        let blocks = attachments.flatMap { $0["blocks"] as? [[String: Any]] ?? [] }
        #expect(blocks.allSatisfy { $0["type"] as? String == "section" })
    }

    @Test func mentionOnlyWhenSomethingFires() async throws {
        let receiver = try await SlackTestReceiver()
        let notifier = try slack(receiver, mention: "<@U123ABC>")
        try await notifier.deliver(AlertNotification(cluster: "prod", createdAt: Fixtures.scanTime,
                                                     resolved: [Fixtures.nodeAlert("node-a", state: .resolved)]))
        let text = try #require(try receiver.calls().first?.json?["text"] as? String)
        #expect(!text.contains("<@U123ABC>"))
    }

    @Test func clusterTextIsEscaped() async throws {
        let receiver = try await SlackTestReceiver()
        try await slack(receiver).deliver(Fixtures.single("a&b<!channel>"))
        let body = try #require(try receiver.calls().first?.body)
        #expect(!body.contains("<!channel>"))
        #expect(body.contains("a&amp;b&lt;!channel&gt;"))
    }

    @Test func fiveHundredAlertsBecomeSeveralValidMessages() async throws {
        let receiver = try await SlackTestReceiver()
        let notification = Fixtures.firing(count: 500)
        try await slack(receiver, mention: "<!here>").deliver(notification)

        let calls = try receiver.calls()
        #expect(calls.count > 1)
        var seen: [String] = []
        for (index, call) in calls.enumerated() {
            #expect(call.status == 200, "\(call.reason ?? "")")
            let json = try #require(call.json)
            let text = try #require(json["text"] as? String)
            #expect(text.count <= 40_000)
            #expect(text.contains("(part \(index + 1) of \(calls.count))"))
            #expect(text.hasPrefix("<!here>") == (index == 0))
            let attachments = json["attachments"] as? [[String: Any]] ?? []
            let blocks = (json["blocks"] as? [[String: Any]] ?? []) + attachments.flatMap { $0["blocks"] as? [[String: Any]] ?? [] }
            #expect(blocks.count <= 50)
            for block in attachments.flatMap({ $0["blocks"] as? [[String: Any]] ?? [] }) {
                let section = try #require((block["text"] as? [String: Any])?["text"] as? String)
                #expect(section.count <= 3_000)
                seen += section.split(separator: "\n").filter { $0.hasPrefix("`node/") }
                    .map { String($0.dropFirst(6).prefix(9)) }
            }
        }
        #expect(seen == (0..<500).map { String(format: "node-%04d", $0) })
    }

    @Test(arguments: [("invalid_payload", 400), ("action_prohibited", 403), ("no_service", 404),
                      ("channel_is_archived", 410)])
    func configurationProblemsArePermanentAndNameSlacksError(answer: String, status: Int) async throws {
        let receiver = try await SlackTestReceiver()
        try receiver.script([answer])
        let error = try await #require(throws: NotifierError.self) { try await slack(receiver).deliver(Fixtures.mixed) }
        #expect(error.reason == .rejected(answer))
        #expect(error.isPermanent)
        #expect(error.description.contains("127.0.0.1"))
        #expect(error.description.contains("\(status)"))
        #expect(!error.description.contains("s3cr3tT0k3n"))
    }

    @Test func rateLimitCarriesRetryAfter() async throws {
        let receiver = try await SlackTestReceiver()
        try receiver.script(["429:1"])
        let error = try await #require(throws: NotifierError.self) { try await slack(receiver).deliver(Fixtures.mixed) }
        #expect(error.reason == .rateLimited(retryAfter: .seconds(1)))
        #expect(!error.isPermanent)
    }

    @Test func serverErrorsAndHangsAreTransient() async throws {
        let receiver = try await SlackTestReceiver()
        try receiver.script(["500", "hang"])
        let notifier = try slack(receiver, timeout: .seconds(1))
        let first = try await #require(throws: NotifierError.self) { try await notifier.deliver(Fixtures.mixed) }
        #expect(first.reason == .serverError(500))
        let second = try await #require(throws: NotifierError.self) { try await notifier.deliver(Fixtures.mixed) }
        #expect(second.reason == .connection)
        #expect(!second.isPermanent)
        #expect(!second.description.contains("s3cr3tT0k3n"))
    }

    @Test func aRetryContinuesASplitMessageWhereItStopped() async throws {
        let receiver = try await SlackTestReceiver()
        let notifier = try slack(receiver)
        let notification = Fixtures.firing(count: 500)
        let parts = notifier.payloads(for: notification).count
        try receiver.script(["ok", "500"])
        await #expect(throws: NotifierError.self) { try await notifier.deliver(notification) }
        try await notifier.deliver(notification)
        let accepted = try receiver.calls().filter { $0.status == 200 }
        #expect(accepted.count == parts)
        #expect(Set(accepted.map(\.body)).count == parts)
    }

    @Test func dispatcherWaitsRetryAfterThenBacksOff() async throws {
        let receiver = try await SlackTestReceiver()
        try receiver.script(["429:1", "500", "ok"])
        let dispatcher = Dispatcher(notifiers: [try slack(receiver)], configuration: .init(
            backoff: DeliveryBackoff(initialDelay: .milliseconds(100), maximumDelay: .seconds(1), jitter: 0)))
        // A fresh scan time: the dispatcher's real clock would drop the fixture's old one as stale.
        await dispatcher.submit(Fixtures.single("node-a", at: Date()))
        await dispatcher.waitUntilIdle()
        let calls = try receiver.calls()
        try #require(calls.map(\.status) == [429, 500, 200])
        #expect(calls[1].time - calls[0].time >= 0.95)
        #expect(calls[2].time - calls[1].time >= 0.19)
    }

    @Test func dispatcherDoesNotRetryAPermanentError() async throws {
        let receiver = try await SlackTestReceiver()
        try receiver.script([], default: "no_service")
        let dispatcher = Dispatcher(notifiers: [try slack(receiver)], configuration: .init(
            backoff: DeliveryBackoff(initialDelay: .milliseconds(10), jitter: 0)))
        await dispatcher.submit(Fixtures.single("node-a", at: Date()))
        await dispatcher.waitUntilIdle()
        #expect(try receiver.calls().count == 1)
        #expect(await dispatcher.pendingCounts() == ["slack": 1])
    }

    @Test func configurationIsValidatedAndRedacted() throws {
        let url = "https://hooks.slack.com/services/T1/B2/very-secret-token"
        let good = SlackNotifier.Configuration(webhookURL: url, mention: "<!here>")
        #expect(throws: Never.self) { _ = try SlackNotifier(configuration: good) }
        for text in [good.description, String(reflecting: good)] {
            #expect(!text.contains("very-secret-token"))
            #expect(text.contains("hooks.slack.com"))
        }
        var dumped = ""
        dump(good, to: &dumped)
        let notifier = try SlackNotifier(configuration: good)
        dump(notifier, to: &dumped)
        dumped += "\(notifier) \(String(reflecting: notifier))"
        #expect(!dumped.contains("very-secret-token"))
        for bad in [SlackNotifier.Configuration(webhookURL: "http://hooks.slack.com/services/x"),
                    SlackNotifier.Configuration(webhookURL: url, mention: "here"),
                    SlackNotifier.Configuration(webhookURL: url, channel: "#a\r\nb")] {
            #expect(throws: NotifierError.self) { _ = try SlackNotifier(configuration: bad) }
        }
    }
}
