import Foundation
import Testing
import TestSupport

/// Issue 11: KubeCapWatch's own shipped `config.ini` (Tests/Fixtures/kubecapwatch/config.ini) works unchanged:
/// `check-config` accepts it with warnings and a note, `run --once` alerts on the console, and with email enabled
/// its `smtp_server = localhost` form reaches a local relay over plain SMTP, sent from the recipient.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"), .timeLimit(.minutes(3)))
struct KubeCapWatchConfigEndToEndTests {
    static let fixturePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/kubecapwatch/config.ini").path

    /// node-a: dcd/api (2 CPUs, in a watched namespace) and shop/web (1 CPU, not watched): 75 % of 4 CPUs on the
    /// node, 50 % for dcd/api; memory 3 %, under the 15 % threshold.
    static let cluster = E2ECluster(
        nodes: [E2ECluster.Node(name: "node-a")],
        pods: [E2ECluster.Pod(namespace: "dcd", name: "api", node: "node-a", cpu: "2"),
               E2ECluster.Pod(namespace: "shop", name: "web", node: "node-a", cpu: "1")])

    static let expectedAlerts = [
        "FIRING node/node-a cpu_limits 75.00% > 40% (3000m of 4000m allocatable) cluster=test for _",
        "FIRING node/node-a cpu_requests 75.00% > 40% (3000m of 4000m allocatable) cluster=test for _",
        "FIRING pod/dcd/api cpu_limits 50.00% > 40% (2000m of 4000m allocatable) cluster=test for _",
        "FIRING pod/dcd/api cpu_requests 50.00% > 40% (2000m of 4000m allocatable) cluster=test for _",
    ]

    /// The environment of an operator who points kubecapwatch at the cluster with `KUBECONFIG`; state in `fixture`.
    func environment(_ server: TestAPIServer, _ fixture: WatcherFixture) -> [String: String] {
        WatcherFixture.environment(["KUBECONFIG": server.kubeconfigPath, "STATE_DIRECTORY": fixture.folder.path])
    }

    func output(_ run: RunningBinary) -> Comment {
        "stdout:\n\(run.standardOutput)\nstderr:\n\(run.standardError.suffix(6000))"
    }

    @Test func shippedConfigPassesCheckConfigAndAlertsOnTheConsole() async throws {
        let server = try await TestAPIServer.start(snapshot: Self.cluster.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let path = Self.fixturePath

        let checked = try BuiltBinary.run(["check-config", "--config", path], environment: environment(server, fixture))
        #expect(checked.exitCode == 0, "\(checked.standardError)")
        #expect(checked.standardError.split(separator: "\n").map(String.init) == [
            "warning: \(path):14: [slack] is configured but \"slack\" is not in notifiers, so it is not used",
            "warning: \(path):15: webhook: expected a URL starting with https:// or http:// (ignored: \"slack\" is not in notifiers)",
            "warning: \(path):18: [email] is configured but \"email\" is not in notifiers, so it is not used",
            "warning: \(path):23: [logger] is configured but \"logger\" is not in notifiers, so it is not used",
            "note: \(path):18: [email] from is not set: mail is sent from the first recipient, ADDRESS",
            "\(path): OK",
        ], "\(checked.standardError)")
        #expect(checked.standardOutput.contains("smtp_url = smtp://localhost:25\n"))
        #expect(checked.standardOutput.contains("namespace = dcd, weave\n"))

        let run = try BuiltBinary.start(["run", "--once", "--config", path], environment: environment(server, fixture))
        let result = await run.exit(timeout: 60)
        #expect(result.exitCode == 0, output(run))
        #expect(run.consoleLines.sorted() == Self.expectedAlerts, output(run))
        // `[logger]` is not enabled: nothing is written beside the fixture.
        #expect(!FileManager.default.fileExists(atPath: URL(fileURLWithPath: path).deletingLastPathComponent()
            .appendingPathComponent("log.txt").path))
    }

    @Test func emailToALocalRelayIsPlainSMTPFromTheRecipient() async throws {
        async let startedServer = TestAPIServer.start(snapshot: Self.cluster.json)
        async let startedSMTP = SMTPTestServer(.init(noTLS: true))
        let server = try await startedServer
        defer { server.stop() }
        let smtp = try await startedSMTP
        let fixture = try WatcherFixture()
        // The shipped file with email switched on and filled in, as its README told operators to do.
        let original = try String(contentsOfFile: Self.fixturePath, encoding: .utf8)
        let edited = original
            .replacingOccurrences(of: "notifiers = console", with: "notifiers = console, email")
            .replacingOccurrences(of: "email-address = ADDRESS", with: "email-address = ops@example.test")
            .replacingOccurrences(of: "smtp_server = localhost", with: "smtp_server = localhost:\(smtp.port)")
        #expect(edited != original)
        try fixture.writeConfig(edited)

        let checked = try BuiltBinary.run(["check-config", "--config", fixture.configPath], environment: environment(server, fixture))
        #expect(checked.exitCode == 0, "\(checked.standardError)")
        #expect(checked.standardError.contains("note: \(fixture.configPath):18: [email] from is not set: mail is sent from the first recipient, ops@example.test"),
                "\(checked.standardError)")

        let run = try BuiltBinary.start(["run", "--once", "--config", fixture.configPath], environment: environment(server, fixture))
        let result = await run.exit(timeout: 60)
        #expect(result.exitCode == 0, output(run))
        #expect(run.consoleLines.sorted() == Self.expectedAlerts, output(run))
        let mails = try smtp.messages()
        try #require(mails.count == 1, output(run))
        let mail = mails[0]
        #expect(mail.mailFrom == "ops@example.test")
        #expect(mail.recipients == ["ops@example.test"])
        #expect(mail.header("From")?.contains("ops@example.test") == true, "\(mail.header("From") ?? "no From")")
        #expect(mail.header("Subject")?.hasPrefix("Resource Shortage Warning - k8s") == true, "\(mail.header("Subject") ?? "")")
        #expect(!mail.tls)
        #expect(mail.text.contains("pod/dcd/api"))
    }
}
