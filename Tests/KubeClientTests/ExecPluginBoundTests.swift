import Foundation
@testable import KubeClient
import Testing
import TestSupport

/// Exec credential plugins that misbehave — never exit, ignore SIGTERM, leave a child holding the pipe — are
/// stopped within their bound, reported as credential errors, and leave no process behind.
///
/// Every plugin writes the pids it starts into the test folder, so the tests check by pid and process group that
/// nothing survives.
@Suite("Exec plugins are bounded")
struct ExecPluginBoundTests {
    /// Prints a valid credential.
    static let credential = #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t0k"}}"#

    func provider(_ folder: TempFolder, script: String, timeout: Duration = .seconds(1)) throws -> ExecCredentialProvider {
        let path = try folder.write("plugin", "#!/bin/sh\n" + script, executable: true)
        let config = ExecPluginConfig(apiVersion: "client.authentication.k8s.io/v1", command: path, interactiveMode: .never)
        return ExecCredentialProvider(config: config, owner: "user entry \"u\" of context \"t\"", timeout: timeout)
    }

    /// The pids a plugin recorded in `name`, one a line.
    func recordedPIDs(_ folder: TempFolder, _ name: String = "pids") -> [pid_t] {
        (folder.read(name) ?? "").split(whereSeparator: \.isNewline).compactMap { pid_t($0) }
    }

    func credentialError(_ provider: ExecCredentialProvider) async -> CredentialError? {
        await #expect(throws: CredentialError.self) { _ = try await provider.credentials() }
    }

    /// Plugins that hang, each worse than the one before, with the processes each starts and its last stderr line.
    static let hangingPlugins: [(name: String, script: String, processes: Int, stderr: String)] = [
        ("never exits", """
            echo $$ >> "$PIDS"
            echo "waiting for the SSO server" >&2
            exec sleep 1000
            """, 1, ": waiting for the SSO server"),
        ("ignores SIGTERM", """
            trap '' TERM
            echo $$ >> "$PIDS"
            while true; do sleep 1; done
            """, 1, ""),
        ("ignores SIGTERM, its child holds the pipe", """
            trap '' TERM
            echo $$ >> "$PIDS"
            sh -c 'trap "" TERM; echo $$ >> "$PIDS"; exec sleep 1000' &
            wait
            """, 2, ""),
    ]

    @Test(arguments: hangingPlugins.indices)
    func hangingPluginIsStoppedAtItsTimeoutLeavingNothingBehind(_ index: Int) async throws {
        let plugin = Self.hangingPlugins[index]
        let folder = try TempFolder()
        let provider = try provider(folder, script: "export PIDS=\"\(folder.path)/pids\"\n" + plugin.script)
        let error = await credentialError(provider)
        #expect(error?.message == "exec plugin \(folder.path)/plugin for user entry \"u\" of context \"t\" did not finish within 1 s and was stopped\(plugin.stderr)",
                "\(plugin.name)")
        let pids = recordedPIDs(folder)
        #expect(pids.count == plugin.processes, "\(plugin.name)")
        #expect(await ProcessTable.waitUntilGone(pids), "\(plugin.name)")
    }

    @Test func childHoldingThePipeAfterTheCredentialDoesNotHoldTheScan() async throws {
        // The plugin prints its credential and exits 0, but a helper it started keeps stdout open: kubectl (Go's
        // exec) would wait for that helper forever. The credential is used, the helper is stopped.
        let folder = try TempFolder()
        let provider = try provider(folder, script: """
            sleep 1000 &
            echo $! >> "\(folder.path)/pids"
            echo '\(Self.credential)'
            """, timeout: .seconds(30))
        let credentials = try await provider.credentials()
        #expect(credentials.authorization == "Bearer t0k")
        let pids = recordedPIDs(folder)
        #expect(pids.count == 1)
        #expect(await ProcessTable.waitUntilGone(pids))
    }

    @Test func pluginStartsWithDefaultSignalsAnEmptyMaskInItsOwnGroup() async throws {
        // The provider runs plugins from a Dispatch worker thread, whose signal mask libdispatch fills; a service
        // also ignores SIGTERM (swift-service-lifecycle). Neither may reach the plugin. An ignored SIGUSR2 in this
        // process stands in for that (SIGTERM itself would change how the test runner can be stopped).
        let previous = signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, previous) }
        let folder = try TempFolder()
        let provider = try provider(folder, script: """
            # Builtins only: a shell that forks blocks every signal until the fork is done, which would show here.
            while IFS= read -r line; do
                case "$line" in SigBlk:*|SigIgn:*) echo "$line" >> "\(folder.path)/signals" ;; esac
            done < /proc/$$/status
            read -r stat < /proc/$$/stat
            set -- $stat
            echo "$$ $5" > "\(folder.path)/group"
            echo '\(Self.credential)'
            """, timeout: .seconds(30))
        _ = try await provider.credentials()
        var masks: [String: UInt64] = [:]
        for line in (folder.read("signals") ?? "").split(separator: "\n") {
            let parts = line.split(separator: ":")
            if parts.count == 2 { masks[String(parts[0])] = UInt64(parts[1].trimmingCharacters(in: .whitespaces), radix: 16) }
        }
        #expect(masks["SigBlk"] == 0, "no signal blocked")
        // Signals 1-31 all at their default; glibc's posix_spawn leaves its own two internal signals (32, 33) ignored.
        #expect(masks["SigIgn"].map { $0 & 0x7fff_ffff } == 0, "no standard signal ignored: \(String(describing: masks))")
        let group = (folder.read("group") ?? "").split(whereSeparator: \.isWhitespace)
        #expect(group.count == 2 && group[0] == group[1], "the plugin leads its own process group: \(group)")
        #expect(getpgrp() != pid_t(group.first ?? "") ?? getpgrp())
    }

    @Test func cancellingTheTaskStopsThePlugin() async throws {
        let folder = try TempFolder()
        let provider = try provider(folder, script: """
            echo $$ >> "\(folder.path)/pids"
            exec sleep 1000
            """, timeout: .seconds(600))
        let task = Task { try await provider.credentials() }
        // Cancel once the plugin runs (it has written its pid).
        while recordedPIDs(folder).isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(await ProcessTable.waitUntilGone(recordedPIDs(folder)))
    }
}
