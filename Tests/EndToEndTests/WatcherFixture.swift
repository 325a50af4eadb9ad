import Foundation
import TestSupport

/// A temporary folder with a `config.ini`, the alert state and the outbox, for runs of `kubecapwatch run`
/// against a test API server; removed when released.
final class WatcherFixture: Sendable {
    let folder: URL
    let configPath: String
    let statePath: String
    let outboxPath: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kcw-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        configPath = folder.appendingPathComponent("config.ini").path
        statePath = folder.appendingPathComponent("state/state.json").path
        outboxPath = folder.appendingPathComponent("state/outbox").path
    }

    deinit {
        if ProcessInfo.processInfo.environment["KUBECAPWATCH_KEEP_TEST_SERVERS"] == nil {
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// The `[general]` settings every run starts from: node scope, a scan a second, CPU requests alerting above
    /// 80 %, CPU limits above 100 %, memory above 90 %, a reminder every 2nd scan of a breach.
    static let general: [(key: String, value: String)] = [
        ("notifiers", "console"),
        ("scope", "node"),
        ("interval", "1s"),
        ("cpu_request_threshold", "80"),
        ("cpu_limit_threshold", "100"),
        ("mem_request_threshold", "90"),
        ("mem_limit_threshold", "90"),
        ("reminder_count", "2"),
        ("unreachable_after", "2"),
    ]

    /// A config.ini for `kubeconfig`: ``general`` with `changes` applied (a new key is appended), then
    /// `[kubernetes]`, `[console]`, `[state]`, `extra` (more sections) and last `[http]` with `http` (by default any
    /// free port, so runs in parallel never compete for one). `[general]` is line 1, so the key at index i of the
    /// general settings is on line i + 2.
    func configText(kubeconfig: String, changes: [String: String] = [:], http: [String] = ["listen = 127.0.0.1:0"],
                    extra: String = "") -> String {
        var general = Self.general
        for (key, value) in changes.sorted(by: { $0.key < $1.key }) {
            if let index = general.firstIndex(where: { $0.key == key }) {
                general[index].value = value
            } else {
                general.append((key, value))
            }
        }
        var lines = ["[general]"] + general.map { "\($0.key) = \($0.value)" }
        lines += ["[kubernetes]", "kubeconfig = \(kubeconfig)", "cluster_name = e2e",
                  "[console]", "colour = never",
                  "[state]", "path = \(statePath)", "outbox_dir = \(outboxPath)"]
        let ending = extra.isEmpty || extra.hasSuffix("\n") ? "" : "\n"
        return lines.joined(separator: "\n") + "\n" + extra + ending + (["[http]"] + http).joined(separator: "\n") + "\n"
    }

    /// A test API server serving `cluster` and a fixture whose config.ini watches it (``general`` with `changes`).
    static func watching(_ cluster: E2ECluster, changes: [String: String] = [:]) async throws
        -> (TestAPIServer, WatcherFixture) {
        let server = try await TestAPIServer.start(snapshot: cluster.json)
        let fixture = try WatcherFixture()
        try fixture.writeConfig(fixture.configText(kubeconfig: server.kubeconfigPath, changes: changes))
        return (server, fixture)
    }

    /// Writes `text` as the config file (atomically, mode 0600, as a reload expects to find it).
    func writeConfig(_ text: String) throws {
        let temporary = folder.appendingPathComponent(".config.ini.tmp")
        try Data(text.utf8).write(to: temporary)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary.path)
        _ = rename(temporary.path, configPath)
    }

    /// Writes a file into the fixture folder (mode 0600) and returns its path.
    func writeFile(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        return url.path
    }

    /// A kubeconfig that loads without contacting anything (its server, port 1, is never asked): what
    /// `check-config` needs to accept a configuration that reads the cluster like kubectl.
    func offlineKubeconfig() throws -> String {
        try writeFile("offline.kubeconfig", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: offline
              cluster:
                server: https://127.0.0.1:1
            contexts:
            - name: offline
              context: {cluster: offline, user: offline}
            current-context: offline
            users:
            - name: offline
              user: {token: offline-token}
            """)
    }

    /// Starts `kubecapwatch run --config <config.ini>` (plus `arguments`) with a clean environment: no systemd
    /// socket or watchdog, no kubeconfig, no colour, unless `environment` adds them.
    func start(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> RunningBinary {
        try BuiltBinary.start(["run", "--config", configPath] + arguments, environment: Self.environment(environment),
                              currentDirectory: folder)
    }

    /// The test process's environment without what would change how kubecapwatch behaves, plus `adding`.
    static func environment(_ adding: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "KUBECONFIG", "CREDENTIALS_DIRECTORY",
                    "STATE_DIRECTORY", "LISTEN_FDS", "LISTEN_PID"] {
            environment[key] = nil
        }
        environment["NO_COLOR"] = "1"
        return environment.merging(adding) { $1 }
    }

    /// The alert state file's open alerts as `node/NAME measure`, `pod/NAMESPACE/NAME measure`, `notifier/NAME measure`
    /// or `cluster measure`, sorted.
    func openAlertsInState() throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: statePath))
        let envelope = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let state = envelope?["state"] as? [String: Any]
        let open = state?["open"] as? [[String: Any]] ?? []
        return open.compactMap { alert -> String? in
            guard let key = alert["key"] as? [String: Any], let measure = key["measure"] as? String else { return nil }
            let object = key["object"] as? [String: Any]
            if let node = object?["node"] as? [String: Any], let name = node["_0"] as? String {
                return "node/\(name) \(measure)"
            }
            if let pod = object?["pod"] as? [String: Any], let namespace = pod["namespace"] as? String,
               let name = pod["name"] as? String {
                return "pod/\(namespace)/\(name) \(measure)"
            }
            if let notifier = object?["notifier"] as? [String: Any], let name = notifier["_0"] as? String {
                return "notifier/\(name) \(measure)"
            }
            return "\(object?.keys.sorted().first ?? "?") \(measure)"
        }.sorted()
    }

    /// Pending outbox files (not the delivered-ids ledger) for `notifier`.
    func outboxEntries(_ notifier: String) -> [String] {
        let folder = URL(fileURLWithPath: outboxPath).appendingPathComponent(notifier)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && $0 != "delivered.json" }.sorted()
    }
}
