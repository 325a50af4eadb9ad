import Foundation
import Testing
import TestSupport

/// Cluster access under fault injection (issue 11), with the built binary against the HTTPS test API server:
/// exec plugins that hang, stops during slow scans, continue tokens that expire, hostile kubeconfigs, a changed
/// CA, and `graph --watch` stopped by SIGTERM.
///
/// Waits poll the binary's output or the server's request log; the only bound on durations is the ceiling of
/// each wait ("well inside the unit's 60 s"), never a measured time.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"), .serialized, .timeLimit(.minutes(4)))
struct ClusterAccessEndToEndTests {
    let breach = E2ECluster.breach

    func output(_ run: RunningBinary) -> Comment {
        "stdout:\n\(run.standardOutput)\nstderr:\n\(run.standardError.suffix(6000))"
    }

    /// A kubeconfig for `server` whose user gets its token from `plugin` (a shell script body).
    func execKubeconfig(_ fixture: WatcherFixture, server: TestAPIServer, plugin: String) throws -> String {
        let path = try fixture.writeFile("plugin", "#!/bin/sh\n" + plugin)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        return try fixture.writeFile("exec.kubeconfig", server.kubeconfigText(user: """
                  exec: {apiVersion: client.authentication.k8s.io/v1, command: "\(path)", interactiveMode: Never}
            """))
    }

    /// The fixture's config.ini with `lines` added to `[kubernetes]`.
    func writeConfig(_ fixture: WatcherFixture, kubeconfig: String, kubernetes lines: [String],
                     changes: [String: String] = [:]) throws {
        let text = fixture.configText(kubeconfig: kubeconfig, changes: changes)
            .replacingOccurrences(of: "[kubernetes]\n", with: "[kubernetes]\n" + lines.map { $0 + "\n" }.joined())
        try fixture.writeConfig(text)
    }

    /// The pids a plugin recorded.
    func recordedPIDs(_ fixture: WatcherFixture) -> [pid_t] {
        let text = (try? String(contentsOf: fixture.folder.appendingPathComponent("pids"), encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isNewline).compactMap { pid_t($0) }
    }

    // MARK: exec plugins

    @Test func scanWithAPluginThatNeverExitsFailsWithACredentialErrorAndLeavesNoProcess() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let kubeconfig = try execKubeconfig(fixture, server: server, plugin: """
            echo $$ >> "\(fixture.folder.path)/pids"
            exec sleep 1000
            """)
        try writeConfig(fixture, kubeconfig: kubeconfig, kubernetes: ["exec_timeout = 1s"])
        let result = try BuiltBinary.run(["scan", "--config", fixture.configPath], environment: WatcherFixture.environment(),
                                         timeout: 50)
        #expect(result.exitCode == 1, "\(result.standardError)")
        #expect(result.standardError.contains("error: exec plugin \(fixture.folder.path)/plugin for user entry \"u\" of context \"t\" did not finish within 1 s and was stopped"),
                "\(result.standardError)")
        let pids = recordedPIDs(fixture)
        #expect(pids.count == 1)
        #expect(await ProcessTable.waitUntilGone(pids))
        #expect(try await server.requests().isEmpty, "no request without a credential")
    }

    @Test func runWithAHangingPluginRaisesClusterUnreachableAndStopsOnSIGTERM() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        // The worst plugin: it ignores SIGTERM and leaves a child that ignores it too and holds the stdout pipe.
        let kubeconfig = try execKubeconfig(fixture, server: server, plugin: """
            trap '' TERM
            echo $$ >> "\(fixture.folder.path)/pids"
            sh -c 'trap "" TERM; echo $$ >> "\(fixture.folder.path)/pids"; exec sleep 1000' &
            wait
            """)
        try writeConfig(fixture, kubeconfig: kubeconfig, kubernetes: ["exec_timeout = 1s"])  // unreachable_after = 2
        let run = try fixture.start()
        defer { _ = run.wait(timeout: 0) }

        try #require(await run.waitForScans(2, matching: "scan failed in ", timeout: 60), output(run))
        try #require(await run.waitForConsoleLines(1, timeout: 20), output(run))
        let firing = run.consoleLines[0]
        #expect(firing.hasPrefix("FIRING cluster cluster_unreachable cluster=e2e for _: exec plugin "), "\(firing)")
        #expect(firing.contains("did not finish within 1 s and was stopped"), "\(firing)")
        #expect(run.summaries.filter { $0.hasPrefix("scan failed in ") }.allSatisfy { $0.contains("did not finish within 1 s") },
                output(run))

        // SIGTERM, most likely while a plugin runs again: the service stops and exits 0 by itself.
        let result = await run.terminate(timeout: 50)
        #expect(run.process.terminationReason == .exit && result.exitCode == 0, output(run))
        #expect(run.standardError.contains("stopped"), output(run))
        let pids = recordedPIDs(fixture)
        #expect(pids.count >= 4, "two plugin runs, two processes each: \(pids)")
        #expect(await ProcessTable.waitUntilGone(pids), "left behind: \(pids.flatMap { ProcessTable.living(pidOrGroup: $0) })")
    }

    // MARK: stopping

    @Test func sigtermDuringAHungScanCancelsItRecordsNothingAndExitsZero() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        try writeConfig(fixture, kubeconfig: server.kubeconfigPath, kubernetes: ["request_timeout = 10m"])
        let run = try fixture.start()
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1, matching: breach.summaryCounts), output(run))
        try #require(await run.waitForConsoleLines(1), output(run))

        // The next scan's pod list would take ten minutes (and a retry after it), far beyond TimeoutStopSec=60s.
        let seen = try await server.requests().last?.seq ?? 0
        try await server.addFault(.delay(600, pathPrefix: "/api/v1/pods", count: -1))
        try #require(try await server.waitForScanInFlight(since: seen), output(run))
        let scans = run.summaries.count
        run.signal(SIGTERM)
        let result = await run.exit(timeout: 50)

        #expect(run.process.terminationReason == .exit && result.exitCode == 0, output(run))
        #expect(run.standardError.contains("stopped"), output(run))
        // The cancelled scan is said to be cancelled and changes nothing: no failure counted, the alert stays open.
        #expect(run.summaries.count == scans, output(run))
        let cancelled = run.standardError.split(separator: "\n").filter { $0.contains("scan cancelled after ") }
        #expect(cancelled.count == 1 && cancelled[0].hasSuffix("s: cancelled: the service is stopping; nothing recorded; 1 open"),
                output(run))
        #expect(run.consoleLines == [RunServiceEndToEndTests.firingA], output(run))
        #expect(try fixture.openAlertsInState() == ["node/node-a cpu_requests"])
    }

    // MARK: continue tokens

    /// 12 nodes and 150 pods: with pages of 7, 22 pod pages and 2 node pages.
    static let paged: E2ECluster = {
        let nodes = (0..<12).map { E2ECluster.Node(name: "node-\($0)") }
        let pods = (0..<150).map { index in
            E2ECluster.Pod(namespace: "ns-\(index % 4)", name: "pod-\(index)", node: "node-\(index % 12)",
                           cpu: "\(50 + index * 7)m", memory: "\(64 + index)Mi")
        }
        return E2ECluster(nodes: nodes, pods: pods)
    }()

    /// `scan --output json`, without its `generatedAt`.
    func scanJSON(_ fixture: WatcherFixture) throws -> String {
        let result = try BuiltBinary.run(["scan", "--config", fixture.configPath, "--scope", "all", "--output", "json"],
                                         environment: WatcherFixture.environment(), timeout: 60)
        #expect(result.exitCode == 0, "\(result.standardError)")
        return result.standardOutput.replacing(/"generatedAt" *: *"[^"]*"/, with: "")
    }

    @Test func continueTokensExpiringOnOnePageInFiveLeaveTheFiguresUnchanged() async throws {
        let server = try await TestAPIServer.start(snapshot: Self.paged.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        try writeConfig(fixture, kubeconfig: server.kubeconfigPath, kubernetes: ["page_size = 7"])
        let clean = try scanJSON(fixture)
        #expect(clean.contains("\"pod-149\""))

        try await server.clearRequests()
        try await server.addFault(.expiredContinue(pathPrefix: "/api/v1/", count: -1, every: 5))
        for _ in 0..<2 {
            #expect(try scanJSON(fixture) == clean, "figures differ from the scan without faults")
        }
        let requests = try await server.requests()
        #expect(requests.contains { $0.status == 410 }, "the fault fired")
        #expect(requests.contains { $0.path == "/api/v1/pods" && $0.status == 200 && !$0.query.contains("limit=") },
                "a LIST without paging after the second expiry")
    }

    // MARK: kubeconfig and TLS

    @Test func kubeconfigNested40000LevelsDeepIsAConfigurationError() async throws {
        let fixture = try WatcherFixture()
        let deep = try fixture.writeFile("deep.kubeconfig", "apiVersion: v1\nclusters: "
            + String(repeating: "[", count: 40_000) + String(repeating: "]", count: 40_000) + "\n")
        let scan = try BuiltBinary.run(["scan", "--kubeconfig", deep], environment: WatcherFixture.environment(), timeout: 30)
        #expect(scan.exitCode == 78, "\(scan.standardError)")
        #expect(scan.standardError == "error: \(deep):2: refused: YAML at column 74 is nested more than 64 levels deep, which no kubeconfig is\n")

        try fixture.writeConfig(fixture.configText(kubeconfig: deep))
        let run = try fixture.start(["--once"])
        let result = await run.exit(timeout: 30)
        #expect(result.exitCode == 78, output(run))
        #expect(run.standardError.contains("\(deep):2: refused: "), output(run))
    }

    @Test func changedCertificateAuthorityIsReportedAsNotTrusted() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        // Another test server made its own CA (same name, other key): what a kubeconfig holds after the cluster's CA
        // was rotated or the cluster rebuilt.
        let other = try await TestAPIServer.start()
        defer { other.stop() }
        let fixture = try WatcherFixture()
        let kubeconfig = try String(contentsOfFile: server.kubeconfigPath, encoding: .utf8)
            .replacingOccurrences(of: server.caPath, with: other.caPath)
        let path = try fixture.writeFile("changed-ca.kubeconfig", kubeconfig)
        let result = try BuiltBinary.run(["scan", "--kubeconfig", path], environment: WatcherFixture.environment(), timeout: 60)
        #expect(result.exitCode == 1)
        #expect(result.standardError.hasPrefix("error: \(server.url.absoluteString): the server's certificate is not trusted ("),
                "\(result.standardError)")
        #expect(!result.standardError.contains("cannot reach"), "\(result.standardError)")
        #expect(!result.standardError.contains(server.token))
    }

    // MARK: graph --watch

    @Test func graphWatchExitsZeroOnSIGTERMEvenMidDraw() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let graphFile = fixture.folder.appendingPathComponent("graph.json")
        let graph = try BuiltBinary.start(["graph", "--kubeconfig", server.kubeconfigPath, "--watch", "--interval", "1",
                                           "--output", graphFile.path], environment: WatcherFixture.environment())
        defer { _ = graph.wait(timeout: 0) }
        try #require(await graph.eventually(timeout: 30) { graph.standardError.contains("graph: ") }, output(graph))
        let drawn = try Data(contentsOf: graphFile)
        #expect(!drawn.isEmpty)

        // The next draw hangs on its pod list; SIGTERM cancels it and the file keeps the last complete graph.
        let seen = try await server.requests().last?.seq ?? 0
        try await server.addFault(.delay(600, pathPrefix: "/api/v1/pods", count: -1))
        try #require(try await server.waitForScanInFlight(since: seen), output(graph))
        graph.signal(SIGTERM)
        let result = await graph.exit(timeout: 30)
        #expect(graph.process.terminationReason == .exit && result.exitCode == 0, output(graph))
        #expect(try Data(contentsOf: graphFile) == drawn)
        #expect(!graph.standardError.contains("error:"), output(graph))
    }
}
