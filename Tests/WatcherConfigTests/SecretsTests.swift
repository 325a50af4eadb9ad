import Foundation
import Testing
@testable import WatcherConfig

@Suite struct SecretsTests {
    @Test func secretFileIsReadWhenNeededAndTrimmed() throws {
        let fixture = try ConfigFixture()
        try fixture.write("webhook", "https://hooks.slack.test/services/T/B/FILESECRET\n")
        try fixture.write("smtp-password", "hunter2\n")
        let config = try fixture.load("""
            [general]
            notifiers = slack, email
            [slack]
            webhook_url_file = webhook
            [email]
            smtp_url = smtp://127.0.0.1:587
            username = watcher
            password_file = $CREDENTIALS_DIRECTORY/smtp-password
            from = w@example.com
            to = ops@example.com
            """, environment: ["CREDENTIALS_DIRECTORY": fixture.folder.path]).configuration
        #expect(try config.slack?.webhookURL.read().get() == "https://hooks.slack.test/services/T/B/FILESECRET")
        #expect(try config.email?.password?.read().get() == "hunter2")
        #expect(config.email?.password?.origin == fixture.folder.appendingPathComponent("smtp-password").path)
        // Read again at each use: a rotated secret is picked up.
        try fixture.write("smtp-password", "correct horse\n")
        #expect(try config.email?.password?.read().get() == "correct horse")
    }

    @Test func secretFileProblemsNameTheFileNotTheSecret() throws {
        let fixture = try ConfigFixture()
        try fixture.write("webhook", "\n")
        let config = try fixture.load("[general]\nnotifiers = slack\n[slack]\nwebhook_url_file = webhook\n").configuration
        let path = fixture.folder.appendingPathComponent("webhook").path
        #expect(config.slack?.webhookURL.read() == .failure(SecretError(key: "webhook_url_file", message: "\(path) is empty")))
        try FileManager.default.removeItem(atPath: path)
        #expect(config.slack?.webhookURL.read()
            == .failure(SecretError(key: "webhook_url_file", message: "cannot read \(path): No such file or directory")))
    }

    @Test func inlineSecretInAReadableFileIsWarned() throws {
        let fixture = try ConfigFixture()
        let text = "[slack]\nwebhook_url = https://hooks.slack.test/services/T/B/X\n"
        let readable = try fixture.load(text, mode: 0o644)
        #expect(readable.warnings.contains { $0.message.contains("inline secret ([slack] webhook_url)") && $0.message.contains("644") })
        let privateFile = try fixture.load(text, mode: 0o600)
        #expect(!privateFile.warnings.contains { $0.message.contains("inline secret") })
    }

    @Test func printedConfigurationRedactsSecrets() throws {
        let fixture = try ConfigFixture()
        let config = try fixture.load("""
            [general]
            notifiers = slack, email
            [slack]
            webhook_url = https://hooks.slack.test/services/T0/B0/TOPSECRET
            [email]
            smtp_url = smtps://127.0.0.1:465
            username = watcher
            password = PASSWORD123
            from = w@example.com
            to = ops@example.com
            """).configuration
        let printed = ConfigurationPrinter.render(config)
        #expect(!printed.contains("TOPSECRET"))
        #expect(!printed.contains("PASSWORD123"))
        #expect(printed.contains("webhook_url = https://hooks.slack.test/… (redacted)"))
        #expect(printed.contains("password = <redacted>"))
        #expect("\(config.slack!.webhookURL)" == "<redacted>")
    }

}
