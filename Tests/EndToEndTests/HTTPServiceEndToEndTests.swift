import Foundation
import Testing
import TestSupport

/// `run`'s HTTP service, end to end: the built binary against the HTTPS test API server, asked over HTTP as an
/// operator's curl, a Prometheus scrape and a pykles or KubeCapWatch client would ask it. The tests wait on what
/// the service says (its log lines, its answers), never on fixed sleeps.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"), .serialized, .timeLimit(.minutes(5)))
struct HTTPServiceEndToEndTests {
    let breach = E2ECluster.breach

    /// A run of `fixture` (scans a second apart, scope node, CPU requests alerting above 80 %) with its HTTP
    /// service on a free port, and a client for it.
    func start(_ fixture: WatcherFixture, kubeconfig: String, changes: [String: String] = [:], http: [String] = [],
               environment: [String: String] = [:]) async throws -> (RunningBinary, ServiceClient) {
        try fixture.writeConfig(fixture.configText(kubeconfig: kubeconfig, changes: changes,
                                                   http: ["listen = 127.0.0.1:0"] + http))
        let run = try fixture.start(environment: environment)
        let client = try #require(await run.serviceClient(), run.transcript)
        return (run, client)
    }

    // MARK: - Probes

    @Test func readinessBeforeAndAfterTheFirstScanAndWhileTheClusterIsUnreachable() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        // The first node list takes 15 s: the service listens, and answers, before its first scan ends.
        _ = try await server.addFault(.init(pathPrefix: "/api/v1/nodes", count: 1, delay: 15))
        let fixture = try WatcherFixture()
        let (run, client) = try await start(fixture, kubeconfig: server.kubeconfigPath)
        defer { _ = run.wait(timeout: 0) }

        let early = try await client.get("/readyz")
        #expect(early.status == 503, run.transcript)
        #expect(early.object["message"] as? String == "no scan has completed yet")
        #expect(try await client.get("/healthz").status == 200)
        #expect(try await client.get("/api/v1/capacity").status == 503)
        #expect(run.summaries.isEmpty, "the first scan was still waiting for its node list (else the above says nothing)")

        try #require(await run.waitForScans(1, matching: breach.summaryCounts, timeout: 40), run.transcript)
        let ready = try await client.get("/readyz")
        #expect(ready.status == 200, run.transcript)
        #expect(ready.object["status"] as? String == "ready")

        // The API server fails every node list: once a scan has failed, the service is not ready, but alive.
        _ = try await server.addFault(.init(pathPrefix: "/api/v1/nodes", status: 503, count: -1, retryAfter: 0))
        let mark = run.summaries.count
        try #require(await run.eventually(timeout: 60) {
            run.summaries.dropFirst(mark).contains { $0.hasPrefix("scan failed") }
        }, run.transcript)
        let unreachable = try await client.get("/readyz")
        #expect(unreachable.status == 503)
        let reason = unreachable.object["message"] as? String ?? ""
        #expect(reason.hasPrefix("the cluster is unreachable: "), "\(reason)")
        #expect(reason.contains("503"), "\(reason)")
        #expect(try await client.get("/healthz").status == 200)
        let status = try await client.get("/service/status").object
        #expect(status["ready"] as? Bool == false)
        // The last good report is still served while the cluster is away.
        #expect(try await client.get("/api/v1/capacity").status == 200)

        try await server.clearFaults()
        let failed = run.summaries.count
        try #require(await run.waitForScans(1, matching: "scan ok", after: failed, timeout: 60), run.transcript)
        #expect(try await client.get("/readyz").status == 200)
        #expect(await run.terminate().exitCode == 0, run.transcript)
    }

    // MARK: - /metrics

    @Test func metricsParseAndEqualScanOfTheSameCluster() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let started = Date()
        let (run, client) = try await start(fixture, kubeconfig: server.kubeconfigPath)
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1, matching: breach.summaryCounts), run.transcript)
        try #require(await run.eventually(timeout: 10) { run.standardError.contains("notification delivered") }, run.transcript)

        let reply = try await client.get("/metrics")
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let metrics = try await PrometheusText(parsing: reply.text)
        let scan = try scanJSON(fixture, [])
        let nodes = scan["nodes"] as? [[String: Any]] ?? []
        try #require(nodes.count == 3)
        for node in nodes {
            let name = node["name"] as? String ?? ""
            for (resource, unit) in [("cpu", 1000.0), ("memory", 1.0)] {
                let figures = node[resource] as? [String: Any] ?? [:]
                let labels = ["node": name, "resource": resource]
                for field in ["capacity", "allocatable", "requests", "limits"] {
                    let metric = try #require(metrics.value("kubecapwatch_node_\(field)", labels), "\(field) \(labels)")
                    #expect((metric * unit).rounded() == Double(figures[field] as? Int ?? -1), "\(field) \(labels)")
                }
                for (field, percent) in [("requests", "requestsPercent"), ("limits", "limitsPercent")] {
                    let ratio = try #require(metrics.value("kubecapwatch_node_\(field)_ratio", labels))
                    #expect((ratio * 10_000).rounded() / 100 == figures[percent] as? Double, "\(field) ratio \(labels)")
                }
            }
            let pods = (node["pods"] as? [String: Any])?["count"] as? Int
            #expect(metrics.value("kubecapwatch_node_pods", ["node": name]) == pods.map(Double.init))
        }
        #expect(metrics.families["kubecapwatch_scans"] == "counter")
        #expect(metrics.families["kubecapwatch_scan_duration_seconds"] == "histogram")
        #expect((metrics.value("kubecapwatch_scans_total", ["result": "success"]) ?? 0) >= 1)
        #expect(metrics.value("kubecapwatch_scans_total", ["result": "failure"]) == 0)
        #expect((metrics.value("kubecapwatch_scan_duration_seconds_count") ?? 0) >= 1)
        #expect((metrics.value("kubecapwatch_api_requests_total", ["verb": "LIST", "code": "200"]) ?? 0) >= 2)
        #expect(metrics.value("kubecapwatch_alerts_open", ["measure": "cpu_requests", "scope": "node"]) == 1)
        #expect(metrics.value("kubecapwatch_alerts_open", ["measure": "memory_limits", "scope": "pod"]) == 0)
        #expect((metrics.value("kubecapwatch_notifications_total", ["notifier": "console", "result": "delivered"]) ?? 0) >= 1)
        #expect(metrics.value("kubecapwatch_notifications_total", ["notifier": "console", "result": "failed"]) == 0)
        #expect(metrics.value("kubecapwatch_outbox_depth", ["notifier": "console"]) != nil)
        #expect(metrics.value("kubecapwatch_watch_events_total", ["resource": "pods"]) == 0)
        #expect(metrics.value("kubecapwatch_watch_relists_total", ["resource": "nodes"]) == 0)
        #expect(metrics.value("kubecapwatch_build_info", ["version": "0.1.0"]) == 1)
        let last = try #require(metrics.value("kubecapwatch_last_successful_scan_timestamp_seconds"))
        #expect(last >= started.timeIntervalSince1970.rounded(.down) && last <= Date().timeIntervalSince1970)
        #expect(metrics.all("kubecapwatch_pod_requests").isEmpty, "no per-pod series unless pod_metrics = on")

        // node-a is deleted: its series leave /metrics.
        let deleted = E2ECluster.nodeADeleted
        let mark = run.summaries.count
        try await server.replaceSnapshot(deleted.json)
        try #require(await run.waitForScans(1, matching: deleted.summaryCounts, after: mark), run.transcript)
        let after = try await PrometheusText(parsing: try await client.get("/metrics").text)
        #expect(!after.samples.contains { $0.labels["node"] == "node-a" })
        #expect(after.value("kubecapwatch_node_allocatable", ["node": "node-b", "resource": "cpu"]) == 4)
        #expect(await run.terminate().exitCode == 0, run.transcript)
    }

    @Test func podMetricsOnlyWhenAskedFor() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let (run, client) = try await start(fixture, kubeconfig: server.kubeconfigPath, changes: ["namespace": "shop"],
                                            http: ["pod_metrics = on"])
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1, matching: breach.summaryCounts), run.transcript)
        let metrics = try await PrometheusText(parsing: try await client.get("/metrics").text)
        let pods = Set(metrics.all("kubecapwatch_pod_requests").map { "\($0.labels["namespace"] ?? "")/\($0.labels["pod"] ?? "")" })
        #expect(pods == ["shop/api", "shop/db", "shop/batch"], "the pods of the watched namespace")
        #expect(metrics.value("kubecapwatch_pod_requests", ["namespace": "shop", "pod": "batch", "node": "node-a",
                                                             "resource": "cpu"]) == 3.1)
        #expect(metrics.value("kubecapwatch_pod_limits", ["namespace": "shop", "pod": "api", "node": "node-a",
                                                           "resource": "memory"]) == 268_435_456)
        #expect(await run.terminate().exitCode == 0, run.transcript)
    }

    // MARK: - /api/v1/capacity

    @Test func capacityEqualsScanForEachFilterAndFormat() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let (run, client) = try await start(fixture, kubeconfig: server.kubeconfigPath, changes: ["namespace": "ops"])
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1, matching: breach.summaryCounts), run.transcript)

        // (query, the same filters as scan flags); no parameter: the configuration's values, as for scan.
        let filters: [(String, [String])] = [
            ("", []),
            ("scope=all", ["--scope", "all"]),
            ("scope=pod&namespace=shop", ["--scope", "pod", "--namespace", "shop"]),
            ("scope=all&namespace=", ["--scope", "all", "--namespace", ""]),
            ("report_type=cpu&sort=cpu-requests-percent", ["--report-type", "cpu", "--sort", "cpu-requests-percent"]),
            ("node_selector=kubernetes.io/hostname%20in%20(node-a,node-c)&scope=all&namespace=shop,ops",
             ["--node-selector", "kubernetes.io/hostname in (node-a,node-c)", "--scope", "all", "--namespace", "shop,ops"]),
            ("node_selector=kubernetes.io/hostname%3Dnode-b&report_type=memory&sort=memory-limits",
             ["--node-selector", "kubernetes.io/hostname=node-b", "--report-type", "memory", "--sort", "memory-limits"]),
        ]
        for (query, flags) in filters {
            for format in ["json", "csv", "pykles"] {
                let separator = query.isEmpty ? "" : "&"
                let reply = try await client.get("/api/v1/capacity?\(query)\(separator)format=\(format)")
                #expect(reply.status == 200, "\(query) \(format): \(reply.text)")
                let scan = try BuiltBinary.run(["scan", "--config", fixture.configPath, "--output", format] + flags,
                                               environment: WatcherFixture.environment())
                #expect(scan.exitCode == 0, "\(scan.standardError)")
                #expect(Self.withoutGeneratedAt(reply.text) == Self.withoutGeneratedAt(scan.standardOutput),
                        "\(query) \(format)")
                #expect(reply.header("Content-Type") == (format == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8"))
            }
        }
        // The report of the last scan, made then: its generatedAt is the scan's, not the request's.
        let generatedAt = try await client.get("/api/v1/capacity").object["generatedAt"] as? String
        #expect(generatedAt != nil)

        let bad = try await client.get("/api/v1/capacity?node_selector=role%20in%20(")
        #expect(bad.status == 400)
        #expect((bad.object["message"] as? String)?.hasPrefix("node_selector: ") == true, "\(bad.text)")
        #expect(try await client.get("/api/v1/capacity?sort=bogus").status == 400)
        #expect(try await client.get("/api/v1/capacity?format=table").status == 400)
        #expect(try await client.get("/api/v1/capacity?scope=all&scope=pod").status == 400)
        #expect(await run.terminate().exitCode == 0, run.transcript)
    }

    @Test func pyklesShapeFieldByField() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let (run, client) = try await start(fixture, kubeconfig: server.kubeconfigPath)
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1, matching: breach.summaryCounts), run.transcript)

        let pykles = try await client.get("/api/v1/capacity?format=pykles").object
        #expect(Set(pykles.keys) == ["Nodes"])
        let report = try scanJSON(fixture, [])
        let byName = Dictionary(uniqueKeysWithValues: (report["nodes"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0) })
        let rows = pykles["Nodes"] as? [[String: Any]] ?? []
        #expect(rows.map { $0["NodeName"] as? String ?? "" } == ["node-a", "node-b", "node-c"])
        for row in rows {
            #expect(Set(row.keys) == ["NodeName", "CPU", "RAM"])
            let node = try #require(byName[row["NodeName"] as? String ?? ""])
            for (key, resource) in [("CPU", "cpu"), ("RAM", "memory")] {
                let shape = row[key] as? [String: Any] ?? [:]
                let figures = node[resource] as? [String: Any] ?? [:]
                #expect(Set(shape.keys) == ["Capacity", "Allocatable", "Requests", "Limits"])
                #expect(shape["Capacity"] as? Int == figures["capacity"] as? Int)
                #expect(shape["Allocatable"] as? Int == figures["allocatable"] as? Int)
                for (field, lower) in [("Requests", "requests"), ("Limits", "limits")] {
                    let part = shape[field] as? [String: Any] ?? [:]
                    #expect(Set(part.keys) == ["InstrumentedValue", "Percent"])
                    #expect(part["InstrumentedValue"] as? Double == (figures[lower] as? Int).map(Double.init))
                    #expect(part["Percent"] as? Double == figures["\(lower)Percent"] as? Double)
                }
            }
        }
        #expect(await run.terminate().exitCode == 0, run.transcript)
    }

    // MARK: - /api/v1/alerts

    @Test func alertsListedMatchTheConsoleNotifications() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let (run, client) = try await start(fixture, kubeconfig: server.kubeconfigPath,
                                            changes: ["scope": "all", "cpu_request_threshold": "30"])
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1, matching: breach.summaryCounts), run.transcript)
        // The first scan's notification, every line of it, has gone out.
        try #require(await run.eventually(timeout: 10) { run.standardError.contains("notification delivered") }, run.transcript)

        // FIRING lines: `FIRING node/node-a cpu_requests 90.00% > 30% (3600m of 4000m allocatable) cluster=e2e for _`.
        let firing = run.consoleLines.filter { $0.hasPrefix("FIRING ") }.map { line -> [String] in
            Array(line.split(separator: " ").prefix(7).map(String.init))
        }
        let document = try await client.get("/api/v1/alerts").object
        #expect(document["kind"] as? String == "AlertList")
        let alerts = document["alerts"] as? [[String: Any]] ?? []
        #expect(Set(alerts.map { "\($0["object"] as? String ?? "") \($0["measure"] as? String ?? "")" })
                == Set(firing.map { "\($0[1]) \($0[2])" }), run.transcript)
        #expect(firing.count == 2, "node-a at 90 %, shop/batch at 77.5 % of node-a: \(run.consoleLines)")
        for line in firing {
            let alert = try #require(alerts.first { $0["object"] as? String == line[1] })
            #expect(String(format: "%.2f%%", alert["percent"] as? Double ?? -1) == line[3])
            #expect("\(Int(alert["threshold"] as? Double ?? -1))%" == line[5])
            #expect("(\(alert["valueText"] as? String ?? "")" == line[6])
            #expect(alert["since"] as? String != nil)
            #expect(alert["lastNotified"] as? String == alert["since"] as? String, "notified once, at the FIRING")
            let breached = alert["breachedScans"] as? Int ?? 0
            #expect(alert["nextReminderInScans"] as? Int == 2 - (breached - 1) % 2, "reminder_count 2")
        }
        let status = try await client.get("/service/status").object
        #expect((status["openAlerts"] as? [[String: Any]])?.count == alerts.count)
        #expect(await run.terminate().exitCode == 0, run.transcript)
    }

    // MARK: - KubeCapWatch's control endpoints

    @Test func pauseAndResumeNeedTheTokenAndHoldScansUntilResumed() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()

        // Without a token file the control endpoints refuse, saying how to enable them.
        var (run, client) = try await start(fixture, kubeconfig: server.kubeconfigPath)
        try #require(await run.waitForScans(1), run.transcript)
        let refused = try await client.send("POST", "/service/stop")
        #expect(refused.status == 403)
        #expect((refused.object["message"] as? String)?.contains("[http] token_file") == true)
        #expect((try await client.get("/service/status")).object["state"] as? String == "running")
        #expect(await run.terminate().exitCode == 0, run.transcript)

        let token = "kcw-test-\(UUID().uuidString)"
        let tokenFile = try fixture.writeFile("control-token", token + "\n")
        (run, client) = try await start(fixture, kubeconfig: server.kubeconfigPath, changes: ["log_level": "debug"],
                                        http: ["token_file = \(tokenFile)"])
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1), run.transcript)
        let missing = try await client.send("POST", "/service/stop")
        #expect(missing.status == 401)
        #expect(missing.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(try await client.send("POST", "/service/stop", headers: ["Authorization": "Bearer wrong"]).status == 401)
        #expect(try await client.send("POST", "/service/stop", headers: ["Authorization": "Bearer \(token)x"]).status == 401)
        #expect(try await client.send("DELETE", "/service/stop", headers: ["Authorization": "Bearer \(token)"]).status == 405)
        #expect((try await client.get("/service/status")).object["state"] as? String == "running")

        let stop = try await client.send("POST", "/service/stop", headers: ["Authorization": "Bearer \(token)"])
        #expect(stop.status == 200)
        #expect(stop.object["data"] as? String == "KubeCapWatch service is stopped!")
        let scansAtPause = run.summaries.count
        // Paused cycles say so in the debug log: two of them, and no scan in between.
        try #require(await run.eventually(timeout: 20) { Self.count("paused: no scan", in: run.standardError) >= 2 }, run.transcript)
        #expect(run.summaries.count <= scansAtPause + 1, "at most the scan under way when the pause came")
        let status = try await client.get("/service/status").object
        #expect(status["state"] as? String == "paused")
        #expect(status["data"] as? String == "KubeCapWatch service is 'stopped'!")
        let statusCommand = try BuiltBinary.run(["status", "--url", client.base], environment: WatcherFixture.environment())
        #expect(statusCommand.exitCode == 3, "\(statusCommand.standardOutput)\(statusCommand.standardError)")
        #expect(statusCommand.standardOutput.contains(": paused, cluster e2e"), "\(statusCommand.standardOutput)")
        #expect(try await client.send("GET", "/service/stop", headers: ["Authorization": "Bearer \(token)"]).object["data"]
                as? String == "KubeCapWatch service is already stopped!")

        // A reload keeps the pause.
        run.signal(SIGHUP)
        try #require(await run.eventually(timeout: 20) { run.standardError.contains("configuration reloaded") }, run.transcript)
        #expect((try await client.get("/service/status")).object["state"] as? String == "paused")
        let pausedScans = run.summaries.count

        // KubeCapWatch clients resume with a GET.
        let start = try await client.get("/service/start", headers: ["Authorization": "Bearer \(token)"])
        #expect(start.object["data"] as? String == "KubeCapWatch service is started!")
        try #require(await run.waitForScans(1, after: pausedScans, timeout: 20), run.transcript)
        let running = try BuiltBinary.run(["status", "--url", client.base + "/"], environment: WatcherFixture.environment())
        #expect(running.exitCode == 0, "\(running.standardOutput)\(running.standardError)")
        #expect(await run.terminate().exitCode == 0, run.transcript)
        #expect(!run.standardError.contains(token) && !run.standardOutput.contains(token), "the token is never logged")
    }

    @Test func statusCommandOfAServiceThatIsNotThere() throws {
        // Port 1: nothing listens there.
        let result = try BuiltBinary.run(["status", "--url", "http://127.0.0.1:1"], environment: WatcherFixture.environment())
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("kubecapwatch is not reachable at http://127.0.0.1:1"), "\(result.standardError)")
    }

    // MARK: - Hostile clients

    @Test func hostileClientsDoNotStopScansOrTheService() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let (run, client) = try await start(fixture, kubeconfig: server.kubeconfigPath)
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1), run.transcript)
        let port = try #require(URLComponents(string: client.base)?.port)

        // A 10 MB header: refused with 400 and the connection closed (what the kernel's buffers took is never read).
        let huge = try #require(RawConnection(port: port))
        huge.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ")
        var sent = 0
        while sent < 10 << 20, huge.send([UInt8](repeating: UInt8(ascii: "a"), count: 65_536)) { sent += 65_536 }
        let refused = await huge.readUntilClosed(timeout: 30)
        #expect(refused.text.hasPrefix("HTTP/1.1 400"), "\(refused.text)")
        #expect(refused.closed)

        // A slow client that never finishes its request is let go.
        let slow = try #require(RawConnection(port: port))
        slow.send("GET /healthz HTTP/1.1\r\nHost: x\r\n")
        let dropped = await slow.readUntilClosed(timeout: 60)
        #expect(dropped.closed && dropped.text.isEmpty, "\(dropped.text)")

        // Hundreds of idle connections: the service stops accepting at its limit, scans go on.
        var idle: [RawConnection] = []
        // (Past the limit and the backlog the kernel stops answering: the first connect that times out ends the flood.)
        for _ in 0..<300 {
            guard let connection = RawConnection(port: port, timeout: 1) else { break }
            idle.append(connection)
        }
        #expect(idle.count >= 64, "\(idle.count) connections")
        let mark = run.summaries.count
        #expect(await run.waitForScans(3, matching: "scan ok", after: mark, timeout: 30), run.transcript)
        idle.removeAll()
        // Once they are gone the service answers again.
        #expect(try await client.get("/healthz").status == 200)
        #expect(await run.terminate().exitCode == 0, run.transcript)
    }

    // MARK: - Start, bounds of the configuration

    @Test func aBusyPortStopsRunBeforeItScans() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let first = try WatcherFixture()
        let (run, client) = try await start(first, kubeconfig: server.kubeconfigPath)
        defer { _ = run.wait(timeout: 0) }
        let port = try #require(URLComponents(string: client.base)?.port)
        try #require(await run.waitForScans(1), run.transcript)

        let second = try WatcherFixture()
        try second.writeConfig(second.configText(kubeconfig: server.kubeconfigPath, http: ["listen = 127.0.0.1:\(port)"]))
        try await server.clearRequests()
        let refused = try BuiltBinary.run(["run", "--config", second.configPath], environment: WatcherFixture.environment(),
                                          timeout: 60)
        #expect(refused.exitCode == 1, "\(refused.standardError)")
        #expect(refused.standardError.contains("error: cannot listen on 127.0.0.1:\(port) ([http] listen): Address already in use"),
                "\(refused.standardError)")
        #expect(!refused.standardError.contains("scan ok"), "no scan before the service listens")
        #expect(!FileManager.default.fileExists(atPath: second.statePath), "no state written")
        #expect(await run.terminate().exitCode == 0, run.transcript)
    }

    @Test func runOnceHasNoHTTPService() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        // A port this test holds: `run --once` must not even try it.
        let holder = try #require(ListeningSocket())
        let fixture = try WatcherFixture()
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath, http: ["listen = 127.0.0.1:\(holder.port)"]))
        let once = try fixture.start(["--once"])
        let result = await once.exit(timeout: 60)
        #expect(result.exitCode == 0, once.transcript)
        #expect(!result.standardError.contains("HTTP service"), once.transcript)
        #expect(once.summaries.count == 1)
    }

    @Test func listenIsCheckedByCheckConfigAndRunAlike() throws {
        let fixture = try WatcherFixture()
        let kubeconfig = try fixture.offlineKubeconfig()
        for (http, message) in [
            (["listen = 9798"], "listen: expected off, or an IP address and port such as 127.0.0.1:9798 or [::1]:9798, got \"9798\""),
            (["token_file = \(fixture.folder.path)/missing-token"], "token_file: cannot read \(fixture.folder.path)/missing-token"),
        ] {
            try fixture.writeConfig(fixture.configText(kubeconfig: kubeconfig, http: http))
            let line = fixture.configText(kubeconfig: kubeconfig, http: http).split(separator: "\n", omittingEmptySubsequences: false)
                .firstIndex { $0 == Substring(http[0]) }.map { $0 + 1 } ?? 0
            for command in [["check-config"], ["run"]] {
                let result = try BuiltBinary.run(command + ["--config", fixture.configPath], environment: WatcherFixture.environment())
                #expect(result.exitCode == 78, "\(command) \(result.standardError)")
                #expect(result.standardError.contains("config.ini:\(line): \(message)"), "\(command) \(result.standardError)")
            }
        }
    }

    @Test(.enabled(if: ListeningSocket(host: "::1") != nil, "no IPv6 loopback here"))
    func listensOnIPv6Loopback() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath, http: ["listen = [::1]:0"]))
        let run = try fixture.start()
        defer { _ = run.wait(timeout: 0) }
        let client = try #require(await run.serviceClient(), run.transcript)
        #expect(client.base.hasPrefix("http://[::1]:"))
        try #require(await run.waitForScans(1), run.transcript)
        // Foundation's URL loading on Linux refuses IPv6 literals; `status` (libcurl) does not.
        let status = try BuiltBinary.run(["status", "--url", client.base], environment: WatcherFixture.environment())
        #expect(status.exitCode == 0, "\(status.standardOutput)\(status.standardError)")
        #expect(status.standardOutput.hasPrefix("kubecapwatch 0.1.0 at \(client.base): running, cluster e2e"), "\(status.standardOutput)")
        #expect(await run.terminate().exitCode == 0, run.transcript)
    }

    // MARK: - /api/v1/graph

    @Test func graphEqualsTheGraphCommandAndSVGNeedsGraphviz() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        // No Graphviz on this PATH: svg is answered 503, the other formats need nothing.
        let (run, client) = try await start(fixture, kubeconfig: server.kubeconfigPath, environment: ["PATH": "/nonexistent"])
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1), run.transcript)

        for (query, flags) in [("", [String]()), ("kinds=all&nodes=true&all_pods=true", ["--kinds", "all", "--nodes", "--all-pods"]),
                               ("format=dot&namespace=shop", ["--format", "dot", "--namespace", "shop"]),
                               ("format=mermaid&focus=pod/shop/api&depth=2", ["--format", "mermaid", "--focus", "pod/shop/api", "--depth", "2"])] {
            let reply = try await client.get("/api/v1/graph?\(query)")
            #expect(reply.status == 200, "\(query): \(reply.text)")
            let graph = try BuiltBinary.run(["graph", "--kubeconfig", server.kubeconfigPath] + flags, environment: WatcherFixture.environment())
            #expect(graph.exitCode == 0, "\(graph.standardError)")
            #expect(Self.withoutTimes(reply.text) == Self.withoutTimes(graph.standardOutput), "\(query)")
        }
        let svg = try await client.get("/api/v1/graph?format=svg")
        #expect(svg.status == 503)
        #expect((svg.object["message"] as? String)?.contains("Graphviz's dot was not found") == true, "\(svg.text)")
        let missing = try await client.get("/api/v1/graph?focus=pod/shop/nothing")
        #expect(missing.status == 404)
        #expect(try await client.get("/api/v1/graph?focus=nonsense").status == 400)
        #expect(await run.terminate().exitCode == 0, run.transcript)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dot"), "Graphviz is not installed"))
    func svgIsDrawnByGraphviz() async throws {
        let server = try await TestAPIServer.start(snapshot: breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let (run, client) = try await start(fixture, kubeconfig: server.kubeconfigPath, environment: ["PATH": "/usr/bin:/bin"])
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1), run.transcript)
        let svg = try await client.get("/api/v1/graph?format=svg&kinds=all&focus=pod/shop/api")
        #expect(svg.status == 200, "\(svg.text)")
        #expect(svg.header("Content-Type") == "image/svg+xml")
        #expect(svg.text.contains("<svg "))
        // The focus pod's namespace is drawn as a cluster box.
        #expect(svg.text.contains("namespace shop"), "\(svg.text)")
        #expect(await run.terminate().exitCode == 0, run.transcript)
    }

    // MARK: - Helpers

    func scanJSON(_ fixture: WatcherFixture, _ flags: [String]) throws -> [String: Any] {
        let scan = try BuiltBinary.run(["scan", "--config", fixture.configPath, "--output", "json"] + flags,
                                       environment: WatcherFixture.environment())
        guard scan.exitCode == 0, let object = try JSONSerialization.jsonObject(with: Data(scan.standardOutput.utf8)) as? [String: Any]
        else { throw ServerProcessError("scan failed: \(scan.standardError)") }
        return object
    }

    /// The document without its `generatedAt` line (the time of the scan or read that made it).
    static func withoutGeneratedAt(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("\"generatedAt\"") && !$0.contains("\"generatedAt\" :") }.joined(separator: "\n")
    }

    /// The document with every RFC 3339 time blanked (graphs name the time of their read in comments too).
    static func withoutTimes(_ text: String) -> String {
        text.replacing(/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/, with: "_")
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
