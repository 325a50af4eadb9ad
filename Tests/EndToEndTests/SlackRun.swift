import Foundation
import TestSupport

/// What a run of the watcher against Slack needs: the test API server serving a cluster, the Slack-like receiver
/// answering as scripted, and a fixture whose config sends to it, the webhook URL in a file (never inline).
struct SlackRun {
    let server: TestAPIServer
    let slack: SlackTestReceiver
    let fixture: WatcherFixture
    /// `webhook_url_file`; written only when the run was started with the webhook present.
    let webhookFile: String

    /// Starts both servers and writes the config: `notifiers` and `changes` in `[general]`, `[slack]` then `extra`.
    /// Stop ``server`` when done.
    static func start(cluster: E2ECluster = .breach, answer: String = "ok", notifiers: String,
                      changes: [String: String] = [:], webhookPresent: Bool = true, extra: String = "") async throws -> SlackRun {
        async let startedServer = TestAPIServer.start(snapshot: cluster.json)
        async let startedSlack = SlackTestReceiver()
        let server = try await startedServer
        let slack = try await startedSlack
        try slack.script([], default: answer)
        let fixture = try WatcherFixture()
        let webhookFile = fixture.folder.appendingPathComponent("slack-webhook").path
        if webhookPresent { _ = try fixture.writeFile("slack-webhook", slack.webhookURL()) }
        try fixture.writeConfig(fixture.configText(
            kubeconfig: server.kubeconfigPath, changes: changes.merging(["notifiers": notifiers]) { $1 },
            extra: "[slack]\nwebhook_url_file = \(webhookFile)\nca_file = \(slack.caFile)\n" + extra))
        return SlackRun(server: server, slack: slack, fixture: fixture, webhookFile: webhookFile)
    }
}
