import Foundation
import Testing
import TestSupport

/// `kubecapwatch run` speaking sd_notify to a socket the test holds, as systemd would for `Type=notify` with
/// `WatchdogSec=`: readiness, watchdog pings tied to progress, reload and stop notifications.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"), .serialized, .timeLimit(.minutes(3)))
struct SystemdNotifyEndToEndTests {
    func output(_ run: RunningBinary, _ socket: NotifySocket) -> Comment {
        let messages = socket.messages.map { $0.text.replacingOccurrences(of: "\n", with: " | ") }
        return "notify messages:\n\(messages.joined(separator: "\n"))\nstderr:\n\(run.standardError.suffix(4000))"
    }

    func start(_ server: TestAPIServer, _ fixture: WatcherFixture, watchdogSeconds: Int) throws -> (RunningBinary, NotifySocket) {
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath))
        let socket = try NotifySocket(path: fixture.folder.appendingPathComponent("notify.sock").path)
        let run = try fixture.start(environment: ["NOTIFY_SOCKET": socket.path,
                                                  "WATCHDOG_USEC": "\(watchdogSeconds * 1_000_000)"])
        return (run, socket)
    }

    @Test func readyThenWatchdogPingsReloadingOnSighupAndStoppingOnSigterm() async throws {
        let server = try await TestAPIServer.start(snapshot: E2ECluster.calm.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let (run, socket) = try start(server, fixture, watchdogSeconds: 2)
        defer { _ = run.wait(timeout: 0) }

        // READY=1 first, then (WatchdogSec=2s) a ping about every second, and scan summaries as STATUS=.
        try #require(await socket.waitFor(timeout: 15) { $0.filter { $0.lines.contains("WATCHDOG=1") }.count >= 2 },
                     output(run, socket))
        let first = try #require(socket.messages.first)
        #expect(first.lines.contains("READY=1"), output(run, socket))
        #expect(socket.messages.contains { $0.lines.contains { $0.hasPrefix("STATUS=scan ok: 3 nodes, 3 pods in ") } },
                output(run, socket))

        // SIGHUP (`systemctl reload`): RELOADING=1 with the monotonic time systemd wants, then READY=1 again.
        var mark = socket.messages.count
        run.signal(SIGHUP)
        try #require(await socket.waitFor(timeout: 10) { messages in
            guard let reloading = messages.dropFirst(mark).firstIndex(where: { $0.lines.contains("RELOADING=1") }) else { return false }
            return messages[(reloading + 1)...].contains { $0.lines.contains("READY=1") }
        }, output(run, socket))
        let reloading = try #require(socket.messages.dropFirst(mark).first { $0.lines.contains("RELOADING=1") })
        #expect(reloading.lines.contains { $0.hasPrefix("MONOTONIC_USEC=") && UInt64($0.dropFirst(15)) != nil },
                output(run, socket))
        #expect(run.standardError.contains("configuration reloaded"), output(run, socket))

        // SIGTERM (`systemctl stop`): STOPPING=1, no watchdog ping after it, exit 0.
        mark = socket.messages.count
        let result = await run.terminate()
        #expect(result.exitCode == 0, output(run, socket))
        let afterStop = Array(socket.messages.dropFirst(mark))
        let stopping = try #require(afterStop.firstIndex { $0.lines.contains("STOPPING=1") }, output(run, socket))
        #expect(!afterStop[stopping...].contains { $0.lines.contains("WATCHDOG=1") || $0.lines.contains("READY=1") },
                output(run, socket))
        #expect(socket.messages.filter { $0.lines.contains("STOPPING=1") }.count == 1, output(run, socket))
    }

    @Test func reloadDuringAScanReportsReadyOnlyOnceTheNewConfigIsInForce() async throws {
        let server = try await TestAPIServer.start(snapshot: E2ECluster.breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let (run, socket) = try start(server, fixture, watchdogSeconds: 60)
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1), "\(run.standardError)")

        // SIGHUP while a scan waits 3 s for its pod list: RELOADING=1 at once, READY=1 only after that scan,
        // when the new config is applied (systemd ends `systemctl reload` at READY=1).
        let seen = try await server.requests().last?.seq ?? 0
        try await server.addFault(.delay(3, pathPrefix: "/api/v1/pods", count: 1))
        try #require(try await server.waitForScanInFlight(since: seen), output(run, socket))
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath, changes: ["cpu_request_threshold": "95"]))
        let mark = socket.messages.count
        run.signal(SIGHUP)
        try #require(await socket.waitFor(timeout: 15) { messages in
            guard let reloading = messages.dropFirst(mark).firstIndex(where: { $0.lines.contains("RELOADING=1") }) else { return false }
            return messages[(reloading + 1)...].contains { $0.lines.contains("READY=1") }
        }, output(run, socket))
        let messages = socket.messages
        let reloading = try #require(messages.dropFirst(mark).firstIndex { $0.lines.contains("RELOADING=1") })
        let ready = try #require(messages[(reloading + 1)...].first { $0.lines.contains("READY=1") })
        var slowRequest: TestAPIServer.LoggedRequest?
        for _ in 0..<400 where slowRequest == nil {  // logged once answered
            slowRequest = try await server.requests(since: seen).first { $0.path == "/api/v1/pods" && $0.fault != nil }
            if slowRequest == nil { try await Task.sleep(for: .milliseconds(25)) }
        }
        let slow = try #require(slowRequest, output(run, socket))
        let answered = Date(timeIntervalSince1970: slow.time + slow.durationMs / 1000)
        // (Half a second of slack for the two clocks' reading points; a premature READY=1 is ~2.7 s early.)
        #expect(ready.time >= answered.addingTimeInterval(-0.5), "READY=1 came \(answered.timeIntervalSince(ready.time))s before the scan in progress had its pods")
        #expect(await run.terminate().exitCode == 0, output(run, socket))
        #expect(run.standardError.contains("configuration reloaded from"), output(run, socket))
    }

    @Test func watchdogPingsStopWhileAScanHangsAndResumeAfterIt() async throws {
        let server = try await TestAPIServer.start(snapshot: E2ECluster.calm.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let (run, socket) = try start(server, fixture, watchdogSeconds: 2)
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(1), "\(run.standardError)")
        try #require(await socket.waitFor(timeout: 10) { $0.contains { $0.lines.contains("WATCHDOG=1") } }, output(run, socket))

        // The next scan hangs for 6 s on its pod list, three times WatchdogSec: the pings must stop (systemd would
        // restart a watcher hung like this) and come back once the scan is done. The socket is read every 20 ms.
        try await server.addFault(.delay(6, pathPrefix: "/api/v1/pods", count: 1))
        let scans = run.summaries.count
        try #require(await socket.waitFor(timeout: 15) { _ in
            run.summaries.dropFirst(scans).contains { $0.contains(" in 6.") }
        }, output(run, socket))
        _ = await socket.waitFor(timeout: 2.5) { _ in false }
        let pingTimes = socket.messages.filter { $0.lines.contains("WATCHDOG=1") }.map(\.time)
        let result = await run.terminate()
        #expect(result.exitCode == 0, output(run, socket))
        let gaps = zip(pingTimes.dropFirst(), pingTimes).map { $0.timeIntervalSince($1) }
        let longest = gaps.max() ?? 0
        #expect(longest >= 3, "longest pause between watchdog pings \(longest)s; gaps \(gaps)")
        // Pings resumed after the slow scan: the last one is recent.
        #expect(Date().timeIntervalSince(pingTimes.last ?? .distantPast) < 5, "gaps \(gaps)")
    }

    @Test func unitFileStartsTheServiceWithTypeNotifyAndAWatchdog() throws {
        let unit = ServerProcess.repositoryRoot.appendingPathComponent("systemd/kubecapwatch.service")
        let service = Self.section("Service", of: try String(contentsOf: unit, encoding: .utf8))
        #expect(service["Type"] == ["notify"])
        let watchdog = try #require(service["WatchdogSec"]?.last)
        #expect(!watchdog.isEmpty && watchdog != "0" && watchdog != "infinity", "WatchdogSec=\(watchdog)")
        #expect(service["NotifyAccess"]?.last == "main")
        #expect(service["ExecStart"]?.last?.contains("kubecapwatch run") == true)
        #expect(service["ExecReload"]?.last?.contains("-HUP $MAINPID") == true)
        #expect(service["RestartPreventExitStatus"]?.last?.split(separator: " ").contains("78") == true)
    }

    /// The `KEY=value` assignments of one `[section]` of a systemd unit file; comments and blank lines skipped,
    /// repeated keys in order.
    static func section(_ name: String, of text: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        var current = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast())
                continue
            }
            guard current == name, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            result[key, default: []].append(value)
        }
        return result
    }
}
