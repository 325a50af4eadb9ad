import Foundation
import Testing
@testable import WatcherConfig

/// Every bad configuration names the file, the line and the key, and says what was expected.
@Suite struct ConfigurationErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var line: Int?
        var key: String?
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "typo in a threshold", text: "[general]\n\ncpu_limit_threshold = 9O\n", line: 3, key: "cpu_limit_threshold",
             message: "expected a number between 0 and 1000 (a percentage, up to 3 decimals) or \"off\", got \"9O\""),
        Case(name: "threshold above 1000", text: "[general]\nmem_limit_threshold = 1000.5\n", line: 2, key: "mem_limit_threshold",
             message: "got \"1000.5\""),
        Case(name: "threshold with four decimals", text: "[general]\nmem_limit_threshold = 80.0001\n", line: 2,
             key: "mem_limit_threshold", message: "up to 3 decimals"),
        Case(name: "unknown key gets a suggestion", text: "[general]\nintervall = 5\n", line: 2, key: "intervall",
             message: "unknown key in [general]; did you mean \"interval\"?"),
        Case(name: "the original's smpt_server typo", text: "[general]\nnotifiers = email\n[email]\nsmpt_server = smtp://x\n",
             line: 4, key: "smpt_server", message: "did you mean \"smtp_server\"?"),
        Case(name: "unknown section gets a suggestion", text: "[general]\n[slak]\nwebhook_url = https://x/y\n", line: 2, key: nil,
             message: "unknown section [slak]; did you mean \"slack\"?"),
        Case(name: "duplicate key", text: "[general]\ninterval = 5\nscope = node\ninterval = 6\n", line: 4, key: "interval",
             message: "set twice in [general]; first set on line 2"),
        Case(name: "duplicate key across [DEFAULT] and [general]", text: "[DEFAULT]\nscope = pod\n[general]\nscope = node\n", line: 4,
             key: "scope", message: "first set on line 2"),
        Case(name: "notifier without its section", text: "[general]\nnotifiers = console, slack\n", line: 2, key: "notifiers",
             message: "lists \"slack\" but there is no [slack] section"),
        Case(name: "unknown notifier", text: "[general]\nnotifiers = console, pagerduty\n", line: 2, key: "notifiers",
             message: "expected a comma-separated list of console, slack, email, logger, got \"pagerduty\""),
        Case(name: "line without equals sign", text: "[general]\ninterval 5\n", line: 2, key: nil,
             message: "expected \"key = value\", \"[section]\" or a comment, got \"interval 5\""),
        Case(name: "hash is not an inline comment", text: "[general]\ninterval = 60 # seconds\n", line: 2, key: "interval",
             message: "(inline comments start with \" ;\", not \"#\")"),
        Case(name: "bad scope", text: "[general]\nscope = nodes\n", line: 2, key: "scope", message: "expected one of all, node, pod, got \"nodes\""),
        Case(name: "negative reminder count", text: "[general]\nreminder_count = -1\n", line: 2, key: "reminder_count",
             message: "expected a whole number between 0 and 1000000"),
        Case(name: "bad duration", text: "[general]\ninterval = 5 minutes\n", line: 2, key: "interval", message: "expected a duration"),
        Case(name: "zero interval", text: "[general]\ninterval = 0\n", line: 2, key: "interval", message: "from 1s to 7d, got \"0\""),
        Case(name: "interval beyond what a clock holds", text: "[general]\ninterval = 9223372036854775807s\n", line: 2,
             key: "interval", message: "from 1s to 7d, got \"9223372036854775807s\""),
        Case(name: "interval whose days overflow", text: "[general]\ninterval = 9223372036854775807d\n", line: 2,
             key: "interval", message: "from 1s to 7d"),
        Case(name: "interval over its maximum", text: "[general]\ninterval = 8d\n", line: 2, key: "interval", message: "from 1s to 7d"),
        Case(name: "timeout over its maximum", text: "[kubernetes]\nrequest_timeout = 2h\n", line: 2, key: "request_timeout",
             message: "from 1s to 1h"),
        Case(name: "outbox age over a year", text: "[state]\noutbox_max_age = 366d\n", line: 2, key: "outbox_max_age",
             message: "from 1m to 365d"),
        Case(name: "threshold too large for any integer", text: "[general]\ncpu_limit_threshold = 9223372036854775807\n",
             line: 2, key: "cpu_limit_threshold", message: "got \"9223372036854775807\""),
        Case(name: "NUL byte in a value", text: "[general]\nnamespace = shop\u{0}batch\nscope = node\n", line: 2,
             key: "namespace", message: "contains a NUL byte"),
        Case(name: "bad label selector", text: "[kubernetes]\nnode_selector = role in (a,\n", line: 2, key: "node_selector",
             message: "expected a label selector"),
        // The same parser as `scan --node-selector`: what Kubernetes refuses in a label is refused here, not at the first scan.
        Case(name: "label value outside Kubernetes' characters", text: "[policy gpu]\nnode_selector = role=wörker\n", line: 2,
             key: "node_selector", message: "expected a label selector"),
        Case(name: "label selector with an empty set", text: "[kubernetes]\nnode_selector = zone in ()\n", line: 2,
             key: "node_selector", message: "expected a label selector"),
        Case(name: "key outside any section", text: "interval = 5\n", line: 1, key: "interval", message: "is outside any section"),
        Case(name: "policies names a missing policy", text: "[general]\npolicies = default, gpus\n[policy gpu]\nnode_selector = gpu\n",
             line: 2, key: "policies", message: "names \"gpus\" but there is no [policy gpus] section; did you mean \"gpu\"?"),
        Case(name: "policy without a target", text: "[policy empty]\ncpu_limit_threshold = 10\n", line: 1, key: nil,
             message: "[policy empty] needs namespaces and/or node_selector"),
        Case(name: "slack without a webhook", text: "[general]\nnotifiers = slack\n[slack]\nchannel = #ops\n", line: 3, key: nil,
             message: "webhook_url or webhook_url_file is required"),
        Case(name: "slack webhook twice",
             text: "[general]\nnotifiers = slack\n[slack]\nwebhook_url = https://h/x\nwebhook_url_file = /nonexistent\n", line: 5,
             key: "webhook_url_file", message: "give either webhook_url or webhook_url_file, not both"),
        Case(name: "slack webhook placeholder", text: "[general]\nnotifiers = slack\n[slack]\nwebhook = {slack_web_hook}\n",
             line: 4, key: "webhook", message: "expected a URL starting with https:// or http://"),
        Case(name: "credentials directory unset",
             text: "[general]\nnotifiers = slack\n[slack]\nwebhook_url_file = $CREDENTIALS_DIRECTORY/webhook\n", line: 4,
             key: "webhook_url_file", message: "uses $CREDENTIALS_DIRECTORY, which is not set"),
        Case(name: "email missing its recipients", text: "[general]\nnotifiers = email\n[email]\nsmtp_url = smtps://127.0.0.1:465\n",
             line: 3, key: nil, message: "to is required"),
        Case(name: "smtp url scheme", text: "[general]\nnotifiers = email\n[email]\nsmtp_url = http://localhost\nto = c@d\n",
             line: 4, key: "smtp_url", message: "expected smtp://HOST:PORT, smtps://HOST:PORT, HOST or HOST:PORT, got \"http://localhost\""),
        Case(name: "smtp port out of range", text: "[general]\nnotifiers = email\n[email]\nsmtp_server = localhost:99999\nto = c@d\n",
             line: 4, key: "smtp_server", message: "got \"localhost:99999\""),
        Case(name: "logger without its file", text: "[general]\nnotifiers = logger\n[logger]\nformat = json\n", line: 3, key: nil,
             message: "logfile is required"),
        Case(name: "continuation on a single-valued key", text: "[general]\nscope = node\n  pod\n", line: 2, key: "scope",
             message: "expected one of all, node, pod"),
    ]

    @Test(arguments: cases)
    func badConfigurationIsExplained(_ testCase: Case) throws {
        let fixture = try ConfigFixture()
        let issues = try fixture.issues(testCase.text)
        let path = fixture.folder.appendingPathComponent("config.ini").path
        let match = issues.first { $0.line == testCase.line && $0.key == testCase.key && $0.message.contains(testCase.message) }
        #expect(match != nil, "got: \(issues.map(\.description))")
        #expect(issues.allSatisfy { $0.file == path })
        if let match {
            let prefix = path + (testCase.line.map { ":\($0)" } ?? "") + ": " + (testCase.key.map { "\($0): " } ?? "")
            #expect(match.description.hasPrefix(prefix))
        }
    }

    @Test func overLongLineIsReportedNotCut() throws {
        let long = (1...60).map { "namespace-\($0)" }.joined(separator: ",")
        let issues = try ConfigFixture().issues("[general]\nnamespace = \(long)\nscope = nodes\n")
        #expect(issues.contains { $0.line == 2 && $0.key == "namespace" && $0.message.contains("Split long lists over indented continuation lines") })
        // The rest of the file is still checked, with the right line numbers.
        #expect(issues.contains { $0.line == 3 && $0.key == "scope" })
        // The tail of the cut line must not surface as a bogus key of its own.
        #expect(issues.count == 2, "\(issues)")
    }

    @Test func everyProblemIsReportedAtOnceInLineOrder() throws {
        let issues = try ConfigFixture().issues("[general]\nscope = x\ninterval = y\nreminder_count = z\n")
        #expect(issues.map(\.line) == [2, 3, 4])
    }

    @Test func problemsOfAnUnusedNotifierSectionAreWarnings() throws {
        // KubeCapWatch's shipped config keeps placeholders in sections its `notifiers` does not list.
        let loaded = try ConfigFixture().load("""
            [general]
            notifiers = console
            [slack]
            webhook = {slack_web_hook}
            [email]
            email-address = ADDRESS
            smtp_sever = localhost
            """)
        let warnings = loaded.warnings.map(\.description)
        #expect(warnings.contains { $0.contains(":4: webhook: expected a URL") && $0.hasSuffix("(ignored: \"slack\" is not in notifiers)") },
                "\(warnings)")
        #expect(warnings.contains { $0.contains(":7: smtp_sever: unknown key in [email]; did you mean \"smtp_server\"?") }, "\(warnings)")
        // The refused webhook is not reported a second time as missing.
        #expect(!warnings.contains { $0.contains("is required") && $0.contains("webhook") }, "\(warnings)")
    }

    @Test func nulByteIsRefusedAndTheRestStillChecked() throws {
        let issues = try ConfigFixture().issues("[general]\nnamespace = ab\u{0}cd\nscope = nodes\n")
        #expect(issues.map(\.line) == [2, 3], "\(issues)")
        #expect(!issues.contains { $0.description.contains("\u{0}") })
    }

    @Test func devNullIsAnEmptyConfigurationAndAFolderIsNot() throws {
        let empty = try ConfigurationLoader(environment: [:]).load(path: "/dev/null")
        #expect(empty.configuration.general.notifiers == ["console"])
        #expect(empty.configuration.general.interval == 60)
        let folder = try ConfigFixture().folder.path
        do {
            _ = try ConfigurationLoader().load(path: folder)
            Issue.record("a folder loaded as a configuration")
        } catch {
            #expect(error.description == "\(folder): cannot read the file: is a directory, not a file")
        }
    }

    @Test func unreadableFileGivesTheSystemsReason() throws {
        guard getuid() != 0 else { return }  // root reads any file
        let path = try ConfigFixture().write("config.ini", "[general]\n", mode: 0o000)
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader().load(path: path) }
        do {
            _ = try ConfigurationLoader().load(path: path)
        } catch {
            #expect(error.description == "\(path): cannot read the file: Permission denied")
        }
    }

    @Test func missingFileIsAConfigurationError() {
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader().load(path: "/nonexistent/kcw/config.ini")
        }
        do {
            _ = try ConfigurationLoader().load(path: "/nonexistent/kcw/config.ini")
        } catch {
            #expect(error.description == "/nonexistent/kcw/config.ini: cannot read the file: No such file or directory")
        }
    }

    @Test func secretsAreNeverEchoed() throws {
        let issues = try ConfigFixture().issues("[general]\nnotifiers = slack\n[slack]\nwebhook_url = hxxps://hooks.slack.test/services/T0/B0/SECRETPART\n")
        #expect(!issues.isEmpty)
        #expect(issues.allSatisfy { !$0.description.contains("SECRETPART") })
    }
}
