import Foundation
import Testing
import TestSupport

/// `kubecapwatch check-config` run as a user runs it: output, messages and exit codes.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"))
struct CheckConfigEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `check-config` as the operator runs it, with a kubeconfig to find (`check-config` loads it like `run`).
    func checkConfig(_ path: String) throws -> BuiltBinary.Result {
        let fixture = try WatcherFixture()
        return try BuiltBinary.run(["check-config", "--config", path],
                                   environment: WatcherFixture.environment(["KUBECONFIG": try fixture.offlineKubeconfig()]))
    }

    func temporaryConfig(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kcw-e2e-\(UUID().uuidString).ini")
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        return url.path
    }

    @Test func exampleConfigIsValid() throws {
        let example = Self.root.appendingPathComponent("config.ini.example").path
        let result = try checkConfig(example)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("[general]\nnotifiers = console ; default\n"))
        #expect(result.standardOutput.contains("cpu_limit_threshold = 90 ; default"))
        #expect(result.standardError.contains("\(example): OK"))
    }

    @Test func badConfigExitsSeventyEightNamingFileLineAndKey() throws {
        let path = try temporaryConfig("[general]\nscope = node\ncpu_limit_threshold = 9O\nsmpt_server = x\n")
        let result = try checkConfig(path)
        #expect(result.exitCode == 78)
        #expect(result.standardOutput.isEmpty)
        let lines = result.standardError.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(path):3: cpu_limit_threshold: expected a number between 0 and 1000 (a percentage, up to 3 decimals) or \"off\", got \"9O\""))
        #expect(lines.contains { $0.hasPrefix("\(path):4: smpt_server: unknown key in [general]") })
    }

    @Test func missingConfigExitsSeventyEight() throws {
        let result = try BuiltBinary.run(["check-config", "--config", "/nonexistent/kcw.ini"])
        #expect(result.exitCode == 78)
        #expect(result.standardError.contains("/nonexistent/kcw.ini: cannot read the file: No such file or directory"))
    }

    @Test func secretsAreRedactedInCheckConfigOutput() throws {
        let path = try temporaryConfig("""
            [general]
            notifiers = slack
            [slack]
            webhook_url = https://hooks.slack.test/services/T000/B000/VERYSECRET
            """)
        let result = try checkConfig(path)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(!result.standardOutput.contains("VERYSECRET"))
        #expect(!result.standardError.contains("VERYSECRET"))
        #expect(result.standardOutput.contains("webhook_url = https://hooks.slack.test/… (redacted)"))
    }

    @Test func worldReadableInlineSecretIsWarned() throws {
        let path = try temporaryConfig("[general]\nnotifiers = email\n[email]\nsmtp_url = smtps://127.0.0.1:465\nusername = u\npassword = PW\nfrom = a@example.com\nto = c@example.com\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let result = try checkConfig(path)
        #expect(result.exitCode == 0)
        #expect(result.standardError.contains("warning: \(path): holds an inline secret ([email] password)"))
        #expect(!result.standardError.contains("PW\n"))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let result = try BuiltBinary.run(["check-config", "--no-such-flag"])
        #expect(result.exitCode == 64)
    }
}
