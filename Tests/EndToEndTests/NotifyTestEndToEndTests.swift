import Foundation
import Testing
import TestSupport

/// `kubecapwatch notify-test` against a real SMTP server (STARTTLS + AUTH) and the Slack-like webhook receiver,
/// with the secrets given as files, as an operator checks a fresh install.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"), .timeLimit(.minutes(3)))
struct NotifyTestEndToEndTests {
    static let user = "kcw-alerts"
    static let password = "Pa55-e2e-SMTP-s3cret"
    /// The secret part of the default webhook path of ``SlackTestReceiver``.
    static let webhookSecret = "s3cr3tT0k3nXXXXXXXXXXXX"

    /// Both test servers and a config naming them; the webhook URL and the password are in files.
    struct Setup {
        let smtp: SMTPTestServer
        let slack: SlackTestReceiver
        let fixture: WatcherFixture
    }

    func setUp(notifiers: String = "console, slack, email") async throws -> Setup {
        async let smtp = SMTPTestServer(.init(username: Self.user, password: Self.password))
        async let slack = SlackTestReceiver()
        let setup = Setup(smtp: try await smtp, slack: try await slack, fixture: try WatcherFixture())
        let fixture = setup.fixture
        let webhookFile = try fixture.writeFile("slack-webhook", setup.slack.webhookURL() + "\n")
        let passwordFile = try fixture.writeFile("smtp-password", Self.password + "\n")
        try fixture.writeConfig("""
            [general]
            notifiers = \(notifiers)
            [kubernetes]
            cluster_name = e2e
            [console]
            colour = never
            [slack]
            webhook_url_file = \(webhookFile)
            ca_file = \(setup.slack.caFile)
            [email]
            smtp_url = smtp://127.0.0.1:\(setup.smtp.port)
            ca_file = \(setup.smtp.caFile)
            username = \(Self.user)
            password_file = \(passwordFile)
            from = kubecapwatch <alerts@example.test>
            to = ops@example.test, oncall@example.test

            """)
        return setup
    }

    func notifyTest(_ setup: Setup, _ arguments: [String] = []) async throws -> BuiltBinary.Result {
        let running = try BuiltBinary.start(["notify-test", "--config", setup.fixture.configPath] + arguments,
                                            environment: WatcherFixture.environment())
        return await running.exit(timeout: 45)
    }

    /// Neither the webhook's secret path nor the SMTP password may be printed, whatever happened.
    func expectNoSecrets(_ result: BuiltBinary.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in [Self.webhookSecret, Self.password] {
            #expect(!result.standardOutput.contains(secret), "secret on stdout", sourceLocation: sourceLocation)
            #expect(!result.standardError.contains(secret), "secret on stderr", sourceLocation: sourceLocation)
        }
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test func deliversAMarkedTestAlertThroughEveryNotifier() async throws {
        let setup = try await setUp()
        let result = try await notifyTest(setup)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let report = lines(result.standardError)
        #expect(report.contains("console: delivered"), "\(result.standardError)")
        #expect(report.contains("slack: delivered"), "\(result.standardError)")
        #expect(report.contains("email: delivered"), "\(result.standardError)")
        expectNoSecrets(result)
        // Console: one line, marked as a test.
        #expect(lines(result.standardOutput).count == 1)
        #expect(result.standardOutput.hasPrefix("TEST FIRING node/kubecapwatch-test-node cpu_requests "), "\(result.standardOutput)")

        // Email: one message, over TLS, authenticated, to both recipients, marked as a test in subject and body.
        let mails = try setup.smtp.messages()
        try #require(mails.count == 1)
        let mail = mails[0]
        #expect(mail.tls)
        #expect(mail.authLogin == Self.user)
        #expect(Set(mail.recipients) == ["ops@example.test", "oncall@example.test"])
        #expect(mail.header("Subject")?.contains("TEST") == true, "\(mail.header("Subject") ?? "no subject")")
        #expect(mail.text.contains("TEST MESSAGE sent by kubecapwatch notify-test"))
        #expect(mail.text.contains("kubecapwatch-test-node"))

        // Slack: one call, answered ok, whose payload says it is a test.
        let calls = try setup.slack.calls()
        try #require(calls.count == 1)
        #expect(calls[0].status == 200)
        #expect(calls[0].path == "/services/T0000TEST/B0000TEST/\(Self.webhookSecret)")
        let payload = try #require(calls[0].json)
        let text = try #require(payload["text"] as? String)
        #expect(text.hasPrefix("TEST: "), "\(text)")
        #expect(calls[0].body.contains("kubecapwatch-test-node"))
    }

    @Test func slackAnsweringNoServiceFailsTheCommandButEmailIsStillDelivered() async throws {
        let setup = try await setUp(notifiers: "slack, email")
        try setup.slack.script(["no_service"], default: "no_service")
        let result = try await notifyTest(setup)
        #expect(result.exitCode == 1, "\(result.standardError)")
        let report = lines(result.standardError)
        #expect(report.contains { $0.hasPrefix("slack: rejected (no_service)") }, "\(result.standardError)")
        #expect(report.contains("email: delivered"), "\(result.standardError)")
        expectNoSecrets(result)
        #expect(try setup.smtp.messages().count == 1)
        // A permanent error is reported, not retried.
        let calls = try setup.slack.calls()
        #expect(calls.count == 1 && calls.first?.status == 404, "\(calls.map(\.status))")
    }

    @Test func wrongSMTPPasswordSaysTheServerRefusedTheCredentials() async throws {
        let setup = try await setUp(notifiers: "console, email")
        _ = try setup.fixture.writeFile("smtp-password", "not-the-Pa55word\n")
        let result = try await notifyTest(setup)
        #expect(result.exitCode == 1, "\(result.standardError)")
        #expect(lines(result.standardError).filter { !$0.hasPrefix("warning: ") } == [
            "console: delivered",
            "email: authentication failed: 127.0.0.1 refused the credentials of user \"\(Self.user)\" (reply 535): check username and password",
        ], "\(result.standardError)")
        #expect(!result.standardError.contains("not-the-Pa55word"))
        expectNoSecrets(result)
        #expect(try setup.smtp.messages().isEmpty)
    }

    @Test func notifierOptionSendsThroughThatNotifierOnly() async throws {
        let setup = try await setUp(notifiers: "slack, email")
        let result = try await notifyTest(setup, ["--notifier", "email"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(lines(result.standardError) == ["email: delivered"], "\(result.standardError)")
        expectNoSecrets(result)
        #expect(try setup.smtp.messages().count == 1)
        #expect(try setup.slack.calls().isEmpty)

        // A notifier that is not configured is a configuration error; nothing is sent.
        let console = try await notifyTest(setup, ["--notifier", "console"])
        #expect(console.exitCode == 78, "\(console.standardError)")
        #expect(console.standardError.contains("\(setup.fixture.configPath): notifiers: \"console\" is not configured"),
                "\(console.standardError)")
        #expect(try setup.smtp.messages().count == 1)
        #expect(try setup.slack.calls().isEmpty)
    }
}
