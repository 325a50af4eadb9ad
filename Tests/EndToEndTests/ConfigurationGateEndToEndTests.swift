import Foundation
import Testing
import TestSupport

/// Issue 11: `check-config` is the gate. Every check `run` makes at start is made by `check-config` through the
/// same code, so a configuration `check-config` accepts never stops `run` with a configuration error, and every
/// configuration error of either exits 78 with the same message.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"), .timeLimit(.minutes(3)))
struct ConfigurationGateEndToEndTests {
    /// One configuration and what both commands must say about it.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var notifiers = "console"
        /// Appended after `[general]`, `[kubernetes]`, `[console]` and `[state]`; `FOLDER` stands for the fixture's
        /// folder, which holds `webhook` and `password` (secrets) and `ca.pem`.
        var sections = ""
        /// Changes to `[general]`.
        var general: [String: String] = [:]
        /// Changes to `[kubernetes]` (replacing the kubeconfig).
        var kubernetes: String?
        /// A line of the expected output, after `CONFIG:`.
        var expected = ""
        var testDescription: String { name }
    }

    /// Settings each notifier refuses, and configuration errors found only by the start-up preflight.
    static let refused: [Case] = [
        Case(name: "slack over http to a remote host", notifiers: "console, slack",
             sections: "[slack]\nwebhook_url = http://hooks.slack.com/services/T0/B0/SECRETPART\n",
             expected: "webhook_url: http:// is allowed only to a loopback host (localhost, 127.0.0.0/8, ::1), not hooks.slack.com: use https://"),
        Case(name: "slack webhook placeholder", notifiers: "slack", sections: "[slack]\nwebhook = {slack_web_hook}\n",
             expected: "webhook: expected a URL starting with https:// or http://"),
        Case(name: "slack webhook of another scheme", notifiers: "slack",
             sections: "[slack]\nwebhook_url = ftp://hooks.slack.com/services/T0/B0/SECRETPART\n",
             expected: "webhook_url: expected a URL starting with https:// or http://"),
        Case(name: "slack mention", notifiers: "slack",
             sections: "[slack]\nwebhook_url = https://hooks.slack.com/services/T0/B0/SECRETPART\nmention = here\n",
             expected: "mention: expected <!here>, <!channel>, <@USERID> or <!subteam^ID>, got here"),
        Case(name: "email recipient placeholder", notifiers: "email",
             sections: "[email]\nsmtp_server = localhost\nemail-address = ADDRESS\n", expected: "email-address: not a mail address: ADDRESS"),
        Case(name: "email sender", notifiers: "email",
             sections: "[email]\nsmtp_url = smtps://mail.example.com\nfrom = alerts at example.com\nto = ops@example.com\n",
             expected: "from: not a single mail address: alerts at example.com"),
        Case(name: "email credentials in the URL", notifiers: "email",
             sections: "[email]\nsmtp_url = smtps://user:SECRETPART@mail.example.com\nto = ops@example.com\n",
             expected: "smtp_url: put credentials in username and password, not in the URL"),
        Case(name: "email AUTH in clear across a network", notifiers: "email",
             sections: "[email]\nsmtp_url = smtp://mail.example.com:25\nstarttls = off\nusername = u\npassword = SECRETPART\nto = ops@example.com\n",
             expected: "starttls: is off, so the password would cross the network in clear"),
        Case(name: "email password without user", notifiers: "email",
             sections: "[email]\nsmtp_url = smtps://mail.example.com\npassword = SECRETPART\nto = ops@example.com\n",
             expected: "password: is set but username is not"),
        Case(name: "logger without its file", notifiers: "logger", sections: "[logger]\nformat = json\n",
             expected: "logfile is required"),
        Case(name: "the only notifier cannot be set up", notifiers: "slack",
             sections: "[slack]\nwebhook_url_file = /nonexistent/kcw-webhook\n",
             expected: "webhook_url_file: cannot read /nonexistent/kcw-webhook: No such file or directory"),
        Case(name: "unknown notifier", notifiers: "console, pagerduty", expected: "notifiers: expected a comma-separated list"),
        Case(name: "interval beyond what a clock holds", general: ["interval": "9223372036854775807s"],
             expected: "interval: expected a duration such as 30s, 5m, 1h or 1d, from 1s to 7d, got \"9223372036854775807s\""),
        Case(name: "threshold beyond any integer", general: ["cpu_limit_threshold": "9223372036854775807"],
             expected: "cpu_limit_threshold: expected a number between 0 and 1000"),
        Case(name: "NUL byte in a value", general: ["namespace": "shop\u{0}batch"], expected: "namespace: contains a NUL byte"),
        Case(name: "kubeconfig that does not exist", kubernetes: "kubeconfig = /nonexistent/kcw-kubeconfig\n",
             expected: "kubeconfig: "),
        Case(name: "context that does not exist", kubernetes: "kubeconfig = OFFLINE\ncontext = nowhere\n",
             expected: "nowhere"),
        Case(name: "snapshot that cannot be read", kubernetes: "snapshot = /nonexistent/cluster.json\n",
             expected: "snapshot: cannot read /nonexistent/cluster.json: No such file or directory"),
    ]

    /// The case's config.ini in `fixture`, with `kubeconfig` unless the case names its own source.
    static func write(_ testCase: Case, to fixture: WatcherFixture, kubeconfig: String) throws {
        var changes = testCase.general
        changes["notifiers"] = testCase.notifiers
        for (name, content) in [("webhook", "https://hooks.slack.com/services/T0/B0/SECRETPART"), ("password", "SECRETPART"),
                                ("ca.pem", "-----BEGIN CERTIFICATE-----\n")] {
            _ = try fixture.writeFile(name, content)
        }
        var text = fixture.configText(kubeconfig: kubeconfig, changes: changes,
                                      extra: testCase.sections.replacingOccurrences(of: "FOLDER", with: fixture.folder.path))
        if let kubernetes = testCase.kubernetes {
            let offline = try fixture.offlineKubeconfig()
            text = text.replacingOccurrences(of: "kubeconfig = \(kubeconfig)\n",
                                             with: kubernetes.replacingOccurrences(of: "OFFLINE", with: offline))
        }
        try fixture.writeConfig(text)
    }

    func checkConfig(_ fixture: WatcherFixture, environment: [String: String] = [:]) throws -> BuiltBinary.Result {
        try BuiltBinary.run(["check-config", "--config", fixture.configPath], environment: WatcherFixture.environment(environment),
                            timeout: 30)
    }

    @Test(arguments: refused)
    func refusedAlikeByCheckConfigAndRun(_ testCase: Case) async throws {
        let fixture = try WatcherFixture()
        try Self.write(testCase, to: fixture, kubeconfig: try fixture.offlineKubeconfig())
        let checked = try checkConfig(fixture)
        let run = try fixture.start(["--once"])
        let ran = await run.exit(timeout: 30)

        #expect(checked.exitCode == 78, "\(checked.standardError)")
        #expect(ran.exitCode == 78, "\(ran.standardError)")
        #expect(checked.standardOutput.isEmpty)
        #expect(ran.standardOutput.isEmpty)
        let problems = checked.standardError.split(separator: "\n").map(String.init).filter { $0.hasPrefix(fixture.configPath) }
        #expect(problems.contains { $0.contains(testCase.expected) }, "\(checked.standardError)")
        #expect(problems.allSatisfy { $0.hasPrefix("\(fixture.configPath):") })
        // The same lines, in the same order, from both.
        #expect(ran.standardError == checked.standardError)
        for result in [checked, ran] {
            #expect(!result.standardError.contains("SECRETPART"), "secret printed: \(result.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.statePath))
    }

    /// Every notifier option in a form both commands accept; `run --once` scans a calm cluster, so nothing is
    /// sent and nothing needs to answer.
    @Test func acceptedAlikeByCheckConfigAndRun() async throws {
        let server = try await TestAPIServer.start(snapshot: E2ECluster.calm.json)
        defer { server.stop() }
        let accepted: [Case] = [
            Case(name: "console json", sections: "[console]\nformat = json\nsend_resolved = false\n"),
            Case(name: "slack from files", notifiers: "console, slack",
                 sections: "[slack]\nwebhook_url_file = FOLDER/webhook\nca_file = FOLDER/ca.pem\n"),
            Case(name: "email from files", notifiers: "email", sections: """
                [email]
                smtp_url = smtp://mail.example.com:587
                username = kcw
                password_file = FOLDER/password
                ca_file = FOLDER/ca.pem
                to = ops@example.com

                """),
            Case(name: "slack https with every option", notifiers: "console, slack", sections: """
                [slack]
                webhook_url = https://hooks.slack.com/services/T0/B0/SECRETPART
                channel = #ops
                username = Resource-Watch-Agent
                icon_emoji = :rotating_light:
                mention = <!here> <@U012AB3CD>
                timeout = 20s
                send_resolved = false

                """),
            Case(name: "slack http to a local relay", notifiers: "slack",
                 sections: "[slack]\nwebhook = http://127.0.0.1:8080/services/T0/B0/SECRETPART\n"),
            Case(name: "slack http to localhost over IPv6", notifiers: "slack",
                 sections: "[slack]\nwebhook_url = http://[::1]:8080/hook/SECRETPART\n"),
            Case(name: "email to KubeCapWatch's local relay", notifiers: "email",
                 sections: "[email]\nsmtp_server = localhost\nemail-address = ops@example.com\nsubject = Capacity\n"),
            Case(name: "email STARTTLS with every option", notifiers: "email", sections: """
                [email]
                smtp_url = smtp://mail.example.com:587
                starttls = required
                username = kcw
                password = SECRETPART
                from = kubecapwatch <alerts@example.com>
                to = ops@example.com, Night Shift <oncall@example.org>
                subject_prefix = [capacity]
                timeout = 1m
                send_resolved = false

                """),
            Case(name: "email smtps", notifiers: "email",
                 sections: "[email]\nsmtp_url = smtps://mail.example.com\nusername = kcw\npassword = SECRETPART\nto = ops@example.com\n"),
            Case(name: "email plain with AUTH to this machine", notifiers: "email",
                 sections: "[email]\nsmtp_url = smtp://127.0.0.1:2525\nstarttls = off\nusername = kcw\npassword = SECRETPART\nto = ops@example.com\n"),
            Case(name: "logger", notifiers: "console, logger", sections: "[logger]\nlogfile = alerts.log\nformat = json\n"),
            Case(name: "largest interval", general: ["interval": "7d"]),
        ]
        for testCase in accepted {
            let fixture = try WatcherFixture()
            try Self.write(testCase, to: fixture, kubeconfig: server.kubeconfigPath)
            let checked = try checkConfig(fixture)
            #expect(checked.exitCode == 0, "\(testCase.name): \(checked.standardError)")
            let run = try fixture.start(["--once"])
            let ran = await run.exit(timeout: 30)
            #expect(ran.exitCode == 0, "\(testCase.name): \(ran.standardError)")
            #expect(run.summaries.count == 1, "\(testCase.name): \(ran.standardError)")
            for result in [checked, ran] {
                #expect(!result.standardError.contains("SECRETPART") && !result.standardOutput.contains("SECRETPART"),
                        "\(testCase.name): secret printed")
            }
        }
    }

    /// A notifier whose secret file cannot be read at start: `check-config` warns (so the unit's
    /// `ExecStartPre=check-config` lets the service start); `run` starts with the other notifiers and raises a
    /// "notifier failing" alert through them; `notify-test` reports it.
    @Test func unreadableWebhookFileIsAWarningAndTheOtherChannelsGoOn() async throws {
        let server = try await TestAPIServer.start(snapshot: E2ECluster.breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let missing = fixture.folder.appendingPathComponent("slack-webhook").path
        try fixture.writeConfig(fixture.configText(
            kubeconfig: server.kubeconfigPath, changes: ["notifiers": "console, slack", "reminder_count": "0"],
            extra: "[slack]\nwebhook_url_file = \(missing)\n"))
        let line = WatcherFixture.general.count + 11

        let checked = try checkConfig(fixture)
        #expect(checked.exitCode == 0, "\(checked.standardError)")
        #expect(checked.standardError.contains(
            "warning: \(fixture.configPath):\(line): webhook_url_file: cannot read \(missing): No such file or directory "
                + "(slack is tried again before each notification; the other notifiers deliver meanwhile)\n"), "\(checked.standardError)")

        let run = try fixture.start(["--once"])
        let ran = await run.exit(timeout: 60)
        #expect(ran.exitCode == 0, "\(ran.standardError)")
        #expect(run.consoleLines.sorted() == [
            RunServiceEndToEndTests.firingA,
            "FIRING notifier/slack notifier_failing cluster=e2e for _: notifier slack is failing: unavailable: webhook_url_file: "
                + "cannot read \(missing): No such file or directory",
        ], "\(ran.standardOutput)\n\(ran.standardError)")
        #expect(ran.standardError.contains("notifier slack cannot be set up; the other notifiers go on"), "\(ran.standardError)")
        // Slack keeps its notification for when the file is back.
        #expect(fixture.outboxEntries("slack").count == 1)
        #expect(try fixture.openAlertsInState() == ["node/node-a cpu_requests", "notifier/slack notifier_failing"])

        let tested = try BuiltBinary.run(["notify-test", "--config", fixture.configPath], environment: WatcherFixture.environment())
        #expect(tested.exitCode == 1)
        #expect(tested.standardError.split(separator: "\n").map(String.init) == [
            "console: delivered",
            "slack: unavailable: webhook_url_file: cannot read \(missing): No such file or directory",
        ], "\(tested.standardError)")
    }

    @Test func devNullIsAnEmptyConfiguration() throws {
        let fixture = try WatcherFixture()
        let kubeconfig = try fixture.offlineKubeconfig()
        let result = try BuiltBinary.run(["check-config", "--config", "/dev/null"],
                                         environment: WatcherFixture.environment(["KUBECONFIG": kubeconfig]))
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("notifiers = console ; default"))
        let folder = try BuiltBinary.run(["check-config", "--config", fixture.folder.path], environment: WatcherFixture.environment())
        #expect(folder.exitCode == 78)
        #expect(folder.standardError == "\(fixture.folder.path): cannot read the file: is a directory, not a file\n")
    }

    @Test func checkConfigHelpListsTheReferenceOption() throws {
        let result = try BuiltBinary.run(["check-config", "--help"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("--reference <format>"), "\(result.standardOutput)")
    }
}
