import Foundation
import Testing
import TestSupport

/// Issue 11: one broken channel never silences the others. Slack answers 404 `no_service`: the console and email
/// still deliver, and the watcher's own "notifier slack is failing" alert goes out through them (never through
/// Slack), FIRING once and RESOLVED once Slack delivers again.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"), .timeLimit(.minutes(3)))
struct BrokenChannelEndToEndTests {
    func output(_ run: RunningBinary) -> Comment {
        "stdout:\n\(run.standardOutput)\nstderr:\n\(run.standardError.suffix(6000))"
    }

    static let slackFailing = "FIRING notifier/slack notifier_failing cluster=e2e for _: notifier slack is failing: rejected (no_service): "
        + "127.0.0.1 answered 404 no_service: check webhook_url, channel and the app's settings"
    /// A received message's text with quoted-printable soft line breaks undone.
    static func text(_ mail: SMTPTestServer.ReceivedMail) -> String {
        mail.text.replacingOccurrences(of: "=\r\n", with: "")
    }

    static let slackRecovered = "RESOLVED notifier/slack notifier_failing cluster=e2e after _: notifier slack delivers again"

    @Test func slackAnswering404IsReportedThroughConsoleAndEmailAndResolvedWhenItDeliversAgain() async throws {
        let smtp = try await SMTPTestServer(.init(noTLS: true))
        let setup = try await SlackRun.start(
            answer: "no_service", notifiers: "console, slack, email", changes: ["reminder_count": "0"],
            extra: "[email]\nsmtp_server = 127.0.0.1:\(smtp.port)\nemail-address = ops@example.test\n")
        defer { setup.server.stop() }
        let slack = setup.slack, fixture = setup.fixture

        // Run 1: node-a fires everywhere; Slack refuses it, which the console and email are told about.
        let first = try fixture.start(["--once"])
        let firstResult = await first.exit(timeout: 60)
        #expect(firstResult.exitCode == 0, output(first))
        #expect(first.consoleLines.sorted() == [RunServiceEndToEndTests.firingA, Self.slackFailing], output(first))
        let mails = try smtp.messages()
        #expect(mails.count == 2, "\(mails.map(\.text))")
        #expect(mails.contains { Self.text($0).contains("node-a") && Self.text($0).contains("cpu_requests") })
        #expect(mails.contains { Self.text($0).contains("notifier slack is failing") && Self.text($0).contains("no_service") })
        #expect(mails.allSatisfy { $0.mailFrom == "ops@example.test" && $0.recipients == ["ops@example.test"] })
        let calls = try slack.calls()
        #expect(calls.map(\.status) == [404], "the failing alert must not be sent to Slack: \(calls.map(\.body))")
        #expect(first.standardError.contains("notifier failing; the other notifiers go on"), output(first))
        #expect(try fixture.openAlertsInState() == ["node/node-a cpu_requests", "notifier/slack notifier_failing"])
        // Slack's notification waits in the outbox, readable by the service only.
        #expect(fixture.outboxEntries("slack").count == 1)
        for folder in [fixture.outboxPath, fixture.outboxPath + "/slack"] {
            let mode = try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int
            #expect(mode == 0o700, "\(folder): \(String(mode ?? 0, radix: 8))")
        }

        // Run 2, the webhook fixed: Slack gets node-a's FIRING, and the failing alert resolves on the others.
        try slack.script([], default: "ok")
        let second = try fixture.start(["--once"])
        let secondResult = await second.exit(timeout: 60)
        #expect(secondResult.exitCode == 0, output(second))
        #expect(second.consoleLines == [Self.slackRecovered], output(second))
        let later = Array(try slack.calls().dropFirst(calls.count))
        #expect(later.map(\.status) == [200], "\(later.map(\.body))")
        #expect(later.first?.body.contains("node-a") == true)
        let newMails = Array(try smtp.messages().dropFirst(mails.count))
        #expect(newMails.count == 1)
        #expect(newMails.first.map(Self.text)?.contains("notifier slack delivers again") == true)
        #expect(try fixture.openAlertsInState() == ["node/node-a cpu_requests"])
        #expect(fixture.outboxEntries("slack").isEmpty)
    }

    /// The Slack webhook file is missing when the service starts: it starts anyway, says so through the console,
    /// and once the file is there, the next notification brings Slack's backlog out in order and resolves the
    /// failing alert, without a restart.
    @Test func notifierThatCouldNotBeSetUpJoinsOnceItsFileIsBack() async throws {
        let setup = try await SlackRun.start(notifiers: "console, slack", changes: ["reminder_count": "0"], webhookPresent: false)
        defer { setup.server.stop() }
        let slack = setup.slack, fixture = setup.fixture, server = setup.server, webhookFile = setup.webhookFile
        let run = try fixture.start()
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForConsoleLines(2), output(run))
        #expect(run.consoleLines.sorted() == [
            RunServiceEndToEndTests.firingA,
            "FIRING notifier/slack notifier_failing cluster=e2e for _: notifier slack is failing: unavailable: webhook_url_file: "
                + "cannot read \(webhookFile): No such file or directory",
        ], output(run))
        #expect(try slack.calls().isEmpty)

        _ = try fixture.writeFile("slack-webhook", slack.webhookURL())
        let mark = run.summaries.count
        try await server.replaceSnapshot(E2ECluster.calm.json)
        try #require(await run.waitForScans(1, matching: E2ECluster.calm.summaryCounts, after: mark), output(run))
        #expect(await run.waitForConsoleLines(4), output(run))
        #expect(await run.eventually(timeout: 10) { ((try? slack.calls()) ?? []).count == 2 }, output(run))
        let result = await run.terminate()
        #expect(result.exitCode == 0, output(run))
        #expect(Array(run.consoleLines.dropFirst(2)).sorted() == [RunServiceEndToEndTests.resolvedA, Self.slackRecovered], output(run))
        let calls = try slack.calls()
        #expect(calls.map(\.status) == [200, 200])
        #expect(calls.first?.body.contains("FIRING") == true && calls.last?.body.contains("RESOLVED") == true,
                "\(calls.map(\.body))")
        #expect(!calls.contains { $0.body.contains("notifier_failing") })
    }

    /// Retry delays are printed as people read them (`2 s`, `3.5 s`), never with Duration's 17 decimals, and
    /// never beyond the 30 s cap.
    @Test func retryDelaysAreShortAndReadable() async throws {
        let setup = try await SlackRun.start(answer: "500", notifiers: "slack")
        defer { setup.server.stop() }
        let run = try setup.fixture.start()
        defer { _ = run.wait(timeout: 0) }
        #expect(await run.eventually(timeout: 20) { run.standardError.components(separatedBy: "retrying in ").count > 2 }, output(run))
        _ = await run.terminate()
        let delays = run.standardError.matches(of: #/retrying in ([0-9]+(?:\.[0-9]{1,2})?) s: /#).map { Double($0.output.1) ?? -1 }
        #expect(delays.count >= 2, output(run))
        #expect(delays.allSatisfy { $0 >= 0 && $0 <= 30 }, "\(delays)")
        #expect(!run.standardError.contains(#/retrying in [0-9.]{6,}/#), output(run))
    }
}
