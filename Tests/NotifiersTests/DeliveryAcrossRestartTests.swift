import Alerting
import Foundation
import Notifiers
import Persistence
import Testing
import TestSupport

/// The acceptance scenario with real servers: Slack is down, email works; email is delivered at
/// once, Slack after it recovers, exactly once, even though the process "restarts" in between.
@Suite struct DeliveryAcrossRestartTests {
    @Test func slackDownEmailUpThenRestartAndRecovery() async throws {
        let smtp = try await SMTPTestServer(.init(username: "alice", password: "s3cret-pass"))
        let receiver = try await SlackTestReceiver()
        try receiver.script([], default: "500")
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }

        func notifiers() throws -> [any Notifier] {
            let email = try EmailNotifier(configuration: .init(
                smtpURL: smtp.url, starttls: .required, username: "alice", password: "s3cret-pass", from: "alerts@example.com",
                to: ["ops@example.com"], caFile: smtp.caFile, timeout: .seconds(10)))
            let slack = try SlackNotifier(configuration: .init(
                webhookURL: receiver.webhookURL(), timeout: .seconds(5), caFile: receiver.caFile,
                minimumInterval: .milliseconds(10)))
            return [email, slack]
        }
        let configuration = Dispatcher.Configuration(
            outbox: FileOutboxStore(directory: folder.url), backoff: DeliveryBackoff(initialDelay: .milliseconds(100), maximumDelay: .milliseconds(300)))
        let notification = Fixtures.single("node-a", at: Date())

        let first = Dispatcher(notifiers: try notifiers(), configuration: configuration)
        await first.submit(notification)
        #expect(await eventually { (try? smtp.messages().count) == 1 })
        #expect(await eventually { ((try? receiver.calls()) ?? []).count >= 2 })
        await first.stop() // the process goes away with Slack still down
        #expect(folder.files("slack").count == 1)
        #expect(folder.files("email").isEmpty)

        try receiver.script([], default: "ok")
        let second = Dispatcher(notifiers: try notifiers(), configuration: configuration)
        await second.start()
        await second.submit(notification) // the alert engine resubmitting after its own restart changes nothing
        await second.waitUntilIdle()

        let delivered = try receiver.calls().filter { $0.status == 200 }
        #expect(delivered.count == 1)
        #expect(delivered.first?.body.contains("node/node-a") == true)
        #expect(try smtp.messages().count == 1)
        #expect(folder.files("slack").isEmpty)
    }
}
