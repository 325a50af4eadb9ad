import Foundation
import Persistence
import Testing
@testable import Alerting

/// The tracker's state through the file store the service uses: a restarted watcher goes on where it stopped.
@Suite struct StateAcrossRestartTests {
    typealias F = Fixture

    @Test func savedStateLoadsBackEqual() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var harness = ScanHarness(unreachableAfter: 1)
        try harness.run([.scan([F.node("n1", cpuRequests: 900), F.pod("shop", "api", memoryLimits: 15 * F.gi)]), .fail("timeout")])
        let store = FileAlertStateStore(url: folder.file("nested/dir/state.json"))
        try store.save(harness.tracker.state, now: F.time(ofScan: 2))
        let loaded = store.load(now: F.time(ofScan: 3))
        #expect(loaded.warning == nil)
        #expect(loaded.state == harness.tracker.state)
        #expect(loaded.state.open.count == 3)
        #expect(loaded.state.lastNotification?.id == harness.notifications.last?.id)
    }

    @Test func fileIsVersionedReadableJSONWithoutLeftovers() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var harness = ScanHarness(store: FileAlertStateStore(url: folder.file("state.json")))
        try harness.run(.cpu(900))
        #expect(try folder.names() == ["state.json"])
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.file("state.json"))) as? [String: Any]
        #expect(object?["format"] as? String == "kubecapwatch/alert-state")
        #expect(object?["formatVersion"] as? Int == FileAlertStateStore.formatVersion)
        #expect(object?["savedAt"] as? String == "2026-11-23T10:00:00.000Z")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.file("state.json").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    /// The reference: one uninterrupted run of the script.
    static let restartScript: [ScanStep] = [
        .cpu(900), .cpu(900), .cpu(900), .cpu(900), .cpu(900), .cpu(900), .cpu(900), .cpu(500), .cpu(900),
    ]

    @Test(arguments: 1...8)
    func restartContinuesTheCadenceAndResolves(restartAfter: Int) throws {
        var uninterrupted = ScanHarness(reminderCount: 3)
        try uninterrupted.run(Self.restartScript)
        #expect(uninterrupted.log == [
            "1 FIRING node/n1 cpu_requests", "4 REMINDER #1 node/n1 cpu_requests", "7 REMINDER #2 node/n1 cpu_requests",
            "8 RESOLVED node/n1 cpu_requests", "9 FIRING node/n1 cpu_requests",
        ])

        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = FileAlertStateStore(url: folder.file("state.json"))
        var before = ScanHarness(reminderCount: 3, store: store)
        try before.run(Array(Self.restartScript.prefix(restartAfter)))

        // A new process: nothing in memory, state from disk.
        let loaded = store.load(now: F.time(ofScan: restartAfter + 1))
        #expect(loaded.warning == nil)
        var after = ScanHarness(reminderCount: 3, state: loaded.state, store: store, scansSoFar: restartAfter)
        try after.run(Array(Self.restartScript.dropFirst(restartAfter)))
        #expect(before.log + after.log == uninterrupted.log)
    }
}
