import Alerting
import Foundation
import Notifiers
import Testing

@Suite struct ConsoleNotifierTests {
    private func render(_ notification: AlertNotification, _ configuration: ConsoleNotifier.Configuration = .init(),
                        isTerminal: Bool = false) async throws -> [String] {
        let lines = Lines()
        let console = ConsoleNotifier(configuration: configuration, isTerminal: isTerminal,
                                      write: { lines.append($0) })
        try await console.deliver(notification)
        return lines.all
    }

    @Test func textLinePerAlert() async throws {
        let lines = try await render(Fixtures.mixed)
        #expect(lines == [
            "FIRING node/node-a cpu_requests 91.25% > 80% (3650m of 4000m allocatable) cluster=prod for 15m",
            "FIRING node/node-b memory_limits 93.75% > 80% (15Gi of 16Gi allocatable) cluster=prod for 15m",
            "REMINDER node/node-c cpu_requests 91.25% > 80% (3650m of 4000m allocatable) cluster=prod for 2h5m reminder=2",
            "RESOLVED node/node-d cpu_requests 75.00% <= 80% (3000m of 4000m allocatable) cluster=prod after 45m",
        ])
    }

    /// `>` or `<=` is the evaluator's exact decision: a resolved 7m of 100m against 7 is not "7.00% > 7%", though
    /// 7.000000000000001 > 7 in Double.
    @Test func relationIsTheExactDecision() async throws {
        let resolved = Fixtures.nodeAlert("node-e", state: .resolved, value: 7, allocatable: 100, threshold: 7)
        let lines = try await render(AlertNotification(cluster: "prod", createdAt: Fixtures.scanTime, resolved: [resolved]))
        #expect(lines == ["RESOLVED node/node-e cpu_requests 7.00% <= 7% (7m of 100m allocatable) cluster=prod after 15m"])
    }

    @Test func clusterUnreachableAndPodLines() async throws {
        let unreachable = Alert(key: .clusterUnreachable("prod"), state: .firing, figures: nil,
                                firingSince: Fixtures.scanTime.addingTimeInterval(-180),
                                detail: "3 scans failed: connection refused")
        var pod = Fixtures.nodeAlert("x", state: .resolved)
        pod.key.object = .pod(namespace: "shop", name: "api-7d9")
        pod.figures = nil
        pod.detail = "pod deleted"
        let lines = try await render(AlertNotification(cluster: "prod", createdAt: Fixtures.scanTime,
                                                       firing: [unreachable], resolved: [pod]))
        #expect(lines == [
            "FIRING cluster cluster_unreachable cluster=prod for 3m: 3 scans failed: connection refused",
            "RESOLVED pod/shop/api-7d9 cpu_requests cluster=prod after 15m: pod deleted",
        ])
    }

    @Test func controlCharactersCannotSplitALine() async throws {
        var alert = Fixtures.nodeAlert("node-a")
        alert.detail = "evil\nFIRING node/fake\u{1B}[2J"
        let lines = try await render(AlertNotification(cluster: "prod", createdAt: Fixtures.scanTime, firing: [alert]))
        #expect(lines.count == 1)
        #expect(!lines[0].contains("\n") && !lines[0].contains("\u{1B}"))
    }

    @Test func jsonObjectPerLine() async throws {
        let lines = try await render(Fixtures.mixed, .init(format: .json))
        #expect(lines.count == 4)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["state"] as? String == "firing")
        #expect(first["object"] as? String == "node/node-a")
        #expect(first["kind"] as? String == "node")
        #expect(first["measure"] as? String == "cpu_requests")
        #expect(first["value"] as? Int == 3650)
        #expect(first["allocatable"] as? Int == 4000)
        #expect(first["percent"] as? Double == 91.25)
        #expect(first["threshold"] as? Double == 80)
        #expect(first["durationSeconds"] as? Int == 900)
        #expect(first["cluster"] as? String == "prod")
        #expect(first["notification"] as? String == Fixtures.mixed.id)
        for line in lines { #expect(!line.contains("\n")) }
    }

    @Test func colourOnlyWhenAskedOrOnATerminal() async throws {
        let plain = try await render(Fixtures.mixed, .init(colour: .auto), isTerminal: false)
        #expect(plain.allSatisfy { !$0.contains("\u{1B}[") })
        let forced = try await render(Fixtures.mixed, .init(colour: .always))
        #expect(forced[0].hasPrefix("\u{1B}[31mFIRING"))
        #expect(forced[3].hasPrefix("\u{1B}[32mRESOLVED"))
        let never = try await render(Fixtures.mixed, .init(colour: .never), isTerminal: true)
        #expect(never.allSatisfy { !$0.contains("\u{1B}[") })
    }

    @Test func testNotificationsAreMarked() async throws {
        let lines = try await render(AlertNotification.test(cluster: "prod", at: Fixtures.scanTime))
        #expect(lines.count == 1)
        #expect(lines[0].hasPrefix("TEST FIRING node/kubecapwatch-test-node"))
    }
}
